// From the engine's span model to stored rows: µs times, and every string that could hold
// personal data passed through redactText, so raw values never reach the database.
import type { NewSpanRow } from '@/db/queries/bundles';
import { redactText } from '@/lib/bundle/pii';
import type { AttrValue, Span } from '@/lib/bundle/trace/model';

function redactValue(value: AttrValue, key: string | null): AttrValue {
  if (typeof value === 'string') return redactText(value, key);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, key));
  if (value && typeof value === 'object') return redactAttributes(value);
  return value;
}

export function redactAttributes(attributes: Record<string, AttrValue>): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [key, value] of Object.entries(attributes)) out[redactText(key, null)] = redactValue(value, key);
  return out;
}

const toUs = (ns: bigint) => Number(ns / 1000n);

export function spanRow(bundleId: string, seq: number, span: Span): NewSpanRow {
  const code = span.attributes['x400.error.code'];
  const startUs = toUs(span.startNs);
  return {
    bundleId,
    seq,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    service: redactText(span.service, 'service.name'),
    name: redactText(span.name, null),
    kind: span.kind,
    startUs,
    durationUs: Math.max(0, toUs(span.endNs) - startUs),
    error: span.status.code === 'error',
    errorCode: typeof code === 'string' ? code : null,
    statusMessage: span.status.message ? redactText(span.status.message, null) : null,
    attributes: redactAttributes(span.attributes),
    events: span.events.map((e) => ({ timeUs: toUs(e.timeNs), name: redactText(e.name, null), attributes: redactAttributes(e.attributes) })),
    links: span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: redactAttributes(l.attributes) })),
  };
}
