// The snapshot's time-range presets, as pure functions of the snapshot's extent: what the range
// picker offers and what the charts then load. Ranges are epoch ms, clipped to the extent.

export type RangePreset = 'all' | 'last-15m' | 'last-1h' | 'around-reported';

const MINUTE = 60_000;

function clip([from, to]: [number, number], [lo, hi]: [number, number]): [number, number] | null {
  const a = Math.max(lo, from);
  const b = Math.min(hi, to);
  return b > a ? [a, b] : null;
}

/** The range a preset stands for; null = the whole snapshot (or nothing to zoom to). */
export function presetRange(preset: RangePreset, extent: [number, number], reportedMs: number[] = []): [number, number] | null {
  const [lo, hi] = extent;
  switch (preset) {
    case 'all':
      return null;
    case 'last-15m':
      return clip([hi - 15 * MINUTE, hi], extent);
    case 'last-1h':
      return clip([hi - 60 * MINUTE, hi], extent);
    case 'around-reported': {
      const at = reportedMs.find((ms) => ms >= lo && ms <= hi);
      return at === undefined ? null : clip([at - 15 * MINUTE, at + 15 * MINUTE], extent);
    }
  }
}

/** A `datetime-local` value (UTC, seconds) for an instant, and back; null for an unreadable one. */
export function toUtcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function fromUtcInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** A custom range from the two inputs: a sentence naming what is wrong, or the clipped range. */
export function customRange(from: string, to: string, extent: [number, number]): { range: [number, number] } | { error: string } {
  const a = fromUtcInput(from);
  const b = fromUtcInput(to);
  if (a === null) return { error: 'From is not a date and time.' };
  if (b === null) return { error: 'To is not a date and time.' };
  if (b <= a) return { error: 'To must be after From.' };
  const range = clip([a, b], extent);
  if (!range) return { error: `The snapshot covers ${toUtcInput(extent[0]).replace('T', ' ')} to ${toUtcInput(extent[1]).replace('T', ' ')} UTC only.` };
  return { range };
}

/** The range as the page's query (`?from=…&to=…`, UTC ISO to the second), so it can be bookmarked. */
export function rangeToQuery(search: string, range: [number, number] | null): string {
  const q = new URLSearchParams(search);
  q.delete('from');
  q.delete('to');
  if (range) {
    q.set('from', new Date(Math.floor(range[0] / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    q.set('to', new Date(Math.ceil(range[1] / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The range a page URL names, or null (absent, unreadable, or empty: the whole snapshot). */
export function rangeFromQuery(search: string): [number, number] | null {
  const q = new URLSearchParams(search);
  const from = Date.parse(q.get('from') ?? '');
  const to = Date.parse(q.get('to') ?? '');
  return Number.isFinite(from) && Number.isFinite(to) && from < to ? [from, to] : null;
}
