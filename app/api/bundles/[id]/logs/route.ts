// GET /api/bundles/:id/logs?level=&q=&from=&to=&offset=&limit=: a page of a bundle's log lines
// (redacted at parse) matching the logs view's filter, with the total that match.
import { z } from 'zod';
import { listLogLines } from '@/db/queries/logs';
import { text, wholeNumber } from '@/lib/http/query';
import { defineRoute } from '@/lib/server/route';
import { parseLogFilter } from '@/lib/trace-view/log-filter';
import { bundleParams, parsedBundle } from '../access';

const logsQuery = z.object({
  level: text(400).optional(),
  q: text(200).optional(),
  from: text(40).optional(),
  to: text(40).optional(),
  offset: wholeNumber(0, 100_000_000).default(0),
  limit: wholeNumber(1, 1000).default(200),
});

export const GET = defineRoute({ permission: 'bundle:contents', params: bundleParams, query: logsQuery }, async ({ db, params, query }) => {
  const bundle = await parsedBundle(db, params.id);
  const f = parseLogFilter({ level: query.level, q: query.q, from: query.from, to: query.to });
  const page = await listLogLines(db, {
    bundleId: bundle.id,
    levels: f.levels,
    text: f.text,
    fromUs: f.fromMs === null ? undefined : Math.floor(f.fromMs * 1000),
    toUs: f.toMs === null ? undefined : Math.ceil(f.toMs * 1000),
  }, { offset: query.offset, limit: query.limit });
  return {
    total: page.total,
    rows: page.rows.map((r) => ({ seq: r.seq, lineNo: r.lineNo, tsUs: r.tsUs, level: r.level, msg: r.msg, attrs: r.attrs, traceId: r.traceId, spanId: r.spanId })),
  };
});
