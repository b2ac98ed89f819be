import { describe, expect, it } from 'vitest';
import { distinctTraceIds, formatCount, traceOptionLabel } from '@/components/trace/format';

describe('trace picker labels', () => {
  it('tells apart ids that share their first 12 hex digits', () => {
    const ids = ['00000000000000000000000000000001', '00000000000000000000000000000002', '000000000000000000000000000000a1'];
    const labels = distinctTraceIds(ids);
    expect(new Set(labels).size).toBe(3);
    expect(labels[0]).toBe('…00000001');
  });
  it('lengthens the fragment until the ids differ', () => {
    const ids = ['aaaa000011112222', 'bbbb000011112222'];
    expect(distinctTraceIds(ids)).toEqual(['…a000011112222', '…b000011112222']);
    expect(distinctTraceIds(['1234567890abcdef1111', '0987654321abcdef1111'])).toEqual(['…0abcdef1111', '…1abcdef1111']);
  });
  it('names the root operation, the start and the span count', () => {
    const us = Date.parse('2026-11-26T21:58:03.120Z') * 1000;
    expect(traceOptionLabel('…00000001', 'gateway.inbound', us, 1)).toBe('…00000001 · gateway.inbound · 21:58:03.120 · 1 span');
    expect(traceOptionLabel('…00000002', 'mta.transfer', us, 1400)).toBe('…00000002 · mta.transfer · 21:58:03.120 · 1,400 spans');
  });
});

describe('counts in the timeline', () => {
  it('writes thousands separators as en-US does, without Intl', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 1_000_000, 1_234_567_890]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
  });
});
