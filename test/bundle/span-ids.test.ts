import { describe, expect, it } from 'vitest';
import { SpanIds } from '@/lib/bundle/span-ids';
import { SpanIdTable } from '@/lib/bundle/span-table';

// Ids as malformed input may give them: empty, latin-1 accents, characters above U+00FF.
const ODD = ['', 'Zürich-é', 'span-\u0394', '\u{1F600}', 'ab\u00ff'];

function randomIds(count: number, seed: number): string[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () => {
    const r = next() % 20;
    if (r === 0) return ODD[next() % ODD.length]!;
    // Few distinct hex ids, so that repeats are common.
    return (next() % 64).toString(16).padStart(16, '0');
  });
}

describe('span id columns', () => {
  it('give back every id as it was pushed, an absent one as empty', () => {
    const ids = ['0123456789abcdef', ...ODD, 'f'.repeat(32)];
    const col = SpanIds.from([...ids, null]);
    expect(col.length).toBe(ids.length + 1);
    expect(Array.from({ length: col.length }, (_, i) => col.at(i))).toEqual([...ids, '']);
    expect(Array.from({ length: col.length }, (_, i) => col.isEmpty(i))).toEqual([...ids.map((id) => id === ''), true]);
    ids.forEach((id, i) => {
      expect(col.is(i, id)).toBe(true);
      expect(col.is(i, id + 'x')).toBe(false);
    });
  });

  it('grow past their first capacity, and concatenate in order', () => {
    const a = randomIds(5000, 1);
    const b = randomIds(3000, 2);
    const joined = SpanIds.concat([SpanIds.from(a), SpanIds.from([]), SpanIds.from(b)]);
    expect(Array.from({ length: joined.length }, (_, i) => joined.at(i))).toEqual([...a, ...b]);
  });

  it('survive a move to another thread (structured clone with their buffers transferred)', () => {
    const ids = randomIds(2000, 3);
    const data = SpanIds.from(ids).data();
    const moved = structuredClone(data, { transfer: [data.bytes.buffer, data.ends.buffer] });
    const col = SpanIds.of(moved);
    expect(Array.from({ length: col.length }, (_, i) => col.at(i))).toEqual(ids);
  });

  it('find a span by trace and id as a map of the strings would, keeping the first or the last', () => {
    const ids = randomIds(4000, 4);
    const traces = Int32Array.from(ids, (_, i) => (i * 7) % 3);
    const col = SpanIds.from(ids);
    const parents = randomIds(4000, 5);
    const parentCol = SpanIds.from(parents);
    for (const keep of ['first', 'last'] as const) {
      const expected = new Map<string, number>();
      ids.forEach((id, i) => {
        const key = `${traces[i]}/${id}`;
        if (keep === 'last' || !expected.has(key)) expected.set(key, i);
      });
      const table = new SpanIdTable(traces, col, keep);
      for (let i = 0; i < ids.length; i++) {
        expect(table.find(traces[i]!, ids[i]!)).toBe(expected.get(`${traces[i]}/${ids[i]}`));
        expect(table.findId(traces[i]!, parentCol, i)).toBe(expected.get(`${traces[i]}/${parents[i]}`) ?? -1);
      }
      expect(table.find(0, 'not-an-id')).toBe(-1);
    }
  });
});
