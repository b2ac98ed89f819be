// logs.ndjson: one JSON object per line, `{ts, level, msg, attrs}`. A line written inside a span
// carries attrs.trace_id + attrs.span_id (hex, the OpenTelemetry log convention). Lines are read
// into a normal form here, summarised per batch, and linked to spans once all batches are in.
import type { AttrValue } from './trace/model';
import type { SpanIndex } from './operations';

export interface LogLine {
  /** 1-based line number in logs.ndjson. */
  lineNo: number;
  /** Epoch µs; null when the line has no readable time. */
  tsUs: number | null;
  /** Lower-case; "unknown" when absent. */
  level: string;
  msg: string;
  attrs: Record<string, AttrValue>;
  /** Lower-case hex, from attrs.trace_id / attrs.span_id. */
  traceId: string | null;
  spanId: string | null;
}

export interface LogsSummary {
  lines: number;
  byLevel: Record<string, number>;
  /** Lines whose attrs.trace_id + attrs.span_id name a span of the bundle. */
  linkedToSpans: number;
}

/** One batch's share of the summary: counts, and the span references still to be resolved. */
export interface LogsPartial {
  lines: number;
  byLevel: Record<string, number>;
  refs: [string, string][];
}

const HEX = /^[0-9a-fA-F]+$/;

function hexId(raw: unknown): string | null {
  return typeof raw === 'string' && raw.length > 0 && HEX.test(raw) ? raw.toLowerCase() : null;
}

/** An ISO-8601 time to epoch µs, keeping sub-millisecond digits; numbers as epoch ms, µs or ns by size. */
export function logTimeUs(raw: unknown): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    if (raw < 1e14) return Math.round(raw * 1000);
    if (raw < 1e17) return Math.round(raw);
    return Math.round(raw / 1000);
  }
  if (typeof raw !== 'string') return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return null;
  const frac = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(raw)?.[1];
  const subMs = frac && frac.length > 3 ? Number(frac.slice(3, 6).padEnd(3, '0')) : 0;
  return ms * 1000 + subMs;
}

/** A parsed logs.ndjson object in normal form (not yet redacted). */
export function readLogLine(value: Record<string, unknown>, lineNo: number): LogLine {
  const attrs = (typeof value.attrs === 'object' && value.attrs !== null && !Array.isArray(value.attrs) ? value.attrs : {}) as Record<string, AttrValue>;
  const level = typeof value.level === 'string' && value.level ? value.level.toLowerCase() : 'unknown';
  const msg = typeof value.msg === 'string' ? value.msg : typeof value.message === 'string' ? value.message : '';
  const traceId = hexId(attrs.trace_id);
  const spanId = traceId ? hexId(attrs.span_id) : null;
  return { lineNo, tsUs: logTimeUs(value.ts ?? value.time ?? value.timestamp), level, msg, attrs, traceId: spanId ? traceId : null, spanId };
}

export class LogsCollector {
  private readonly part: LogsPartial = { lines: 0, byLevel: {}, refs: [] };

  add(line: LogLine): void {
    const p = this.part;
    p.lines++;
    p.byLevel[line.level] = (p.byLevel[line.level] ?? 0) + 1;
    if (line.traceId && line.spanId) p.refs.push([line.traceId, line.spanId]);
  }

  partial(): LogsPartial {
    return this.part;
  }
}

/** The summary over all batches; `spans` resolves the references. */
export function logsSummary(partials: readonly LogsPartial[], spans: Pick<SpanIndex, 'find'>): LogsSummary {
  const byLevel: Record<string, number> = {};
  let lines = 0;
  let linkedToSpans = 0;
  for (const p of partials) {
    lines += p.lines;
    for (const [level, count] of Object.entries(p.byLevel)) byLevel[level] = (byLevel[level] ?? 0) + count;
    for (const [traceId, spanId] of p.refs) if (spans.find(traceId, spanId) >= 0) linkedToSpans++;
  }
  return { lines, byLevel, linkedToSpans };
}
