// Builds engine spans for the evidence tests: times in µs, ids in hex.
import type { Span } from '@/lib/bundle/trace/model';

export function span(over: { traceId?: string; spanId: string; parent?: string | null; service?: string; name?: string; startUs: number; durUs: number; error?: boolean; code?: string }): Span {
  return {
    traceId: over.traceId ?? 'aa'.repeat(16),
    spanId: over.spanId,
    parentSpanId: over.parent ?? null,
    service: over.service ?? 'x400-gateway',
    name: over.name ?? 'op',
    kind: 'internal',
    startNs: BigInt(over.startUs) * 1000n,
    endNs: BigInt(over.startUs + over.durUs) * 1000n,
    status: { code: over.error ? 'error' : 'unset' },
    attributes: over.code ? { 'x400.error.code': over.code } : {},
    events: [],
    links: [],
  };
}
