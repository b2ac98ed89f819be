import { describe, expect, it } from 'vitest';
import { buildSkeleton, FLAG_ERROR, ownBuffer } from '@/lib/trace-view/skeleton';
import { prepareSkeletonBuffer, prepareSkeletonBufferInSteps, rangeSummary, transferablesOf } from '@/lib/trace-view/prepare';
import { defaultCollapsed, fullRange, indexSkeleton, timeBounds, traceRange } from '@/lib/trace-view/visible';
import { BASE, rows, sample } from './fixtures';

/** Three traces: a timed one with an error, one whose only span has no time, a timed one. */
function threeTraces() {
  const bytes = buildSkeleton([
    ...rows([
      { depth: 0, spanId: '0000000000000001', startUs: BASE + 100, durationUs: 50, traceId: 't1' },
      { depth: 1, spanId: '0000000000000002', startUs: BASE + 90, durationUs: 70, traceId: 't1', error: true },
    ]),
    ...rows([{ depth: 0, spanId: '0000000000000003', startUs: 0, durationUs: 0, traceId: 't2' }]),
    ...rows([{ depth: 0, spanId: '0000000000000004', startUs: BASE + 500, durationUs: 1, traceId: 't3', error: true }]),
  ]);
  return ownBuffer(bytes.skeleton);
}

function errorsIn(flags: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (flags[i] & FLAG_ERROR) n++;
  return n;
}

describe('preparing a skeleton (what the browser worker hands the timeline)', () => {
  it('per-trace bounds and error counts agree with a pass over each trace and over all of them', () => {
    const p = prepareSkeletonBuffer(threeTraces());
    const { sk, traces } = p;
    expect(sk.traceIds).toEqual(['t1', 't2', 't3']);
    for (let t = 0; t < 3; t++) {
      const r = traceRange(sk, t);
      expect(rangeSummary(traces, t)).toEqual({ bounds: timeBounds(sk, r), errors: errorsIn(sk.flags, r.from, r.to) });
    }
    expect(rangeSummary(traces, -1)).toEqual({ bounds: timeBounds(sk, fullRange(sk)), errors: 2 });
    // The untimed trace gets the same placeholder window as timeBounds gives it.
    expect(rangeSummary(traces, 1).bounds).toEqual({ start: 0, end: 1 });
  });

  it('carries the parent index and the opening collapse flags of the sample tree', () => {
    const sk = sample();
    const buf = sk.depth.buffer as ArrayBuffer;
    const p = prepareSkeletonBuffer(buf);
    expect(Array.from(p.index.parent)).toEqual(Array.from(indexSkeleton(sk).parent));
    expect(Array.from(p.collapsed)).toEqual(Array.from(defaultCollapsed(sk)));
    expect(rangeSummary(p.traces, 0)).toEqual({ bounds: { start: 0, end: 1000 }, errors: 1 });
  });

  it('in steps (the page’s own thread), pausing between passes, with the same result', async () => {
    const whole = prepareSkeletonBuffer(threeTraces());
    const events: string[] = [];
    const pending = prepareSkeletonBufferInSteps(threeTraces(), async () => {
      events.push('pause');
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    const stepped = await pending;
    expect(events).toEqual(['pause', 'pause', 'pause']);
    expect(Array.from(stepped.index.parent)).toEqual(Array.from(whole.index.parent));
    expect(Array.from(stepped.collapsed)).toEqual(Array.from(whole.collapsed));
    expect(rangeSummary(stepped.traces, -1)).toEqual(rangeSummary(whole.traces, -1));
    expect(Array.from(stepped.traces.errors)).toEqual(Array.from(whole.traces.errors));
  });

  it('lists each buffer once for a zero-copy transfer, the skeleton’s own included', () => {
    const p = prepareSkeletonBuffer(threeTraces());
    const list = transferablesOf(p);
    expect(new Set(list).size).toBe(list.length);
    expect(list).toContain(p.sk.start.buffer);
    expect(list).toContain(p.index.parent.buffer);
    expect(list).toContain(p.traces.errors.buffer);
  });
});
