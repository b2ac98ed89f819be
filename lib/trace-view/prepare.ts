// Everything the timeline needs from a skeleton before its first live frame, computed in one place
// so the browser can do it off the main thread (components/trace/skeleton.worker.ts): decode, the
// parent index, the opening collapse flags and per-trace time bounds and error counts. With those
// precomputed, opening the timeline or switching traces costs no pass over the spans.
import { decodeSkeleton, FLAG_ERROR, FLAG_NO_TIME, type Skeleton } from './skeleton';
import { defaultCollapsed, indexSkeleton, type SkeletonIndex } from './visible';

/** Per trace k: earliest start and latest end of its timed spans (µs since baseUs), failed spans. */
export interface TraceSummary {
  /** +Infinity when the trace has no timed span. */
  start: Float64Array;
  /** -Infinity when the trace has no timed span. */
  end: Float64Array;
  errors: Int32Array;
}

export interface PreparedSkeleton {
  sk: Skeleton;
  index: SkeletonIndex;
  /** defaultCollapsed(sk). */
  collapsed: Uint8Array;
  traces: TraceSummary;
}

export function summarizeTraces(sk: Skeleton): TraceSummary {
  const k = sk.traceIds.length;
  const start = new Float64Array(k).fill(Infinity);
  const end = new Float64Array(k).fill(-Infinity);
  const errors = new Int32Array(k);
  // The arrays in locals: the loop runs a million times on a big trace.
  const { traceFirst, flags, start: spanStart, duration } = sk;
  for (let t = 0; t < k; t++) {
    let s = Infinity;
    let e = -Infinity;
    let n = 0;
    const to = traceFirst[t + 1];
    for (let i = traceFirst[t]; i < to; i++) {
      const f = flags[i];
      if (f & FLAG_ERROR) n++;
      if (f & FLAG_NO_TIME) continue;
      const a = spanStart[i];
      if (a < s) s = a;
      const b = a + duration[i];
      if (b > e) e = b;
    }
    start[t] = s;
    end[t] = e;
    errors[t] = n;
  }
  return { start, end, errors };
}

/** Time bounds and failed spans of a range that is one trace (trace >= 0) or all of them (-1). */
export function rangeSummary(traces: TraceSummary, trace: number): { bounds: { start: number; end: number }; errors: number } {
  let s = Infinity;
  let e = -Infinity;
  let errors = 0;
  const from = trace < 0 ? 0 : trace;
  const to = trace < 0 ? traces.errors.length : trace + 1;
  for (let t = from; t < to; t++) {
    if (traces.start[t] < s) s = traces.start[t];
    if (traces.end[t] > e) e = traces.end[t];
    errors += traces.errors[t];
  }
  // The same answer as timeBounds() over the range's spans.
  if (!Number.isFinite(s)) return { bounds: { start: 0, end: 1 }, errors };
  return { bounds: { start: s, end: Math.max(e, s + 1) }, errors };
}

export function prepareSkeleton(sk: Skeleton): PreparedSkeleton {
  return { sk, index: indexSkeleton(sk), collapsed: defaultCollapsed(sk), traces: summarizeTraces(sk) };
}

/** Decodes an inflated skeleton and prepares it. */
export function prepareSkeletonBuffer(buffer: ArrayBuffer): PreparedSkeleton {
  return prepareSkeleton(decodeSkeleton(buffer));
}

/**
 * prepareSkeletonBuffer for a page's own thread: the same passes, with `pause` awaited between
 * them, so that no one task holds them all (at 1M spans and 4× CPU: one task of ~150 ms, or four
 * of 30–60 ms, the longest-task budget being 100).
 */
export async function prepareSkeletonBufferInSteps(buffer: ArrayBuffer, pause: () => Promise<void>): Promise<PreparedSkeleton> {
  const sk = decodeSkeleton(buffer);
  await pause();
  const index = indexSkeleton(sk);
  await pause();
  const collapsed = defaultCollapsed(sk);
  await pause();
  return { sk, index, collapsed, traces: summarizeTraces(sk) };
}

/** The buffers a prepared skeleton holds, to transfer it between threads without copying. */
export function transferablesOf(p: PreparedSkeleton): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>();
  const add = (v: ArrayBufferView | null) => {
    if (v && v.buffer instanceof ArrayBuffer) set.add(v.buffer);
  };
  add(p.sk.depth);
  add(p.sk.subtreeSize);
  add(p.sk.traceFirst);
  add(p.index.parent);
  add(p.index.underOrphan);
  add(p.collapsed);
  add(p.traces.start);
  add(p.traces.end);
  add(p.traces.errors);
  return [...set];
}
