// The trace view's state as it lives in the URL, so a view can be linked and Back restores it:
// `?trace=<traceId>&span=<spanId>&q=&errors=1&service=&op=&min=<ms>&from=<epoch ms>&to=<epoch ms>`.
import { spanIdAt, type Skeleton, type SpanIds } from './skeleton';

export interface TraceUrlState {
  trace: string | null;
  span: string | null;
  q: string;
  errors: boolean;
  service: string | null;
  op: string | null;
  /** Minimum duration in ms, as typed. */
  min: string;
  /** Time window, epoch ms (fractional allowed). */
  from: number | null;
  to: number | null;
}

export const EMPTY_TRACE_URL: TraceUrlState = { trace: null, span: null, q: '', errors: false, service: null, op: null, min: '', from: null, to: null };

function num(raw: string | null): number | null {
  if (raw === null || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

export function parseTraceUrl(params: URLSearchParams): TraceUrlState {
  const hex = (v: string | null) => (v && /^[0-9a-zA-Z_-]{1,64}$/.test(v) ? v.toLowerCase() : null);
  let from = num(params.get('from'));
  let to = num(params.get('to'));
  if (from !== null && to !== null && from > to) [from, to] = [to, from];
  if (from !== null && to !== null && from === to) to = from + 1;
  return {
    trace: hex(params.get('trace')),
    span: hex(params.get('span')),
    q: (params.get('q') ?? '').slice(0, 200),
    errors: params.get('errors') === '1',
    service: params.get('service') || null,
    op: params.get('op') || null,
    min: /^\d+(\.\d+)?$/.test(params.get('min') ?? '') ? params.get('min')! : '',
    from: from !== null && to !== null ? from : null,
    to: from !== null && to !== null ? to : null,
  };
}

/** The query string for a state, parameters in a fixed order (so equal states give equal URLs). */
export function traceUrlQuery(s: TraceUrlState): string {
  const q = new URLSearchParams();
  if (s.trace) q.set('trace', s.trace);
  if (s.span) q.set('span', s.span);
  if (s.q) q.set('q', s.q);
  if (s.errors) q.set('errors', '1');
  if (s.service) q.set('service', s.service);
  if (s.op) q.set('op', s.op);
  if (s.min) q.set('min', s.min);
  if (s.from !== null && s.to !== null) {
    q.set('from', String(Math.round(s.from * 1000) / 1000));
    q.set('to', String(Math.round(s.to * 1000) / 1000));
  }
  return q.toString();
}

/** The link to one span of a bundle (what "copy link" puts on the clipboard). */
export function spanLink(origin: string, bundleId: string, traceId: string, spanId: string): string {
  return `${origin}/bundles/${encodeURIComponent(bundleId)}/trace?trace=${traceId}&span=${spanId}`;
}

function hexBytes(id: string): Uint8Array | null {
  if (!/^[0-9a-f]{16}$/.test(id)) return null;
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = parseInt(id.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The position of span `spanId` (in trace `traceId` when given and present), or -1. */
export function findSpanPos(sk: Skeleton, spanIds: SpanIds, spanId: string, traceId: string | null = null): number {
  const t = traceId ? sk.traceIds.indexOf(traceId) : -1;
  const from = t >= 0 ? sk.traceFirst[t]! : 0;
  const to = t >= 0 ? sk.traceFirst[t + 1]! : sk.count;
  const bytes = spanIds.offsets ? null : hexBytes(spanId);
  if (!spanIds.offsets && !bytes) return -1;
  const ids = spanIds.bytes;
  for (let pos = from; pos < to; pos++) {
    if (bytes) {
      const b = pos * 8;
      if (ids[b] === bytes[0] && ids[b + 1] === bytes[1] && ids[b + 2] === bytes[2] && ids[b + 3] === bytes[3] && ids[b + 4] === bytes[4] && ids[b + 5] === bytes[5] && ids[b + 6] === bytes[6] && ids[b + 7] === bytes[7]) return pos;
    } else if (spanIdAt(spanIds, pos).toLowerCase() === spanId) return pos;
  }
  return -1;
}

/**
 * The trace to open on: the only one, or one holding more than half of the bundle's spans
 * (a dominant trace), else -1 (all traces).
 */
export function dominantTrace(sk: Pick<Skeleton, 'traceIds' | 'traceFirst' | 'count'>): number {
  const n = sk.traceIds.length;
  if (n === 1) return 0;
  for (let k = 0; k < n; k++) if ((sk.traceFirst[k + 1]! - sk.traceFirst[k]!) * 2 > sk.count) return k;
  return -1;
}

