// Server side of the snapshot charts: the bundle's series grouped per chart (queue depth per queue,
// errors per code, latency per operation and quantile), clipped to a time range and downsampled
// to about the chart's width in pixels.
import type { Db } from '@/db/client';
import { listSeries } from '@/db/queries/bundles';
import { downsampleShared, type Point } from './downsample';

interface StoredSeries {
  name: string;
  unit: string | null;
  labels: Record<string, string>;
  points: Point[];
}

export interface ChartData {
  /** Series keys (`s0`, `s1`, ...) with the label to show and the unit. */
  series: { key: string; label: string; group?: string }[];
  unit: string;
  rows: Record<string, number | null>[];
  bucketMs: number;
}

export interface SnapshotView {
  /** Full time extent of the snapshot, epoch ms. */
  extent: [number, number];
  /** The range these charts cover. */
  range: [number, number];
  intervalMs: number;
  queueDepth: ChartData;
  errors: ChartData;
  latency: ChartData;
}

const cache = new Map<string, StoredSeries[]>();

async function loadSeries(db: Db, bundleId: string): Promise<StoredSeries[]> {
  const hit = cache.get(bundleId);
  if (hit) return hit;
  const rows = await listSeries(db, bundleId);
  const parsed = rows.map((r) => {
    const points = r.points as Point[];
    // Sorted by time for the binary-search clip; snapshots are written in order, so this is cheap.
    for (let i = 1; i < points.length; i++) {
      if (points[i][0] < points[i - 1][0]) {
        points.sort((a, b) => a[0] - b[0]);
        break;
      }
    }
    return { name: r.name, unit: r.unit, labels: r.labels, points };
  });
  if (cache.size >= 3) cache.delete(cache.keys().next().value!);
  cache.set(bundleId, parsed);
  return parsed;
}

function chart(list: StoredSeries[], values: (number | null)[][], t: number[], bucketMs: number, labelOf: (s: StoredSeries) => string, groupOf: ((s: StoredSeries) => string) | null, unit: string): ChartData {
  const series = list.map((s, k) => ({ key: `s${k}`, label: labelOf(s), ...(groupOf ? { group: groupOf(s) } : {}) }));
  const rows = t.map((x, i) => {
    const row: Record<string, number | null> = { t: x };
    values.forEach((v, k) => { row[`s${k}`] = v[i]; });
    return row;
  });
  return { series, unit: list[0]?.unit ?? unit, rows, bucketMs };
}

/** The three charts over [from, to] (the whole snapshot when absent), about `width` px wide. */
export async function snapshotView(db: Db, bundleId: string, opts: { from?: number; to?: number; width?: number } = {}): Promise<SnapshotView> {
  const all = await loadSeries(db, bundleId);
  let lo = Infinity;
  let hi = -Infinity;
  let interval = Infinity;
  for (const s of all) {
    if (s.points.length) {
      lo = Math.min(lo, s.points[0][0]);
      hi = Math.max(hi, s.points[s.points.length - 1][0]);
    }
    if (s.points.length > 1) interval = Math.min(interval, s.points[1][0] - s.points[0][0]);
  }
  if (!Number.isFinite(lo)) { lo = 0; hi = 0; }
  const from = Math.max(lo, opts.from ?? lo);
  const to = Math.min(hi, opts.to ?? hi);
  const buckets = Math.max(20, Math.min(2000, Math.round((opts.width ?? 900) / 2)));
  const queue = all.filter((s) => s.name === 'queue.depth');
  const errors = all.filter((s) => s.name === 'errors.count');
  const latency = all.filter((s) => s.name === 'latency.ms');
  const d = downsampleShared(
    [
      { series: queue.map((s) => s.points), mode: 'minmax' },
      { series: errors.map((s) => s.points), mode: 'sum' },
      { series: latency.map((s) => s.points), mode: 'minmax' },
    ],
    from,
    to,
    buckets,
  );
  return {
    extent: [lo, hi],
    range: [from, to],
    intervalMs: Number.isFinite(interval) ? interval : 0,
    queueDepth: chart(queue, d.groups[0], d.t, d.bucketMs, (s) => s.labels.queue ?? 'queue', null, 'messages'),
    errors: chart(errors, d.groups[1], d.t, d.bucketMs, (s) => s.labels.code ?? 'errors', null, 'errors'),
    latency: chart(latency, d.groups[2], d.t, d.bucketMs, (s) => s.labels.quantile ?? 'value', (s) => s.labels.operation ?? 'operation', 'ms'),
  };
}
