'use client';
// Two bundles' snapshot measure overlaid on one axis (time since each snapshot's start).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OverlayRow } from '@/lib/trace-view/compare-series';

function offset(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 3600 ? `+${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}` : `+${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}

export function CompareChart({ rows, unit, baseLabel, otherLabel }: { rows: OverlayRow[]; unit: string; baseLabel: string; otherLabel: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">Neither snapshot has this measure.</p>;
  return (
    <div className="h-64" data-testid="compare-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={offset} fontSize={11} />
          <YAxis fontSize={11} width={48} />
          <Tooltip labelFormatter={(v) => offset(Number(v))} formatter={(v) => [`${v} ${unit}`]} />
          <Legend />
          <Line type="monotone" dataKey="base" name={baseLabel} stroke="#64748b" dot={false} isAnimationActive={false} connectNulls={false} />
          <Line type="monotone" dataKey="other" name={otherLabel} stroke="#2f7cf6" dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
