// OTLP/JSON (ExportTraceServiceRequest) spans into the span model, incl. the legacy
// `batches` / `instrumentationLibrarySpans` shape and base64 ids.

import { normalizeId, toBigInt, toSpanKind, UNKNOWN_SERVICE, type AttrValue, type Span, type StatusCode } from './model';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function otlpAnyValue(v: unknown): AttrValue {
  if (!isObj(v)) return null;
  if ('stringValue' in v) return typeof v.stringValue === 'string' ? v.stringValue : String(v.stringValue);
  if ('boolValue' in v) return v.boolValue === true || v.boolValue === 'true';
  if ('intValue' in v) {
    const n = typeof v.intValue === 'string' ? Number(v.intValue) : v.intValue;
    if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
    return typeof v.intValue === 'string' ? v.intValue : null;
  }
  if ('doubleValue' in v) return typeof v.doubleValue === 'number' ? v.doubleValue : Number(v.doubleValue);
  if ('bytesValue' in v) return typeof v.bytesValue === 'string' ? v.bytesValue : null;
  if ('arrayValue' in v) {
    const values = isObj(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : [];
    return values.map(otlpAnyValue);
  }
  if ('kvlistValue' in v) {
    const values = isObj(v.kvlistValue) && Array.isArray(v.kvlistValue.values) ? v.kvlistValue.values : [];
    return otlpAttributes(values);
  }
  return null;
}

export function otlpAttributes(list: unknown): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObj(kv) && typeof kv.key === 'string') out[kv.key] = otlpAnyValue(kv.value);
  }
  return out;
}

/** `service.name` of an OTLP resource object. */
export function otlpResourceService(resource: unknown): string {
  if (!isObj(resource) || !Array.isArray(resource.attributes)) return UNKNOWN_SERVICE;
  for (const kv of resource.attributes) {
    if (isObj(kv) && kv.key === 'service.name') {
      const v = otlpAnyValue(kv.value);
      if (typeof v === 'string' && v) return v;
    }
  }
  return UNKNOWN_SERVICE;
}

export function statusCode(raw: unknown): StatusCode {
  if (raw === 2 || raw === '2' || raw === 'STATUS_CODE_ERROR' || raw === 'ERROR') return 'error';
  if (raw === 1 || raw === '1' || raw === 'STATUS_CODE_OK' || raw === 'OK') return 'ok';
  return 'unset';
}

/** One OTLP span object; null when it has no usable trace or span id. */
export function otlpSpan(raw: unknown, service: string): Span | null {
  if (!isObj(raw)) return null;
  const traceId = normalizeId(raw.traceId, 16);
  const spanId = normalizeId(raw.spanId, 8);
  if (!traceId || !spanId) return null;
  const startNs = toBigInt(raw.startTimeUnixNano) ?? 0n;
  const endNs = toBigInt(raw.endTimeUnixNano) ?? startNs;
  const st = isObj(raw.status) ? raw.status : {};
  const status: Span['status'] = { code: statusCode(st.code) };
  if (typeof st.message === 'string' && st.message) status.message = st.message;
  const events = Array.isArray(raw.events)
    ? raw.events.filter(isObj).map((e) => ({
        timeNs: toBigInt(e.timeUnixNano) ?? 0n,
        name: typeof e.name === 'string' ? e.name : '',
        attributes: otlpAttributes(e.attributes),
      }))
    : [];
  const links = Array.isArray(raw.links)
    ? raw.links.filter(isObj).flatMap((l) => {
        const t = normalizeId(l.traceId, 16);
        const s = normalizeId(l.spanId, 8);
        return t && s ? [{ traceId: t, spanId: s, attributes: otlpAttributes(l.attributes) }] : [];
      })
    : [];
  return {
    traceId,
    spanId,
    parentSpanId: normalizeId(raw.parentSpanId, 8),
    service,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind: toSpanKind(raw.kind),
    startNs,
    endNs,
    status,
    attributes: otlpAttributes(raw.attributes),
    events,
    links,
  };
}
