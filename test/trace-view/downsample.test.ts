import { describe, expect, it } from 'vitest';
import { clip, downsampleShared, type Point } from '@/lib/trace-view/downsample';

const downsample = (series: Point[][], from: number, to: number, buckets: number, mode: 'minmax' | 'sum') => {
  const r = downsampleShared([{ series, mode }], from, to, buckets);
  return { t: r.t, values: r.groups[0], bucketMs: r.bucketMs };
};

describe('snapshot downsampling', () => {
  it('returns raw points merged by time when they fit, nulls kept as gaps', () => {
    const a: Point[] = [[0, 1], [10, null], [20, 3]];
    const b: Point[] = [[0, 5], [20, 6]];
    const out = downsample([a, b], 0, 20, 10, 'minmax');
    expect(out.bucketMs).toBe(0);
    expect(out.t).toEqual([0, 10, 20]);
    expect(out.values).toEqual([[1, null, 3], [5, null, 6]]);
  });

  it('min/max per bucket keeps spikes and the order they happened in', () => {
    const pts: Point[] = Array.from({ length: 1000 }, (_, i) => [i, i === 123 ? 999 : i === 456 ? -5 : 1]);
    const out = downsample([pts], 0, 1000, 10, 'minmax');
    expect(out.t).toHaveLength(20);
    expect(Math.max(...(out.values[0] as number[]))).toBe(999);
    expect(Math.min(...(out.values[0] as number[]))).toBe(-5);
    expect(out.values[0].slice(2, 4)).toEqual([1, 999]);
    expect(out.values[0].slice(8, 10)).toEqual([1, -5]);
  });

  it('sums counts per bucket; an all-null bucket stays a gap', () => {
    const pts: Point[] = Array.from({ length: 100 }, (_, i) => [i, i >= 50 && i < 60 ? null : 1]);
    const out = downsample([pts], 0, 100, 10, 'sum');
    expect(out.values[0].filter((_, i) => i % 2 === 0)).toEqual([10, 10, 10, 10, 10, null, 10, 10, 10, 10]);
    expect(out.values[0].filter((_, i) => i % 2 === 1).every((v) => v === null)).toBe(true);
  });

  it('puts every chart on one grid', () => {
    const many: Point[] = Array.from({ length: 1000 }, (_, i) => [i, i]);
    const few: Point[] = [[0, 1], [500, 2]];
    const r = downsampleShared([{ series: [many], mode: 'minmax' }, { series: [few], mode: 'sum' }], 0, 1000, 10);
    expect(r.t).toHaveLength(20);
    expect(r.groups[1][0]).toHaveLength(20);
    expect(r.groups[1][0][10]).toBe(2);
  });

  it('clips to a zoomed range', () => {
    const pts: Point[] = Array.from({ length: 10 }, (_, i) => [i * 10, i]);
    expect(clip(pts, 25, 55).map((p) => p[0])).toEqual([30, 40, 50]);
  });
});

import { reportedTimes } from '@/lib/trace-view/reported';

describe('reported times', () => {
  it('merges bundle and ticket times, labelled by source, in time order', () => {
    expect(reportedTimes(['2026-11-26T21:40:00Z', 'junk'], ['2026-11-26T21:40:00.000Z', '2026-11-26T21:30:00Z'])).toEqual([
      { ms: Date.parse('2026-11-26T21:30:00Z'), label: 'reported (ticket)' },
      { ms: Date.parse('2026-11-26T21:40:00Z'), label: 'reported (bundle, ticket)' },
    ]);
    expect(reportedTimes(undefined, null)).toEqual([]);
  });
});
