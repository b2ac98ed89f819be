'use client';
// Weekly SLA compliance by severity (Recharts): one chart per target. A week with data is drawn
// as a dot too, so a single week (no line to draw) still shows; clicking a legend entry hides it.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useHiddenSeries } from '@/components/charts/use-hidden-series';

export interface CompliancePoint {
  week: string;
  s1: number | null;
  s2: number | null;
  s3: number | null;
}

const SERIES = [
  { key: 's1', name: 'Sev-1', color: '#dc2626' },
  { key: 's2', name: 'Sev-2', color: '#d97706' },
  { key: 's3', name: 'Sev-3', color: '#2563eb' },
] as const;

export function ComplianceChart({ title, data, testId }: { title: string; data: CompliancePoint[]; testId?: string }) {
  const { hidden, legendProps } = useHiddenSeries();
  return (
    <figure className="min-w-0" data-testid={testId}>
      <figcaption className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</figcaption>
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="week" tick={{ fontSize: 11, fill: '#64748b' }} tickLine={false} axisLine={{ stroke: '#cbd5e1' }} minTickGap={16} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 11, fill: '#64748b' }} tickLine={false} axisLine={false} unit="%" />
            <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)} %` : '—')} labelFormatter={(l) => `Week of ${l}`} contentStyle={{ fontSize: 12 }} />
            <Legend {...legendProps} iconType="plainline" />
            {SERIES.map((s) => (
              <Line
                key={s.key}
                type="monotone"
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                strokeWidth={2}
                dot={{ r: 3, fill: s.color, strokeWidth: 0 }}
                hide={hidden.has(s.key)}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
