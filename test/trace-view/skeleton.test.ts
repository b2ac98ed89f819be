import { describe, expect, it } from 'vitest';
import { FLAG_ERROR, FLAG_NO_TIME, FLAG_ORPHAN, FLAG_SKEW, spanIdAt, traceOf } from '@/lib/trace-view/skeleton';
import { BASE, rows, sample, skeletonOf, skeletonWithIds } from './fixtures';

describe('timeline skeleton', () => {
  it('round-trips the tree, times relative to the earliest span, and string tables', () => {
    const sk = sample();
    expect(sk.count).toBe(6);
    expect(sk.baseUs).toBe(BASE);
    expect(Array.from(sk.depth)).toEqual([0, 1, 2, 2, 1, 2]);
    expect(Array.from(sk.subtreeSize)).toEqual([6, 3, 1, 1, 2, 1]);
    expect(Array.from(sk.start)).toEqual([0, 10, 20, 150, 420, 400]);
    expect(sk.names[sk.name[2]]).toBe('mta.transfer');
    expect(sk.services[sk.service[4]]).toBe('x400-queue');
  });

  it('sends each column in the narrowest type that holds it exactly', () => {
    const sk = sample();
    expect(sk.depth).toBeInstanceOf(Uint8Array);
    expect(sk.service).toBeInstanceOf(Uint8Array);
    expect(sk.start).toBeInstanceOf(Uint32Array);
    expect(sk.duration).toBeInstanceOf(Uint32Array);

    // Fractions of a µs, and a trace over 71 minutes (2^32 µs), keep 64-bit times.
    const fractional = skeletonOf([
      { depth: 0, spanId: 'a', startUs: BASE, durationUs: 10.5 },
      { depth: 1, spanId: 'b', startUs: BASE + 0.25, durationUs: 1 },
    ]);
    expect(fractional.start).toBeInstanceOf(Float64Array);
    expect(Array.from(fractional.start)).toEqual([0, 0.25]);
    expect(Array.from(fractional.duration)).toEqual([10.5, 1]);
    const long = skeletonOf([
      { depth: 0, spanId: 'a', startUs: BASE, durationUs: 5 * 3600e6 },
      { depth: 1, spanId: 'b', startUs: BASE + 4 * 3600e6, durationUs: 1 },
    ]);
    expect(Array.from(long.start)).toEqual([0, 4 * 3600e6]);
    expect(Array.from(long.duration)).toEqual([5 * 3600e6, 1]);

    // 300 levels deep and 300 operation names: two bytes each.
    const deep = skeletonOf(Array.from({ length: 300 }, (_, d) => ({ depth: d, spanId: `s${d}`, startUs: BASE + d, durationUs: 1000 - d, name: `op-${d}` })));
    expect(deep.depth).toBeInstanceOf(Uint16Array);
    expect(deep.name).toBeInstanceOf(Uint16Array);
    expect(deep.depth[299]).toBe(299);
    expect(deep.names[deep.name[299]]).toBe('op-299');
    expect(deep.subtreeSize[0]).toBe(300);
    expect(deep.subtreeSize[299]).toBe(1);
  });

  it('gives every span its subtree size from the depths, across traces and orphans', () => {
    const specs = [
      { depth: 0, spanId: 'r1', startUs: BASE, durationUs: 100 },
      { depth: 1, spanId: 'c1', startUs: BASE + 1, durationUs: 10 },
      { depth: 2, spanId: 'g1', startUs: BASE + 2, durationUs: 1 },
      { depth: 1, spanId: 'c2', startUs: BASE + 20, durationUs: 10 },
      { depth: 0, spanId: 'o1', startUs: BASE + 5, durationUs: 5, parentSpanId: 'gone', hasParent: false },
      { depth: 0, spanId: 'r2', startUs: BASE + 50, durationUs: 20, traceId: 't2' },
      { depth: 1, spanId: 'c3', startUs: BASE + 51, durationUs: 2, traceId: 't2' },
    ];
    expect(Array.from(skeletonOf(specs).subtreeSize)).toEqual([4, 2, 1, 1, 1, 2, 1]);
  });

  it('sends span ids apart: 8 bytes each when all are 16 lowercase hex digits', () => {
    const { ids } = skeletonWithIds(rows([
      { depth: 0, spanId: '00000000000000a1', startUs: BASE, durationUs: 10 },
      { depth: 1, spanId: 'ffffffffffffffff', startUs: BASE + 1, durationUs: 1 },
    ]));
    expect(ids.offsets).toBeNull();
    expect(ids.bytes.byteLength).toBe(16);
    expect([0, 1].map((p) => spanIdAt(ids, p))).toEqual(['00000000000000a1', 'ffffffffffffffff']);
  });

  it('keeps every span id as text when one, even the last, is not 16 lowercase hex digits', () => {
    const list = ['00000000000000a1', '00000000000000a2', '00000000000000A3'];
    const { ids } = skeletonWithIds(rows(list.map((spanId, i) => ({ depth: i === 0 ? 0 : 1, spanId, startUs: BASE + i, durationUs: 1 }))));
    expect(ids.offsets).not.toBeNull();
    expect([0, 1, 2].map((p) => spanIdAt(ids, p))).toEqual(list);
  });

  it('flags errors and clock skew (child outside its parent)', () => {
    const sk = sample();
    expect(sk.flags[2] & FLAG_ERROR).toBeTruthy();
    expect(sk.flags[5] & FLAG_SKEW).toBeTruthy();
    expect(sk.flags[3] & FLAG_SKEW).toBe(0);
  });

  it('keeps non-hex span ids as text, orphans with their missing parent, spans without time', () => {
    const { sk, ids } = skeletonWithIds(rows([
      { depth: 0, spanId: 'root-1', startUs: BASE, durationUs: 100 },
      { depth: 1, spanId: 'kid', startUs: 0, durationUs: 0 },
      { depth: 0, spanId: 'lost', startUs: BASE + 5, durationUs: 10, parentSpanId: 'gone', hasParent: false, traceId: 't2' },
    ]));
    expect(ids.offsets).not.toBeNull();
    expect([0, 1, 2].map((p) => spanIdAt(ids, p))).toEqual(['root-1', 'kid', 'lost']);
    expect(sk.flags[1] & FLAG_NO_TIME).toBeTruthy();
    expect(sk.start[1]).toBe(0);
    expect(sk.flags[2] & FLAG_ORPHAN).toBeTruthy();
    expect(sk.orphanParent.get(2)).toBe('gone');
    expect(sk.traceIds).toEqual(['t1', 't2']);
    expect(Array.from(sk.traceFirst)).toEqual([0, 2, 3]);
    expect(traceOf(sk, 1)).toBe(0);
    expect(traceOf(sk, 2)).toBe(1);
  });

  it('handles an empty bundle', () => {
    const { sk, ids } = skeletonWithIds([]);
    expect(sk.count).toBe(0);
    expect(sk.traceIds).toEqual([]);
    expect(ids.count).toBe(0);
  });
});
