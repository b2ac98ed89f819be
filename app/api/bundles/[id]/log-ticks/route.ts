// GET /api/bundles/:id/log-ticks?from=<epoch µs>&bucket=<µs>: log lines per time bucket (errors
// apart), for the ticks on the trace timeline's minimap and ruler.
import { logTickCounts } from '@/db/queries/logs';
import { getDb } from '@/lib/server/db';
import { parsedBundleFor, type BundleRouteContext } from '../access';

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const q = new URL(request.url).searchParams;
  const from = Number(q.get('from'));
  const bucket = Number(q.get('bucket'));
  if (!Number.isFinite(from) || !Number.isFinite(bucket) || bucket < 1) return Response.json({ error: 'from (epoch µs) and bucket (µs, at least 1) are required' }, { status: 400 });
  return Response.json({ ticks: await logTickCounts(getDb(), bundle.id, Math.floor(from), Math.ceil(bucket)) });
}
