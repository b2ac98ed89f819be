// From the engine's span model to stored rows: µs times, and every string that could hold
// personal data passed through redactText, so raw values never reach the database.
import type { NewSpanRow } from '@/db/queries/bundles';
import { redactDeep, redactText } from '@/lib/pii';
import type { AttrValue, Span } from '@/lib/bundle/trace/model';

export function redactAttributes(attributes: Record<string, AttrValue>): Record<string, AttrValue> {
  return redactDeep(attributes);
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
