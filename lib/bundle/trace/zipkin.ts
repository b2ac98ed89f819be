// Zipkin v2 JSON spans into the span model. Client and server halves (and late fragments) share
// (traceId, id) and are merged into one span keeping both sides' information.

import { normalizeId, UNKNOWN_SERVICE, type AttrValue, type Span, type SpanEvent, type SpanKind } from './model';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function zipkinId(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw) return null;
  return normalizeId(raw, raw.length > 16 ? 16 : 8);
}

interface Fragment {
  raw: Json;
  kind: string;
}

/** Collects Zipkin records, then yields one merged span per (traceId, id). */
export class ZipkinMerger {
  private readonly byId = new Map<string, Fragment[]>();
  records = 0;
  skipped = 0;

  add(raw: unknown): void {
    if (!isObj(raw)) { this.skipped++; return; }
    const traceId = zipkinId(raw.traceId);
    const id = zipkinId(raw.id);
    if (!traceId || !id) { this.skipped++; return; }
    this.records++;
    const key = `${traceId}:${id}`;
    const list = this.byId.get(key);
    const frag = { raw, kind: typeof raw.kind === 'string' ? raw.kind.toUpperCase() : '' };
    if (list) list.push(frag);
    else this.byId.set(key, [frag]);
  }

  *spans(): Generator<Span> {
    for (const frags of this.byId.values()) yield mergeFragments(frags);
  }
}

function serviceOf(ep: unknown): string | null {
  return isObj(ep) && typeof ep.serviceName === 'string' && ep.serviceName ? ep.serviceName : null;
}

function mergeFragments(frags: Fragment[]): Span {
  // Server half first: it owns the span's service and name; the client half adds its view.
  const ordered = [...frags].sort((a, b) => rank(a.kind) - rank(b.kind));
  const first = ordered[0].raw;
  let start: number | null = null;
  let end: number | null = null;
  let parent: string | null = null;
  let name = '';
  let service: string | null = null;
  let kind: SpanKind = 'unspecified';
  const attributes: Record<string, AttrValue> = {};
  const events: SpanEvent[] = [];
  let error: string | null = null;
  for (const { raw, kind: k } of ordered) {
    const ts = typeof raw.timestamp === 'number' ? raw.timestamp : null;
    const dur = typeof raw.duration === 'number' ? raw.duration : null;
    if (ts !== null) {
      start = start === null ? ts : Math.min(start, ts);
      const e = ts + (dur ?? 0);
      end = end === null ? e : Math.max(end, e);
    }
    parent ??= zipkinId(raw.parentId);
    if (!name && typeof raw.name === 'string') name = raw.name;
    const svc = serviceOf(raw.localEndpoint);
    if (k === 'CLIENT' && svc) attributes['zipkin.client.service'] = svc;
    if (k === 'SERVER' && svc) attributes['zipkin.server.service'] = svc;
    service ??= svc;
    const remote = serviceOf(raw.remoteEndpoint);
    if (remote && !('peer.service' in attributes)) attributes['peer.service'] = remote;
    if (kind === 'unspecified' && k) kind = k === 'SERVER' ? 'server' : k === 'CLIENT' ? 'client' : k === 'PRODUCER' ? 'producer' : k === 'CONSUMER' ? 'consumer' : 'unspecified';
    if (isObj(raw.tags)) {
      for (const [key, v] of Object.entries(raw.tags)) {
        if (!(key in attributes)) attributes[key] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
        if (key === 'error' && error === null) error = String(v);
      }
    }
    if (Array.isArray(raw.annotations)) {
      for (const a of raw.annotations) {
        if (isObj(a)) events.push({ timeNs: BigInt(Math.round(Number(a.timestamp) || 0)) * 1000n, name: String(a.value ?? ''), attributes: {} });
      }
    }
  }
  const startNs = start === null ? 0n : BigInt(Math.round(start)) * 1000n;
  const endNs = end === null ? startNs : BigInt(Math.round(end)) * 1000n;
  const status: Span['status'] = error !== null ? { code: 'error', message: error } : { code: 'unset' };
  return {
    traceId: zipkinId(first.traceId)!,
    spanId: zipkinId(first.id)!,
    parentSpanId: parent,
    service: service ?? UNKNOWN_SERVICE,
    name,
    kind,
    startNs,
    endNs,
    status,
    attributes,
    events,
    links: [],
  };
}

function rank(kind: string): number {
  return kind === 'SERVER' ? 0 : kind === 'CONSUMER' ? 1 : kind === '' ? 2 : 3;
}
