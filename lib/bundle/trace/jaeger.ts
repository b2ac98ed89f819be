// Jaeger JSON (as Jaeger UI loads it) spans into the span model.

import { normalizeId, toSpanKind, UNKNOWN_SERVICE, type AttrValue, type Span, type SpanLink } from './model';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jaegerId(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw) return null;
  return normalizeId(raw, raw.length > 16 ? 16 : 8);
}

export function jaegerTags(list: unknown): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  if (!Array.isArray(list)) return out;
  for (const t of list) {
    if (!isObj(t) || typeof t.key !== 'string') continue;
    const v = t.value;
    out[t.key] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v == null ? null : JSON.stringify(v);
  }
  return out;
}

export type JaegerProcesses = Record<string, { serviceName?: string }>;

/** One Jaeger span; `processes` is the trace's processes map. Null when ids are missing. */
export function jaegerSpan(raw: unknown, processes: JaegerProcesses): Span | null {
  if (!isObj(raw)) return null;
  const traceId = jaegerId(raw.traceID ?? raw.traceId);
  const spanId = jaegerId(raw.spanID ?? raw.spanId);
  if (!traceId || !spanId) return null;
  const refs = Array.isArray(raw.references) ? raw.references.filter(isObj) : [];
  let parentSpanId: string | null = jaegerId(raw.parentSpanID);
  const links: SpanLink[] = [];
  const parentRef = refs.find((r) => r.refType === 'CHILD_OF') ?? refs.find((r) => r.refType === 'FOLLOWS_FROM');
  if (!parentSpanId && parentRef) parentSpanId = jaegerId(parentRef.spanID);
  for (const r of refs) {
    if (r === parentRef) continue;
    const t = jaegerId(r.traceID);
    const s = jaegerId(r.spanID);
    if (t && s) links.push({ traceId: t, spanId: s, attributes: { 'opentracing.ref_type': String(r.refType ?? '') } });
  }
  const tags = jaegerTags(raw.tags);
  const process = isObj(raw.process) ? raw.process : typeof raw.processID === 'string' ? processes[raw.processID] : undefined;
  const service = process && typeof process.serviceName === 'string' && process.serviceName ? process.serviceName : UNKNOWN_SERVICE;
  const startUs = typeof raw.startTime === 'number' ? raw.startTime : Number(raw.startTime ?? 0);
  const durUs = typeof raw.duration === 'number' ? raw.duration : Number(raw.duration ?? 0);
  const startNs = BigInt(Math.round(Number.isFinite(startUs) ? startUs : 0)) * 1000n;
  const endNs = startNs + BigInt(Math.round(Number.isFinite(durUs) ? durUs : 0)) * 1000n;
  const errTag = tags.error;
  const otelStatus = typeof tags['otel.status_code'] === 'string' ? (tags['otel.status_code'] as string).toUpperCase() : '';
  const isError = errTag === true || errTag === 'true' || otelStatus === 'ERROR';
  const status: Span['status'] = { code: isError ? 'error' : otelStatus === 'OK' ? 'ok' : 'unset' };
  if (typeof tags['otel.status_description'] === 'string') status.message = tags['otel.status_description'] as string;
  const events = Array.isArray(raw.logs)
    ? raw.logs.filter(isObj).map((l) => {
        const attributes = jaegerTags(l.fields);
        const name = typeof attributes.event === 'string' ? attributes.event : 'log';
        return { timeNs: BigInt(Math.round(Number(l.timestamp) || 0)) * 1000n, name, attributes };
      })
    : [];
  return {
    traceId,
    spanId,
    parentSpanId,
    service,
    name: typeof raw.operationName === 'string' ? raw.operationName : '',
    kind: toSpanKind(tags['span.kind']),
    startNs,
    endNs,
    status,
    attributes: tags,
    events,
    links,
  };
}
