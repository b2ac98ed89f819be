import { describe, expect, it } from 'vitest';
import { customRange, fromUtcInput, presetRange, rangeFromQuery, rangeToQuery, toUtcInput } from '@/components/charts/snapshot-range';

const lo = Date.parse('2026-11-26T20:00:00Z');
const hi = Date.parse('2026-11-26T23:00:00Z');
const extent: [number, number] = [lo, hi];

describe('snapshot time-range presets', () => {
  it('whole snapshot is no range; the last hour / 15 min end at the snapshot end', () => {
    expect(presetRange('all', extent)).toBeNull();
    expect(presetRange('last-1h', extent)).toEqual([hi - 3_600_000, hi]);
    expect(presetRange('last-15m', extent)).toEqual([hi - 900_000, hi]);
  });
  it('clips to a snapshot shorter than the preset', () => {
    expect(presetRange('last-1h', [hi - 600_000, hi])).toEqual([hi - 600_000, hi]);
  });
  it('centres on the first reported time inside the snapshot, else offers nothing', () => {
    const at = Date.parse('2026-11-26T21:40:00Z');
    expect(presetRange('around-reported', extent, [Date.parse('2026-11-20T00:00:00Z'), at])).toEqual([at - 900_000, at + 900_000]);
    expect(presetRange('around-reported', extent, [Date.parse('2026-11-20T00:00:00Z')])).toBeNull();
  });
});

describe('custom range', () => {
  it('reads UTC date-times with or without seconds', () => {
    expect(fromUtcInput('2026-11-26T21:40')).toBe(Date.parse('2026-11-26T21:40:00Z'));
    expect(fromUtcInput(toUtcInput(lo))).toBe(lo);
    expect(fromUtcInput('yesterday')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(customRange('x', '2026-11-26T21:00', extent)).toEqual({ error: 'From is not a date and time.' });
    expect(customRange('2026-11-26T22:00', '2026-11-26T21:00', extent)).toEqual({ error: 'To must be after From.' });
    expect(customRange('2026-11-27T01:00', '2026-11-27T02:00', extent)).toMatchObject({ error: expect.stringContaining('covers') });
    expect(customRange('2026-11-26T19:00', '2026-11-26T21:00', extent)).toEqual({ range: [lo, Date.parse('2026-11-26T21:00:00Z')] });
  });
});

describe('the range in the URL', () => {
  const from = Date.parse('2026-11-26T22:44:50Z');
  const to = Date.parse('2026-11-26T22:59:50Z');
  it('writes from/to as UTC ISO to the second, keeping other parameters', () => {
    expect(rangeToQuery('?x=1', [from + 400, to + 100])).toBe('?x=1&from=2026-11-26T22%3A44%3A50Z&to=2026-11-26T22%3A59%3A51Z');
    expect(rangeToQuery('?x=1&from=a&to=b', null)).toBe('?x=1');
    expect(rangeToQuery('', null)).toBe('');
  });
  it('reads them back; an unreadable or empty range is the whole snapshot', () => {
    expect(rangeFromQuery(rangeToQuery('', [from, to]))).toEqual([from, to]);
    expect(rangeFromQuery('?from=yesterday&to=2026-11-26T22:59:50Z')).toBeNull();
    expect(rangeFromQuery('?from=2026-11-26T22:59:50Z&to=2026-11-26T22:44:50Z')).toBeNull();
    expect(rangeFromQuery('')).toBeNull();
  });
});
