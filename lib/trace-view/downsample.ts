// Snapshot series downsampling to what a chart can show: per pixel bucket, the minimum and the
// maximum (so spikes survive) for gauges, the sum for counts. Buckets are shared by all series of
// a chart, so every series has a value at the same x and Recharts can stack and sync them.
// A bucket holding only null points stays null: gaps remain gaps.

export type Point = [number, number | null];

export interface Bucketed {
  /** x of each output row, epoch ms. */
  t: number[];
  /** values[s][row] for series s. */
  values: (number | null)[][];
  /** Bucket width in ms; 0 when the raw points are returned. */
  bucketMs: number;
}

/** Points of `points` within [from, to] (points sorted by time). */
export function clip(points: Point[], from: number, to: number): Point[] {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid][0] < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < points.length && points[end][0] <= to) end++;
  return points.slice(lo, end);
}

/** The series merged by timestamp, without downsampling. */
export function mergeRaw(series: Point[][]): Bucketed {
  const times = new Set<number>();
  for (const s of series) for (const [t] of s) times.add(t);
  const t = [...times].sort((a, b) => a - b);
  const at = new Map(t.map((x, i) => [x, i]));
  const values = series.map((s) => {
    const row: (number | null)[] = new Array(t.length).fill(null);
    for (const [x, v] of s) row[at.get(x)!] = v;
    return row;
  });
  return { t, values, bucketMs: 0 };
}

/**
 * Downsamples groups of series (one group per chart) onto one shared x grid over [from, to], so
 * charts synchronised by row index line up. When every series' points in range already fit
 * (`2 * buckets` points), the raw points are returned merged by time. Otherwise each bucket gives
 * two rows: 'minmax' groups put the extremes there in the order they happened; 'sum' groups put
 * the bucket's total in the first row and null in the second.
 */
export function downsampleShared(groups: { series: Point[][]; mode: 'minmax' | 'sum' }[], from: number, to: number, buckets: number): { t: number[]; groups: (number | null)[][][]; bucketMs: number } {
  const clipped = groups.map((g) => g.series.map((s) => clip(s, from, to)));
  const all = clipped.flat();
  const most = Math.max(0, ...all.map((s) => s.length));
  if (most <= buckets * 2 || to <= from) {
    const merged = mergeRaw(all);
    let k = 0;
    return { t: merged.t, groups: clipped.map((g) => g.map(() => merged.values[k++])), bucketMs: 0 };
  }
  const width = (to - from) / buckets;
  const t: number[] = [];
  for (let b = 0; b < buckets; b++) t.push(Math.round(from + (b + 0.25) * width), Math.round(from + (b + 0.75) * width));
  const out = clipped.map((g, gi) => g.map((points) => bucketRow(points, from, width, buckets, groups[gi].mode)));
  return { t, groups: out, bucketMs: width };
}

function bucketRow(points: Point[], from: number, width: number, buckets: number, mode: 'minmax' | 'sum'): (number | null)[] {
  const row: (number | null)[] = new Array(buckets * 2).fill(null);
  let b = -1;
  let min = Infinity;
  let max = -Infinity;
  let minAt = 0;
  let maxAt = 0;
  let sum = 0;
  let any = false;
  const flush = () => {
    if (b < 0 || !any) return;
    if (mode === 'sum') row[2 * b] = sum;
    else if (minAt <= maxAt) { row[2 * b] = min; row[2 * b + 1] = max; }
    else { row[2 * b] = max; row[2 * b + 1] = min; }
  };
  for (const [x, v] of points) {
    const nb = Math.min(buckets - 1, Math.floor((x - from) / width));
    if (nb !== b) {
      flush();
      b = nb;
      min = Infinity; max = -Infinity; sum = 0; any = false;
    }
    if (v === null) continue;
    any = true;
    sum += v;
    if (v < min) { min = v; minAt = x; }
    if (v > max) { max = v; maxAt = x; }
  }
  flush();
  return row;
}
