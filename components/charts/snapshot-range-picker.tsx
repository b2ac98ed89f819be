'use client';
// Pick the snapshot's time range: presets (whole snapshot, the last 15 min / hour, around the
// customer's reported time) or two UTC date-times. All three charts follow.
import { useState } from 'react';
import type { ReportedTime } from '@/lib/trace-view/reported';
import { customRange, presetRange, toUtcInput, type RangePreset } from './snapshot-range';

const PRESETS: { id: RangePreset; label: string }[] = [
  { id: 'all', label: 'Whole snapshot' },
  { id: 'last-1h', label: 'Last hour' },
  { id: 'last-15m', label: 'Last 15 min' },
  { id: 'around-reported', label: '±15 min around the reported time' },
];

export function SnapshotRangePicker({
  extent,
  range,
  reported,
  onChange,
}: {
  extent: [number, number];
  range: [number, number];
  reported: ReportedTime[];
  onChange: (range: [number, number] | null) => void;
}) {
  const [from, setFrom] = useState(() => toUtcInput(range[0]));
  const [to, setTo] = useState(() => toUtcInput(range[1]));
  const [error, setError] = useState<string | null>(null);
  const reportedMs = reported.map((r) => r.ms);
  const choose = (next: [number, number] | null) => {
    setError(null);
    setFrom(toUtcInput((next ?? extent)[0]));
    setTo(toUtcInput((next ?? extent)[1]));
    onChange(next);
  };
  return (
    <form
      data-testid="snapshot-range-picker"
      className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white px-3 py-2 text-xs shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const result = customRange(from, to, extent);
        if ('error' in result) setError(result.error);
        else choose(result.range);
      }}
    >
      <div className="flex flex-wrap gap-1" role="group" aria-label="Time range presets">
        {PRESETS.map((p) => {
          const target = presetRange(p.id, extent, reportedMs);
          const unavailable = p.id !== 'all' && target === null;
          return (
            <button
              key={p.id}
              type="button"
              disabled={unavailable}
              onClick={() => choose(target)}
              className="h-7 whitespace-nowrap rounded px-2 text-brand-700 ring-1 ring-inset ring-brand-500/40 hover:bg-brand-50 disabled:text-slate-400 disabled:ring-slate-200"
            >
              {p.label}
            </button>
          );
        })}
      </div>
      <label className="flex flex-col gap-0.5 text-slate-600">
        From (UTC)
        <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} className="h-7 rounded-md border-0 px-2 ring-1 ring-inset ring-slate-300" />
      </label>
      <label className="flex flex-col gap-0.5 text-slate-600">
        To (UTC)
        <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} className="h-7 rounded-md border-0 px-2 ring-1 ring-inset ring-slate-300" />
      </label>
      <button type="submit" className="h-7 rounded bg-brand-600 px-2.5 font-medium text-white hover:bg-brand-700">Show range</button>
      {error && <p role="alert" className="w-full text-red-700">{error}</p>}
    </form>
  );
}
