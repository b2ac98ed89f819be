import { describe, expect, it } from 'vitest';
import { FLAG_ERROR, FLAG_NO_TIME, FLAG_ORPHAN, FLAG_SKEW, spanIdAt, traceOf } from '@/lib/trace-view/skeleton';
import { BASE, sample, skeletonOf } from './fixtures';

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
    expect(spanIdAt(sk, 5)).toBe('00000000000000b1');
    expect(sk.idOffsets).toBeNull();
  });

  it('keeps every span id as text when one, even the last, is not 16 lowercase hex digits', () => {
    const ids = ['00000000000000a1', '00000000000000a2', '00000000000000A3'];
    const sk = skeletonOf(ids.map((spanId, i) => ({ depth: i === 0 ? 0 : 1, spanId, startUs: BASE + i, durationUs: 1 })));
    expect(sk.idOffsets).not.toBeNull();
    expect([0, 1, 2].map((p) => spanIdAt(sk, p))).toEqual(ids);
  });

  it('flags errors and clock skew (child outside its parent)', () => {
    const sk = sample();
    expect(sk.flags[2] & FLAG_ERROR).toBeTruthy();
    expect(sk.flags[5] & FLAG_SKEW).toBeTruthy();
    expect(sk.flags[3] & FLAG_SKEW).toBe(0);
  });

  it('keeps non-hex span ids as text, orphans with their missing parent, spans without time', () => {
    const sk = skeletonOf([
      { depth: 0, spanId: 'root-1', startUs: BASE, durationUs: 100 },
      { depth: 1, spanId: 'kid', startUs: 0, durationUs: 0 },
      { depth: 0, spanId: 'lost', startUs: BASE + 5, durationUs: 10, parentSpanId: 'gone', hasParent: false, traceId: 't2' },
    ]);
    expect(sk.idOffsets).not.toBeNull();
    expect([0, 1, 2].map((p) => spanIdAt(sk, p))).toEqual(['root-1', 'kid', 'lost']);
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
    const sk = skeletonOf([]);
    expect(sk.count).toBe(0);
    expect(sk.traceIds).toEqual([]);
  });
});
