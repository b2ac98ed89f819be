import { describe, expect, it } from 'vitest';
import { OperationsCollector, indexSpans, nearestRank, operationStats, selfTimes } from '@/lib/bundle/operations';
import { span } from './spans';

function stats(spans: ReturnType<typeof span>[], batches = 1) {
  const collectors = Array.from({ length: batches }, () => new OperationsCollector());
  spans.forEach((s, i) => collectors[i % batches]!.add(s));
  return operationStats(collectors.map((c) => c.partial()));
}

describe('per-operation statistics', () => {
  it('nearest-rank percentiles: rank ⌈p·n⌉, never interpolated', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => (i + 1) * 10); // 10..200
    expect(nearestRank(sorted, 50)).toBe(100); // rank 10
    expect(nearestRank(sorted, 95)).toBe(190); // rank 19
    expect(nearestRank(sorted, 99)).toBe(200); // rank ⌈19.8⌉ = 20
    expect(nearestRank([7], 50)).toBe(7);
    expect(nearestRank([1, 2, 3], 50)).toBe(2); // rank ⌈1.5⌉ = 2
    expect(nearestRank([], 95)).toBe(0);
  });

  it('counts, error spans, p50/p95/p99/max in µs per service + operation, sorted by service then operation', () => {
    const spans = [];
    for (let i = 1; i <= 100; i++) spans.push(span({ spanId: i.toString(16).padStart(16, '0'), service: 'x400-mta', name: 'mta.transfer', startUs: i * 1000, durUs: i * 10, error: i % 25 === 0 }));
    spans.push(span({ spanId: 'f'.repeat(16), service: 'x400-gateway', name: 'z.last', startUs: 0, durUs: 5 }));
    spans.push(span({ spanId: 'e'.repeat(16), service: 'x400-gateway', name: 'a.first', startUs: 0, durUs: 3 }));
    const ops = stats(spans);
    expect(ops.map((o) => `${o.service}/${o.operation}`)).toEqual(['x400-gateway/a.first', 'x400-gateway/z.last', 'x400-mta/mta.transfer']);
    expect(ops[2]).toEqual({ service: 'x400-mta', operation: 'mta.transfer', count: 100, errorSpans: 4, p50Us: 500, p95Us: 950, p99Us: 990, maxUs: 1000, selfTimeUs: 50500 });
  });

  it('self time: overlapping children are counted once, and clipped to the parent', () => {
    // parent 0..100; children 10..40 and 30..60 overlap (union 10..60); a third runs 90..150, past the parent.
    const spans = [
      span({ spanId: '01'.repeat(8), name: 'parent', startUs: 0, durUs: 100 }),
      span({ spanId: '02'.repeat(8), parent: '01'.repeat(8), name: 'child', startUs: 10, durUs: 30 }),
      span({ spanId: '03'.repeat(8), parent: '01'.repeat(8), name: 'child', startUs: 30, durUs: 30 }),
      span({ spanId: '04'.repeat(8), parent: '01'.repeat(8), name: 'child', startUs: 90, durUs: 60 }),
      // a grandchild inside the first child
      span({ spanId: '05'.repeat(8), parent: '02'.repeat(8), name: 'grandchild', startUs: 15, durUs: 10 }),
    ];
    const collector = new OperationsCollector();
    spans.forEach((s) => collector.add(s));
    const self = selfTimes(indexSpans([collector.partial()]));
    expect([...self]).toEqual([100 - 50 - 10, 30 - 10, 30, 60, 10]);
    const byName = Object.fromEntries(stats(spans).map((o) => [o.operation, o.selfTimeUs]));
    expect(byName).toEqual({ parent: 40, child: 20 + 30 + 60, grandchild: 10 });
  });

  it('a child in another batch (another thread) still counts against its parent', () => {
    const spans = [
      span({ spanId: '01'.repeat(8), name: 'parent', startUs: 0, durUs: 100 }),
      span({ spanId: '02'.repeat(8), parent: '01'.repeat(8), name: 'child', startUs: 0, durUs: 100 }),
      span({ traceId: 'bb'.repeat(16), spanId: '01'.repeat(8), name: 'parent', startUs: 0, durUs: 100 }),
    ];
    expect(stats(spans, 3)).toEqual(stats(spans, 1));
    expect(stats(spans, 3).find((o) => o.operation === 'parent')!.selfTimeUs).toBe(100); // only the other trace's parent
  });

  it('a span that names itself or a missing parent is its own root', () => {
    const spans = [
      span({ spanId: '01'.repeat(8), parent: '01'.repeat(8), name: 'self-parent', startUs: 0, durUs: 10 }),
      span({ spanId: '02'.repeat(8), parent: '09'.repeat(8), name: 'orphan', startUs: 0, durUs: 10 }),
    ];
    expect(stats(spans).map((o) => o.selfTimeUs)).toEqual([10, 10]);
  });

  it('finds spans by trace and span id: the same span id in two traces stays two spans, a repeated pair keeps its first', () => {
    const t1 = '11'.repeat(16);
    const t2 = '22'.repeat(16);
    const spans = [
      span({ traceId: t1, spanId: '0a'.repeat(8), name: 'root-1', startUs: 0, durUs: 100 }),
      span({ traceId: t2, spanId: '0a'.repeat(8), name: 'root-2', startUs: 0, durUs: 100 }),
      span({ traceId: t2, spanId: '0b'.repeat(8), parent: '0a'.repeat(8), name: 'child-2', startUs: 10, durUs: 20 }),
      span({ traceId: t1, spanId: '0a'.repeat(8), name: 'repeat-1', startUs: 0, durUs: 5 }),
      span({ traceId: t1, spanId: '0c'.repeat(8), parent: '0a'.repeat(8), name: 'child-1', startUs: 10, durUs: 30 }),
    ];
    for (const batches of [1, 2, 5]) {
      const collectors = Array.from({ length: batches }, () => new OperationsCollector());
      // Batches hold consecutive spans, in order, as the reader's batches do.
      spans.forEach((s, i) => collectors[Math.floor((i * batches) / spans.length)]!.add(s));
      const index = indexSpans(collectors.map((c) => c.partial()));
      expect(index.find(t1, '0a'.repeat(8))).toBe(0);
      expect(index.find(t2.toUpperCase(), '0A'.repeat(8))).toBe(1);
      expect(index.find(t2, '0c'.repeat(8))).toBe(-1);
      expect(index.find('33'.repeat(16), '0a'.repeat(8))).toBe(-1);
      expect(Array.from(index.parent)).toEqual([-1, -1, 1, -1, 0]);
    }
  });

  it('indexes many spans with colliding span ids across traces', () => {
    const c = new OperationsCollector();
    for (let t = 0; t < 300; t++) {
      const traceId = t.toString(16).padStart(32, '0');
      for (let s = 0; s < 10; s++) c.add(span({ traceId, spanId: s.toString(16).padStart(16, '0'), parent: s ? (s - 1).toString(16).padStart(16, '0') : null, startUs: s, durUs: 10 - s }));
    }
    const index = indexSpans([c.partial()]);
    for (let k = 0; k < 3000; k++) expect(index.parent[k]).toBe(k % 10 ? k - 1 : -1);
    expect(index.find((299).toString(16).padStart(32, '0'), (9).toString(16).padStart(16, '0'))).toBe(2999);
  });
});
