// GET /api/bundles/:id/critical-path?trace=k: positions on the critical path of the bundle's
// trace k, computed once on the server and cached with the bundle's derived data. The browser
// keeps it (next.config.js: `private, no-cache`) and revalidates it with its entity tag: 304.
import { z } from 'zod';
import { wholeNumber } from '@/lib/http/query';
import { defineRoute } from '@/lib/server/route';
import { criticalPathOf, criticalPathTag } from '@/lib/trace-view/store';
import { ifNoneMatch, notModified } from '@/lib/http/etag';
import { bundleParams, parsedBundle } from '../access';

const criticalPathQuery = z.object({ trace: wholeNumber(0, 1_000_000) });

export const GET = defineRoute({ permission: 'bundle:contents', params: bundleParams, query: criticalPathQuery }, async ({ db, params, query, request }) => {
  const bundle = await parsedBundle(db, params.id);
  const { trace } = query;
  const known = await criticalPathTag(db, bundle.id, trace);
  if (known !== null && ifNoneMatch(request, known)) return notModified(known);
  const positions = await criticalPathOf(db, bundle.id, trace);
  const tag = known ?? (await criticalPathTag(db, bundle.id, trace));
  return Response.json({ trace, positions }, { headers: tag ? { etag: tag } : {} });
});
