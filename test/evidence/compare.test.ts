import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareBundles } from '@/lib/bundle/compare';
import { inspectBundle } from '@/lib/bundle/inspect';
import { makeBundle } from '@/test/support/make-bundle';
import { runCompare } from '@/lib/cli/compare';
import { CORPUS_DIR, HAS_CORPUS, tmpFile } from '../bundle/helpers';
import { span } from './spans';

const op = (service: string, operation: string, count: number, errorSpans: number, p95Us: number) => ({ service, operation, count, errorSpans, p50Us: 0, p95Us, p99Us: 0, maxUs: 0, selfTimeUs: 0 });

function otlp(spans: ReturnType<typeof span>[]) {
  return { resourceSpans: spans.map((s) => ({ resource: { attributes: [{ key: 'service.name', value: { stringValue: s.service } }] }, scopeSpans: [{ spans: [{
    traceId: s.traceId, spanId: s.spanId, ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}), name: s.name,
    startTimeUnixNano: String(s.startNs), endTimeUnixNano: String(s.endNs), status: { code: s.status.code === 'error' ? 2 : 0 },
    attributes: Object.entries(s.attributes).map(([key, v]) => ({ key, value: { stringValue: String(v) } })),
  }] }] })) };
}

describe('bundle comparison', () => {
  it('operations of either side appear, with zeros on the side without them; error codes appeared, vanished, changed', () => {
    const c = compareBundles(
      { bundleId: 'base', metrics: { operations: [op('gw', 'inbound', 10, 0, 100), op('gw', 'legacy', 2, 1, 50)], errorCodes: { 'X400-2102': 3, 'X400-3004': 1, 'X400-4001': 2 } } },
      { bundleId: 'other', metrics: { operations: [op('gw', 'inbound', 12, 4, 900), op('mta', 'transfer', 5, 5, 7000)], errorCodes: { 'X400-2102': 9, 'X400-4001': 2, 'X400-5001': 4 } } },
    );
    expect(c).toEqual({
      base: { bundleId: 'base' },
      other: { bundleId: 'other' },
      operations: [
        { service: 'gw', operation: 'inbound', base: { count: 10, errorSpans: 0, p95Us: 100 }, other: { count: 12, errorSpans: 4, p95Us: 900 } },
        { service: 'gw', operation: 'legacy', base: { count: 2, errorSpans: 1, p95Us: 50 }, other: { count: 0, errorSpans: 0, p95Us: 0 } },
        { service: 'mta', operation: 'transfer', base: { count: 0, errorSpans: 0, p95Us: 0 }, other: { count: 5, errorSpans: 5, p95Us: 7000 } },
      ],
      errorCodes: { appeared: ['X400-5001'], vanished: ['X400-3004'], changed: [{ code: 'X400-2102', base: 3, other: 9 }] },
    });
  });

  it('x400-support compare --json prints the comparison of two bundle files', async () => {
    const base = makeBundle({ trace: otlp([span({ spanId: '01'.repeat(8), service: 'x400-gateway', name: 'gateway.inbound', startUs: 1_795_730_283_000_000, durUs: 2000 })]) });
    const other = makeBundle({ trace: otlp([
      span({ spanId: '01'.repeat(8), service: 'x400-gateway', name: 'gateway.inbound', startUs: 1_795_730_283_000_000, durUs: 9000 }),
      span({ spanId: '02'.repeat(8), parent: '01'.repeat(8), service: 'x400-mta', name: 'mta.transfer', startUs: 1_795_730_283_001_000, durUs: 5000, error: true, code: 'X400-2102' }),
    ]) });
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCompare([tmpFile(base.fileName, base.buffer), tmpFile(other.fileName, other.buffer), '--json'], { out: (s) => out.push(s), err: (s) => err.push(s) });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual({
      base: { bundleId: base.metadata.bundleId },
      other: { bundleId: other.metadata.bundleId },
      operations: [
        { service: 'x400-gateway', operation: 'gateway.inbound', base: { count: 1, errorSpans: 0, p95Us: 2000 }, other: { count: 1, errorSpans: 0, p95Us: 9000 } },
        { service: 'x400-mta', operation: 'mta.transfer', base: { count: 0, errorSpans: 0, p95Us: 0 }, other: { count: 1, errorSpans: 1, p95Us: 5000 } },
      ],
      errorCodes: { appeared: ['X400-2102'], vanished: [], changed: [] },
    });
    const human: string[] = [];
    await runCompare([tmpFile(base.fileName, base.buffer), tmpFile(other.fileName, other.buffer)], { out: (s) => human.push(s), err: () => {} });
    expect(human.join('\n')).toMatch(/appeared: X400-2102/);
  });

  it('refuses one file, or a bundle without consent', async () => {
    const err: string[] = [];
    expect(await runCompare(['only-one.zip'], { out: () => {}, err: (s) => err.push(s) })).toBe(64);
    const a = makeBundle({});
    const b = makeBundle({ metadata: { telemetry: { enabled: false } } });
    expect(await runCompare([tmpFile(a.fileName, a.buffer), tmpFile(b.fileName, b.buffer)], { out: () => {}, err: (s) => err.push(s) })).toBe(3);
    expect(err.join('\n')).toMatch(/NO_CONSENT/);
  });
});

describe.skipIf(!HAS_CORPUS)('statistics on every corpus trace (all three encodings)', () => {
  for (const file of HAS_CORPUS ? readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')) : []) {
    it(file, async () => {
      const { fileName, buffer } = makeBundle({ trace: readFileSync(join(CORPUS_DIR, file)) });
      const report = await inspectBundle(tmpFile(fileName, buffer));
      const ops = report.metrics.operations;
      expect(ops.reduce((n, o) => n + o.count, 0)).toBe(report.metrics.spans);
      expect(ops.reduce((n, o) => n + o.errorSpans, 0)).toBe(report.metrics.errorSpans);
      for (const o of ops) {
        expect(o.p50Us).toBeLessThanOrEqual(o.p95Us);
        expect(o.p95Us).toBeLessThanOrEqual(o.p99Us);
        expect(o.p99Us).toBeLessThanOrEqual(o.maxUs);
        expect(o.selfTimeUs).toBeGreaterThanOrEqual(0);
        expect(o.selfTimeUs).toBeLessThanOrEqual(o.maxUs * o.count);
      }
      const sorted = [...ops].sort((x, y) => (x.service < y.service ? -1 : x.service > y.service ? 1 : x.operation < y.operation ? -1 : x.operation > y.operation ? 1 : 0));
      expect(ops).toEqual(sorted);
    });
  }
});
