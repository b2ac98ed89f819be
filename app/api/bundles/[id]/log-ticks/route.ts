// GET /api/bundles/:id/log-ticks?from=<epoch µs>&bucket=<µs>: log lines per time bucket (errors
// apart), for the ticks on the trace timeline's minimap and ruler.
import { z } from 'zod';
import { logTickCounts } from '@/db/queries/logs';
import { decimalNumber } from '@/lib/http/query';
import { defineRoute } from '@/lib/server/route';
import { bundleParams, parsedBundle } from '../access';

const logTicksQuery = z.object({
  from: decimalNumber(-1e17, 1e17),
  bucket: decimalNumber(1, 1e15),
});

export const GET = defineRoute({ permission: 'bundle:contents', params: bundleParams, query: logTicksQuery }, async ({ db, params, query }) => {
  const bundle = await parsedBundle(db, params.id);
  return { ticks: await logTickCounts(db, bundle.id, Math.floor(query.from), Math.ceil(query.bucket)) };
});
