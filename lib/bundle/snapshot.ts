// snapshot.json: the gateway's metrics snapshot (queue depth, error counts, latency trends) as series.

import type { Problem } from './problems';

export interface Series {
  name: string;
  unit: string;
  labels: Record<string, string>;
  /** [epoch ms, value | null (a gap)] */
  points: [number, number | null][];
}

export interface Snapshot {
  capturedAt: string | null;
  intervalSeconds: number | null;
  series: Series[];
}

export type SnapshotResult = { ok: true; snapshot: Snapshot } | { ok: false; problem: Problem };

function invalid(message: string): SnapshotResult {
  return { ok: false, problem: { code: 'SNAPSHOT_INVALID', message: `snapshot.json: ${message}`, entry: 'snapshot.json' } };
}

export function parseSnapshot(raw: unknown): SnapshotResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('not a JSON object');
  const obj = raw as Record<string, unknown>;
  if (!Array.isArray(obj.series)) return invalid('"series" is not an array');
  const series: Series[] = [];
  for (let i = 0; i < obj.series.length; i++) {
    const s = obj.series[i] as Record<string, unknown>;
    if (typeof s !== 'object' || s === null || typeof s.name !== 'string') return invalid(`series ${i} has no name`);
    if (!Array.isArray(s.points)) return invalid(`series ${i} ("${s.name}") has no points array`);
    const labels: Record<string, string> = {};
    if (s.labels !== undefined) {
      if (typeof s.labels !== 'object' || s.labels === null || Array.isArray(s.labels)) return invalid(`series ${i} labels are not an object`);
      for (const [k, v] of Object.entries(s.labels)) labels[k] = String(v);
    }
    const points = s.points as unknown[];
    for (let j = 0; j < points.length; j++) {
      const p = points[j];
      if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || !(typeof p[1] === 'number' || p[1] === null)) {
        return invalid(`series ${i} ("${s.name}") point ${j} is not [epochMillis, number | null]`);
      }
    }
    series.push({ name: s.name, unit: typeof s.unit === 'string' ? s.unit : '', labels, points: points as [number, number | null][] });
  }
  return {
    ok: true,
    snapshot: {
      capturedAt: typeof obj.capturedAt === 'string' ? obj.capturedAt : null,
      intervalSeconds: typeof obj.intervalSeconds === 'number' ? obj.intervalSeconds : null,
      series,
    },
  };
}
