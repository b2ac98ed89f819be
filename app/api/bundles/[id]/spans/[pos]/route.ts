// GET /api/bundles/:id/spans/:pos: one span's detail for the timeline's side panel, with its
// x400.error.code resolved against docs/errors.md, X.411 NDR codes named, and the log lines
// written inside it (attrs.trace_id + attrs.span_id); when none names it, the lines that name no
// span and fall inside its time window, marked `logsMatch: "time-window"`.
import { z } from 'zod';
import { logLinesOfSpan, unlinkedLogLinesBetween } from '@/db/queries/logs';
import { AppError } from '@/lib/errors';
import { defineRoute } from '@/lib/server/route';
import { resolveSpanCodes } from '@/lib/trace-view/span-codes';
import { spanAt } from '@/lib/trace-view/store';
import { parsedBundle } from '../../access';

const spanParams = z.object({ id: z.string().max(100, 'No such bundle.'), pos: z.string().regex(/^\d{1,9}$/, 'No such span: the position must be a whole number.').transform(Number) });

export const GET = defineRoute({ permission: 'bundle:contents', params: spanParams }, async ({ db, params }) => {
  const bundle = await parsedBundle(db, params.id);
  const span = await spanAt(db, bundle.id, params.pos);
  if (!span) throw new AppError('NOT_FOUND', `No span at ${params.pos}.`);
  let logs = await logLinesOfSpan(db, bundle.id, span.traceId, span.spanId, 100);
  let logsMatch: 'span' | 'time-window' = 'span';
  if (logs.length === 0 && span.startUs > 0) {
    logs = await unlinkedLogLinesBetween(db, bundle.id, span.startUs, span.startUs + span.durationUs, 100);
    logsMatch = 'time-window';
  }
  return {
    span,
    logs: logs.map((l) => ({ lineNo: l.lineNo, tsUs: l.tsUs, level: l.level, msg: l.msg })),
    logsMatch,
    ...resolveSpanCodes(span),
  };
});
