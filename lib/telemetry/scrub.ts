// What leaves the process in the console's own traces: span names, a short list of attributes
// (method, route, status, Next.js's span kinds) and timings. Query strings, URL paths past the
// route, hosts' paths, error messages and every attribute not listed here are dropped before
// export, so a search for an e-mail address, a confirmation token in a path or a bundle's text
// never reaches a tracing backend.
import type { Attributes, AttributeValue, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-node';

/** Attributes kept as they are: none carries request data. */
const KEPT = new Set([
  'http.method',
  'http.request.method',
  'http.status_code',
  'http.response.status_code',
  'http.route',
  'next.route',
  'next.span_type',
  'next.span_category',
  'next.rsc',
  'next.page',
  'next.segment',
  'next.bubble',
  'next.clientComponentLoadCount',
  'next.fetch.idx',
  'next.fetch.cache_status',
  'next.fetch.cache_reason',
  'net.peer.port',
  'error.type',
  'exception.type',
  'operation.name',
]);

/** Attributes whose value is text that may hold a URL or a path: kept without query or path. */
const TEXT = new Set(['next.span_name', 'net.peer.name']);

/** A URL becomes its origin; a path loses its query string and fragment. */
export function scrubText(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)(?:[^@/\s?#]*@)?([^/\s?#]+)[^\s]*/gi, '$1$2')
    .replace(/([^\s?#]*)[?#]\S*/g, '$1');
}

/** The request's path as the route names it, never the path with its values: `/tickets/[id]`. */
function routeOf(attributes: Attributes): string | null {
  const route = attributes['next.route'] ?? attributes['http.route'];
  return typeof route === 'string' ? route : null;
}

export function scrubAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (KEPT.has(key)) out[key] = value;
    else if (TEXT.has(key) && typeof value === 'string') out[key] = scrubText(value);
  }
  // The target without its values: the route when known (`/confirm/[token]`), else nothing.
  if (typeof attributes['http.target'] === 'string') {
    const route = routeOf(attributes);
    if (route) out['http.target'] = route;
  }
  // An outgoing call's address: its origin only (a webhook's path may hold its secret).
  for (const key of ['http.url', 'url.full']) {
    const value = attributes[key];
    if (typeof value === 'string' && URL.canParse(value)) out[key] = new URL(value).origin;
  }
  return out;
}

function scrubEvent(event: TimedEvent): TimedEvent {
  const attributes: Attributes = {};
  const type: AttributeValue | undefined = event.attributes?.['exception.type'];
  if (type !== undefined) attributes['exception.type'] = type;
  return { name: scrubText(event.name), time: event.time, attributes, droppedAttributesCount: 0 };
}

/** A copy of `span` fit to leave the process. */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  const status: SpanStatus = { code: span.status.code };
  return {
    name: scrubText(span.name),
    kind: span.kind,
    spanContext: () => span.spanContext(),
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status,
    attributes: scrubAttributes(span.attributes),
    links: span.links.map((link) => ({ context: link.context })),
    events: span.events.map(scrubEvent),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
