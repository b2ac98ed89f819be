// The compare page's overlay: one snapshot measure of two bundles on one axis, each bundle's time
// counted from the start of its own snapshot, so last week's capture lies over today's.

export type OverlayMeasure = 'queue.depth' | 'errors.count' | 'latency.p95';

export const OVERLAY_MEASURES: { key: OverlayMeasure; label: string; unit: string }[] = [
  { key: 'queue.depth', label: 'Queue depth (all queues)', unit: 'messages' },
  { key: 'errors.count', label: 'Errors (all codes)', unit: 'errors' },
  { key: 'latency.p95', label: 'Latency p95 (slowest operation)', unit: 'ms' },
];

export interface StoredSeriesLike {
  name: string;
  labels: Record<string, string>;
  points: [number, number | null][];
}

export interface OverlayRow {
  /** ms since the start of each bundle's snapshot. */
  t: number;
  base: number | null;
  other: number | null;
}

function picks(measure: OverlayMeasure, s: StoredSeriesLike): boolean {
  if (measure === 'latency.p95') return s.name === 'latency.ms' && s.labels.quantile === 'p95';
  return s.name === measure;
}

/** Per timestamp: the sum (queue depth, errors) or the maximum (latency) of the chosen series. */
function combine(measure: OverlayMeasure, list: StoredSeriesLike[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of list) {
    if (!picks(measure, s)) continue;
    for (const [ts, v] of s.points) {
      if (v === null) continue;
      const prev = out.get(ts);
      out.set(ts, prev === undefined ? v : measure === 'latency.p95' ? Math.max(prev, v) : prev + v);
    }
  }
  return out;
}

/** The two bundles' measure on a shared offset axis, in about `buckets` buckets (the maximum of each). */
export function overlaySeries(measure: OverlayMeasure, base: StoredSeriesLike[], other: StoredSeriesLike[], buckets = 240): { rows: OverlayRow[]; bucketMs: number } {
  const sides = [combine(measure, base), combine(measure, other)];
  const starts = sides.map((m) => (m.size ? Math.min(...m.keys()) : 0));
  let span = 0;
  sides.forEach((m, k) => { for (const ts of m.keys()) span = Math.max(span, ts - starts[k]!); });
  const bucketMs = Math.max(1, Math.ceil((span + 1) / buckets));
  const n = Math.floor(span / bucketMs) + 1;
  const values: (number | null)[][] = [new Array(n).fill(null), new Array(n).fill(null)];
  sides.forEach((m, k) => {
    for (const [ts, v] of m) {
      const b = Math.floor((ts - starts[k]!) / bucketMs);
      const cur = values[k]![b];
      values[k]![b] = cur === null || cur === undefined ? v : Math.max(cur, v);
    }
  });
  const rows: OverlayRow[] = [];
  for (let b = 0; b < n; b++) {
    if (values[0]![b] === null && values[1]![b] === null) continue;
    rows.push({ t: b * bucketMs, base: values[0]![b] ?? null, other: values[1]![b] ?? null });
  }
  return { rows, bucketMs };
}
