// The critical path of one trace: the chain of work that decided its end-to-end time. From the
// root, repeatedly take the child that finished last before the current boundary, then move the
// boundary to that child's start (the algorithm Jaeger UI and Grafana Tempo use). Iterative, so
// traces 10k levels deep do not overflow the stack.
import { FLAG_NO_TIME, FLAG_ORPHAN, type Skeleton } from './skeleton';
import type { Range } from './visible';

const end = (sk: Skeleton, i: number) => sk.start[i] + sk.duration[i];

/** The root a trace's critical path starts from: its longest-running non-orphan root. */
export function mainRoot(sk: Skeleton, range: Range): number {
  let best = -1;
  for (let i = range.from; i < range.to; i += sk.subtreeSize[i]) {
    if (sk.flags[i] & (FLAG_ORPHAN | FLAG_NO_TIME)) continue;
    if (best < 0 || sk.duration[i] > sk.duration[best]) best = i;
  }
  if (best < 0 && range.to > range.from) best = range.from;
  return best;
}

/** Positions on the critical path of the trace in `range`, ascending. */
export function criticalPath(sk: Skeleton, range: Range): number[] {
  const root = mainRoot(sk, range);
  if (root < 0) return [];
  const onPath: number[] = [];
  const stack: [number, number][] = [[root, end(sk, root)]];
  while (stack.length) {
    const [span, bound] = stack.pop()!;
    onPath.push(span);
    const kids: number[] = [];
    for (let c = span + 1; c < span + sk.subtreeSize[span]; c += sk.subtreeSize[c]) {
      if (!(sk.flags[c] & FLAG_NO_TIME)) kids.push(c);
    }
    kids.sort((a, b) => end(sk, b) - end(sk, a));
    let t = Math.min(end(sk, span), bound);
    for (const k of kids) {
      if (t <= sk.start[span]) break;
      if (sk.start[k] >= t) continue;
      stack.push([k, Math.min(end(sk, k), t)]);
      t = sk.start[k];
    }
  }
  return onPath.sort((a, b) => a - b);
}

/** One byte per span of a skeleton of `count` spans: 1 on the critical path (out-of-range positions ignored). */
export function criticalPathMask(positions: ArrayLike<number>, count: number): Uint8Array {
  const mask = new Uint8Array(count);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (p >= 0 && p < count) mask[p] = 1;
  }
  return mask;
}
