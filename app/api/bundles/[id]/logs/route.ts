// GET /api/bundles/:id/logs?level=&q=&from=&to=&offset=&limit=: a page of a bundle's log lines
// (redacted at parse) matching the logs view's filter, with the total that match.
import { listLogLines } from '@/db/queries/logs';
import { getDb } from '@/lib/server/db';
import { parseLogFilter } from '@/lib/trace-view/log-filter';
import { parsedBundleFor, type BundleRouteContext } from '../access';

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const q = new URL(request.url).searchParams;
  const offset = Number(q.get('offset') ?? 0);
  const limit = Number(q.get('limit') ?? 200);
  if (!Number.isInteger(offset) || offset < 0) return Response.json({ error: 'offset must be a whole number' }, { status: 400 });
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return Response.json({ error: 'limit must be a whole number from 1 to 1000' }, { status: 400 });
  const f = parseLogFilter(q);
  const page = await listLogLines(getDb(), {
    bundleId: bundle.id,
    levels: f.levels,
    text: f.text,
    fromUs: f.fromMs === null ? undefined : Math.floor(f.fromMs * 1000),
    toUs: f.toMs === null ? undefined : Math.ceil(f.toMs * 1000),
  }, { offset, limit });
  return Response.json({
    total: page.total,
    rows: page.rows.map((r) => ({ seq: r.seq, lineNo: r.lineNo, tsUs: r.tsUs, level: r.level, msg: r.msg, attrs: r.attrs, traceId: r.traceId, spanId: r.spanId })),
  });
}
