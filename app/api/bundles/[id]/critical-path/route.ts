// GET /api/bundles/:id/critical-path?trace=k: positions on the critical path of the bundle's
// trace k, computed once on the server and cached with the bundle's derived data.
import { z } from 'zod';
import { wholeNumber } from '@/lib/http/query';
import { defineRoute } from '@/lib/server/route';
import { criticalPathOf } from '@/lib/trace-view/store';
import { bundleParams, parsedBundle } from '../access';

const criticalPathQuery = z.object({ trace: wholeNumber(0, 1_000_000) });

export const GET = defineRoute({ permission: 'bundle:contents', params: bundleParams, query: criticalPathQuery }, async ({ db, params, query }) => {
  const bundle = await parsedBundle(db, params.id);
  const { trace } = query;
  return Response.json({ trace, positions: await criticalPathOf(db, bundle.id, trace) }, { headers: { 'cache-control': 'private, max-age=3600' } });
});
