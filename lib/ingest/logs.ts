// From a logs.ndjson line in normal form to a stored row: redacted exactly as spans are (the
// message like a span's name or status message, attributes by key), ids kept as lower-case hex.
import type { NewLogRow } from '@/db/queries/logs';
import type { LogLine } from '@/lib/bundle/logs';
import { redactText } from '@/lib/bundle/pii';
import { redactAttributes } from './spans';

export function logRow(bundleId: string, seq: number, line: LogLine): NewLogRow {
  return {
    bundleId,
    seq,
    lineNo: line.lineNo,
    tsUs: line.tsUs,
    level: redactText(line.level, null),
    msg: redactText(line.msg, null),
    attrs: redactAttributes(line.attrs),
    traceId: line.traceId,
    spanId: line.spanId,
  };
}
