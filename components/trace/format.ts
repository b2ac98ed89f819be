// Display helpers shared by the timeline's parts: durations, offsets, service colours.

/** µs to a short human duration: 850 µs, 12.3 ms, 1.52 s, 4 min 03 s. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '—';
  const a = Math.abs(us);
  if (a < 1000) return `${Math.round(us)} µs`;
  if (a < 1_000_000) return `${(us / 1000).toFixed(a < 10_000 ? 2 : a < 100_000 ? 1 : 0)} ms`;
  if (a < 60_000_000) return `${(us / 1_000_000).toFixed(a < 10_000_000 ? 2 : 1)} s`;
  const s = Math.round(us / 1_000_000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * A whole number with thousands separators, as en-US writes it (1,000,000). Not toLocaleString:
 * its first call loads the ICU number data, ~0.1 s of a slow CPU while the timeline hydrates.
 */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Epoch µs to "2026-11-26 21:40:03.120 UTC". */
export function formatEpochUs(us: number): string {
  return new Date(us / 1000).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

const PALETTE = ['#2f7cf6', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#c026d3', '#65a30d', '#4f46e5', '#d97706', '#0d9488', '#db2777', '#64748b'];

export function serviceColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** Tick positions (µs) for an axis spanning [t0, t1] with about `count` ticks at round steps. */
export function ticks(t0: number, t1: number, count: number): number[] {
  const span = Math.max(1, t1 - t0);
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) out.push(t);
  return out;
}

/**
 * The shortest id fragments that tell traces apart: ids of the same length share leading zeros
 * (000000000000…0001), so the label keeps the distinguishing tail, at least `min` digits.
 */
export function distinctTraceIds(ids: readonly string[], min = 8): string[] {
  if (ids.length === 0) return [];
  let n = min;
  const max = Math.max(...ids.map((id) => id.length));
  for (; n < max; n++) {
    const seen = new Set<string>();
    let clash = false;
    for (const id of ids) {
      const tail = id.slice(-n);
      if (seen.has(tail)) {
        clash = true;
        break;
      }
      seen.add(tail);
    }
    if (!clash) break;
  }
  return ids.map((id) => (id.length > n ? `…${id.slice(-n)}` : id));
}

/** One trace in the trace picker: "…00000001 · gateway.inbound · 21:58:03.120 · 14 spans". */
export function traceOptionLabel(idFragment: string, rootName: string, startUs: number, spans: number): string {
  const start = Number.isFinite(startUs) ? new Date(startUs / 1000).toISOString().slice(11, 23) : '—';
  return `${idFragment} · ${rootName} · ${start} · ${formatCount(spans)} ${spans === 1 ? 'span' : 'spans'}`;
}
