// The one span model every trace encoding (OTLP/JSON, Jaeger JSON, Zipkin v2) is read into.

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCode = 'unset' | 'ok' | 'error';
export type TraceFormat = 'otlp' | 'jaeger' | 'zipkin';

export interface SpanEvent {
  timeNs: bigint;
  name: string;
  attributes: Record<string, AttrValue>;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, AttrValue>;
}

export interface Span {
  /** Lower-case hex. */
  traceId: string;
  /** Lower-case hex. */
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: SpanKind;
  /** Unix nanoseconds; 0n when the source gave no timestamp (Zipkin allows that). */
  startNs: bigint;
  endNs: bigint;
  status: { code: StatusCode; message?: string };
  attributes: Record<string, AttrValue>;
  events: SpanEvent[];
  links: SpanLink[];
}

export const UNKNOWN_SERVICE = 'unknown';

/** Normalises an id to lower-case hex: hex of any case as is, base64 (OTLP/JSON from protobuf tooling) decoded. */
export function normalizeId(raw: unknown, bytes: number): string | null {
  if (typeof raw !== 'string' || raw.length === 0) return null;
  if (raw.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(raw)) return raw.toLowerCase();
  if (raw.length === Math.ceil(bytes / 3) * 4 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    const buf = Buffer.from(raw, 'base64');
    if (buf.length === bytes) return buf.toString('hex');
  }
  if (/^[0-9a-fA-F]+$/.test(raw)) return raw.toLowerCase();
  return raw;
}

/** An int64 given as a JSON string or number, to bigint; null when absent or not an integer. */
export function toBigInt(raw: unknown): bigint | null {
  if (typeof raw === 'string' && /^-?\d+$/.test(raw)) return BigInt(raw);
  if (typeof raw === 'number' && Number.isFinite(raw)) return BigInt(Math.round(raw));
  return null;
}

const KIND_BY_NAME: Record<string, SpanKind> = {
  unspecified: 'unspecified', internal: 'internal', server: 'server', client: 'client', producer: 'producer', consumer: 'consumer',
};
const KIND_BY_NUMBER: SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export function toSpanKind(raw: unknown): SpanKind {
  if (typeof raw === 'number') return KIND_BY_NUMBER[raw] ?? 'unspecified';
  if (typeof raw === 'string') {
    const k = raw.toLowerCase().replace(/^span_kind_/, '');
    return KIND_BY_NAME[k] ?? 'unspecified';
  }
  return 'unspecified';
}
