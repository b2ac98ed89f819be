import { describe, expect, it } from 'vitest';
import { criticalPath } from '@/lib/trace-view/critical-path';
import {
  ancestorsOf, defaultCollapsed, filterKeep, firstErrorAfter, fullRange, indexSkeleton, matchMask, NO_FILTER, rowOf, timeBounds, visibleRows,
} from '@/lib/trace-view/visible';
import { BASE, sample, skeletonOf } from './fixtures';

describe('visible rows', () => {
  it('shows everything expanded, skips collapsed subtrees by their size', () => {
    const sk = sample();
    const collapsed = new Uint8Array(sk.count);
    expect(Array.from(visibleRows(sk, fullRange(sk), collapsed, null))).toEqual([0, 1, 2, 3, 4, 5]);
    collapsed[1] = 1;
    expect(Array.from(visibleRows(sk, fullRange(sk), collapsed, null))).toEqual([0, 1, 4, 5]);
    collapsed[0] = 1;
    expect(Array.from(visibleRows(sk, fullRange(sk), collapsed, null))).toEqual([0]);
  });

  it('with everything open in a range, every span of the range is a row; a collapse outside it does not matter', () => {
    const sk = sample();
    const collapsed = new Uint8Array(sk.count);
    collapsed[0] = 1;
    expect(Array.from(visibleRows(sk, { from: 1, to: 4 }, collapsed, null))).toEqual([1, 2, 3]);
    collapsed[2] = 1;
    expect(Array.from(visibleRows(sk, { from: 1, to: 4 }, collapsed, null))).toEqual([1, 2, 3]);
    collapsed[1] = 1;
    expect(Array.from(visibleRows(sk, { from: 1, to: 4 }, collapsed, null))).toEqual([1]);
  });

  it('errors only hides the rest but keeps the ancestors', () => {
    const sk = sample();
    const idx = indexSkeleton(sk);
    const keep = filterKeep(sk, idx, fullRange(sk), matchMask(sk, fullRange(sk), { ...NO_FILTER, errorsOnly: true }));
    expect(Array.from(visibleRows(sk, fullRange(sk), new Uint8Array(sk.count), keep))).toEqual([0, 1, 2]);
  });

  it('text search matches names, services and server-side attribute hits; service and duration filters', () => {
    const sk = sample();
    const idx = indexSkeleton(sk);
    const run = (f: Partial<typeof NO_FILTER>) =>
      Array.from(visibleRows(sk, fullRange(sk), new Uint8Array(sk.count), filterKeep(sk, idx, fullRange(sk), matchMask(sk, fullRange(sk), { ...NO_FILTER, ...f }))));
    expect(run({ text: 'DISPATCH' })).toEqual([0, 4, 5]);
    expect(run({ text: 'x400-queue' })).toEqual([0, 4, 5]);
    expect(run({ text: 'acme', attributeMatches: Int32Array.of(3) })).toEqual([0, 1, 3]);
    expect(run({ service: sk.services.indexOf('x400-queue') })).toEqual([0, 4, 5]);
    expect(run({ minDurationUs: 500 })).toEqual([0, 4, 5]);
    expect(run({ text: 'nothing-like-this' })).toEqual([]);
  });

  it('puts a "missing parent" row above each run of orphans with the same parent', () => {
    const sk = skeletonOf([
      { depth: 0, spanId: '01', startUs: BASE, durationUs: 10 },
      { depth: 0, spanId: '02', startUs: BASE + 1, durationUs: 10, parentSpanId: 'ff', hasParent: false },
      { depth: 1, spanId: '03', startUs: BASE + 2, durationUs: 1 },
      { depth: 0, spanId: '04', startUs: BASE + 3, durationUs: 10, parentSpanId: 'ff', hasParent: false },
      { depth: 0, spanId: '05', startUs: BASE + 4, durationUs: 10, parentSpanId: 'ee', hasParent: false },
    ]);
    const rows = visibleRows(sk, fullRange(sk), new Uint8Array(sk.count), null);
    expect(Array.from(rows)).toEqual([0, -2, 1, 2, 3, -5, 4]);
    expect(rowOf(rows, 1)).toBe(2);
    expect(rowOf(rows, 4)).toBe(6);
    expect(rowOf(rows, 9)).toBe(-1);
    expect(Array.from(indexSkeleton(sk).underOrphan)).toEqual([0, 1, 1, 1, 1]);
  });

  it('collapses deep subtrees by default', () => {
    const specs = Array.from({ length: 10 }, (_, d) => ({ depth: d, spanId: String(d).padStart(16, '0'), startUs: BASE + d, durationUs: 100 - d }));
    const sk = skeletonOf(specs);
    const rows = visibleRows(sk, fullRange(sk), defaultCollapsed(sk), null);
    expect(Array.from(rows)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('ancestors, first error after a time, bounds', () => {
    const sk = sample();
    const idx = indexSkeleton(sk);
    expect(ancestorsOf(idx, 5)).toEqual([4, 0]);
    expect(firstErrorAfter(sk, fullRange(sk), 0)).toBe(2);
    expect(firstErrorAfter(sk, fullRange(sk), 21)).toBe(-1);
    expect(timeBounds(sk, fullRange(sk))).toEqual({ start: 0, end: 1000 });
  });

  // Its speed is measured by `npm run bench:ui`, not here.
  it('filters 1M spans to the failed ones with their ancestors', () => {
    const n = 1_000_000;
    const specs = [];
    for (let i = 0; i < n; i++) specs.push({ depth: i % 6, spanId: i.toString(16).padStart(16, '0'), startUs: BASE + i, durationUs: 10, error: i % 997 === 0 });
    const sk = skeletonOf(specs);
    const idx = indexSkeleton(sk);
    const keep = filterKeep(sk, idx, fullRange(sk), matchMask(sk, fullRange(sk), { ...NO_FILTER, errorsOnly: true }));
    const rows = visibleRows(sk, fullRange(sk), new Uint8Array(n), keep);
    expect(rows.length).toBeGreaterThan(1000);
  });
});

describe('critical path', () => {
  it('follows the last-finishing child back to the root', () => {
    const sk = sample();
    // root ends at 1000: b1 (ends 995, under b) is last; before b starts, a; inside a, a2 then a1.
    expect(criticalPath(sk, fullRange(sk))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('leaves out work that overlapped a longer sibling', () => {
    const sk = skeletonOf([
      { depth: 0, spanId: '01', startUs: BASE, durationUs: 100 },
      { depth: 1, spanId: '02', startUs: BASE, durationUs: 90 },
      { depth: 1, spanId: '03', startUs: BASE + 10, durationUs: 40 },
    ]);
    expect(criticalPath(sk, fullRange(sk))).toEqual([0, 1]);
  });

  it('walks a trace 20k levels deep without overflowing', () => {
    const specs = Array.from({ length: 20_000 }, (_, d) => ({ depth: d, spanId: d.toString(16).padStart(16, '0'), startUs: BASE + d, durationUs: 40_000 - 2 * d }));
    const sk = skeletonOf(specs);
    expect(criticalPath(sk, fullRange(sk))).toHaveLength(20_000);
  });
});
