import { describe, expect, it } from 'vitest';
import { MetricsCollector } from '@/lib/bundle/metrics';
import { loadErrorCatalogue } from '@/lib/bundle/errors-catalogue';
import type { Span } from '@/lib/bundle/trace/model';

function span(over: Partial<Span>): Span {
  return { traceId: 't1', spanId: 's1', parentSpanId: null, service: 'x400-gateway', name: 'gateway.outbound', kind: 'client', startNs: 1_795_730_283_000_000_000n, endNs: 1_795_730_283_250_000_000n, status: { code: 'unset' }, attributes: {}, events: [], links: [], ...over };
}

describe('error catalogue (docs/errors.md)', () => {
  const cat = loadErrorCatalogue();
  it('has at least 25 codes in families, each with meaning, causes and remediation', () => {
    expect(cat.codes.length).toBeGreaterThanOrEqual(25);
    const families = new Set(cat.codes.map((c) => c.family));
    expect(families.size).toBeGreaterThanOrEqual(7);
    for (const c of cat.codes) {
      expect(c.code).toMatch(/^X400-\d{4}$/);
      expect(c.anchor).toBe(c.code);
      expect(c.meaning && c.causes && c.remediation && c.title && c.family).toBeTruthy();
    }
    expect(cat.codes.find((c) => c.code === 'X400-2102')!.title).toBe('Outbound queue full');
    expect(new Set(cat.codes.map((c) => c.code)).size).toBe(cat.codes.length);
  });
  it('has the X.411 reason and diagnostic names', () => {
    expect(cat.ndrReasons.map((r) => r.name)).toEqual(['transfer-failure', 'unable-to-transfer', 'conversion-not-performed', 'physical-rendition-not-performed', 'physical-delivery-not-performed', 'restricted-delivery', 'directory-operation-unsuccessful', 'deferred-delivery-not-performed', 'transfer-failure-for-security-reason']);
    expect(cat.ndrDiagnostics.length).toBeGreaterThanOrEqual(49);
    expect(cat.ndrDiagnostics.map((d) => d.code)).toEqual(cat.ndrDiagnostics.map((_, i) => i));
    expect(cat.ndrDiagnostics[2].name).toBe('mts-congestion');
    expect(cat.ndrDiagnostics[46].name).toBe('secure-messaging-error');
    expect(cat.ndrDiagnostics.every((d) => d.remediation.length > 0)).toBe(true);
    expect(cat.problems.map((p) => p.code)).toContain('ZIP_BOMB');
  });
});

describe('metrics', () => {
  it('counts spans, traces, errors, NDR names, time covered', () => {
    const m = new MetricsCollector(loadErrorCatalogue());
    m.addSpan(span({}));
    m.addSpan(span({ spanId: 's2', status: { code: 'error' }, attributes: { 'x400.error.code': 'X400-2102', 'x400.ndr.reason': 0, 'x400.ndr.diagnostic': 2 } }));
    m.addSpan(span({ traceId: 't2', spanId: 's3', service: 'x400-mta', name: 'mta.transfer', startNs: 0n, endNs: 0n, status: { code: 'error' }, attributes: { 'x400.ndr.diagnostic': '99' } }));
    const r = m.result();
    expect(r).toMatchObject({ spans: 3, traces: 2, errorSpans: 2, services: ['x400-gateway', 'x400-mta'], durationMs: 250 });
    expect(r.errorCodes).toEqual({ 'X400-2102': 1 });
    expect(r.failedOperations).toEqual({ 'gateway.outbound': 1, 'mta.transfer': 1 });
    expect(r.ndr).toEqual({ reasons: { 'transfer-failure': 1 }, diagnostics: { 'mts-congestion': 1, 'diagnostic-99': 1 } });
    expect(r.startTime).toBe('2026-11-26T21:58:03.000Z');
  });
  it('reads queue depth, latency and error series with gaps', () => {
    const m = new MetricsCollector();
    m.addSeries({ name: 'queue.depth', unit: 'messages', labels: { queue: 'outbound' }, points: [[1, 12], [2, 40], [3, 15], [4, null]] });
    m.addSeries({ name: 'queue.depth', unit: 'messages', labels: { queue: 'inbound' }, points: [[1, 3], [2, 4]] });
    m.addSeries({ name: 'errors.count', unit: 'errors', labels: { code: 'X400-2102' }, points: [[1, 0], [2, 3], [3, null], [4, 2]] });
    m.addSeries({ name: 'latency.ms', unit: 'ms', labels: { operation: 'gateway.outbound', quantile: 'p95' }, points: [[1, 180.5], [2, 2400], [3, 300]] });
    m.addSeries({ name: 'latency.ms', unit: 'ms', labels: { operation: 'gateway.outbound', quantile: 'p99' }, points: [[1, 500], [2, null]] });
    m.addSeries({ name: 'latency.ms', unit: 'ms', labels: { operation: 'gateway.outbound', quantile: 'p50' }, points: [[1, 1]] });
    const r = m.result();
    expect(r.queueDepth).toEqual({ max: 40, last: 15, byQueue: { outbound: { max: 40, last: 15 }, inbound: { max: 4, last: 4 } } });
    expect(r.errorsTotal).toBe(5);
    expect(r.errorsByCode).toEqual({ 'X400-2102': 5 });
    expect(r.latency).toEqual({ 'gateway.outbound': { p50: { max: 1, last: 1 }, p95: { max: 2400, last: 300 }, p99: { max: 500, last: 500 } } });
  });
});
