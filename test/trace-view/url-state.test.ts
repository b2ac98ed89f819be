import { describe, expect, it } from 'vitest';
import type { SkeletonRow } from '@/lib/trace-view/skeleton';
import { skeletonWithIds } from './fixtures';
import { dominantTrace, findSpanPos, parseTraceUrl, traceUrlQuery, EMPTY_TRACE_URL } from '@/lib/trace-view/url-state';

function skeleton(rows: Partial<SkeletonRow>[]) {
  const full = rows.map((r, i) => ({ depth: 0, traceId: 'aa'.repeat(16), spanId: i.toString(16).padStart(16, '0'), parentSpanId: null, hasParent: false, service: 's', name: 'n', startUs: 1_000 + i, durationUs: 10, error: false, ...r }));
  return skeletonWithIds(full);
}

describe('trace URL state', () => {
  it('round-trips through the query string in a fixed order', () => {
    const state = { ...EMPTY_TRACE_URL, trace: 'ab'.repeat(16), span: '00000000000000ff', q: 'bounce', errors: true, service: 'x400-mta', op: 'mta.transfer', min: '5', from: 1795730283000.5, to: 1795730284000 };
    const qs = traceUrlQuery(state);
    expect(qs).toBe(`trace=${'ab'.repeat(16)}&span=00000000000000ff&q=bounce&errors=1&service=x400-mta&op=mta.transfer&min=5&from=1795730283000.5&to=1795730284000`);
    expect(parseTraceUrl(new URLSearchParams(qs))).toEqual(state);
    expect(traceUrlQuery(EMPTY_TRACE_URL)).toBe('');
  });

  it('ignores junk: a window needs both ends, a bad minimum is dropped, ids are lower-cased', () => {
    const s = parseTraceUrl(new URLSearchParams('span=00000000000000FF&from=5&min=abc'));
    expect(s).toMatchObject({ span: '00000000000000ff', from: null, to: null, min: '' });
    expect(parseTraceUrl(new URLSearchParams('from=9&to=3'))).toMatchObject({ from: 3, to: 9 });
  });

  it('finds a span by id, within its trace when one is named; dominant trace', () => {
    const { sk, ids } = skeleton([{ traceId: 'aa'.repeat(16) }, { traceId: 'aa'.repeat(16), spanId: '00000000000000ff' }, { traceId: 'bb'.repeat(16), spanId: '00000000000000ff' }]);
    expect(findSpanPos(sk, ids, '00000000000000ff')).toBe(1);
    expect(findSpanPos(sk, ids, '00000000000000ff', 'bb'.repeat(16))).toBe(2);
    expect(findSpanPos(sk, ids, '1234567812345678')).toBe(-1);
    expect(dominantTrace(sk)).toBe(0); // 2 of 3 spans
    expect(dominantTrace(skeleton([{ traceId: 'aa'.repeat(16) }, { traceId: 'bb'.repeat(16) }]).sk)).toBe(-1);
  });
});
