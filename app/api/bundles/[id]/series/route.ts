// GET /api/bundles/:id/series?from=&to=&width=: the snapshot charts' data for a time range,
// downsampled on the server to about `width` pixels.
import { z } from 'zod';
import { decimalNumber, wholeNumber } from '@/lib/http/query';
import { defineRoute } from '@/lib/server/route';
import { snapshotView } from '@/lib/trace-view/snapshot-view';
import { bundleParams, parsedBundle } from '../access';

const seriesQuery = z.object({ from: decimalNumber(-1e15, 1e15).optional(), to: decimalNumber(-1e15, 1e15).optional(), width: wholeNumber(1, 10_000).optional() });

export const GET = defineRoute({ permission: 'bundle:contents', params: bundleParams, query: seriesQuery }, async ({ db, params, query }) => {
  const bundle = await parsedBundle(db, params.id);
  return snapshotView(db, bundle.id, query);
});
