'use client';
// The snapshot's three charts on one time axis: queue depth per queue, errors per interval stacked
// by code, latency quantiles per operation. Hover is synchronised; the brush zooms all three and
// the server re-samples the zoomed range to the chart's width. Reported times are marked.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Bar, BarChart, Brush, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartData, SnapshotView } from '@/lib/trace-view/snapshot-view';
import type { ReportedTime } from '@/lib/trace-view/reported';
import { useHiddenSeries } from './use-hidden-series';
import { SnapshotRangePicker } from './snapshot-range-picker';
import { rangeFromQuery, rangeToQuery } from './snapshot-range';

const QUEUE_COLORS = ['#2f7cf6', '#9333ea', '#0891b2', '#65a30d', '#ea580c'];
const ERROR_COLORS = ['#dc2626', '#f97316', '#eab308', '#a855f7', '#0ea5e9', '#14b8a6', '#64748b'];
const QUANTILE_COLORS: Record<string, string> = { p50: '#16a34a', p95: '#d97706', p99: '#dc2626' };
const SYNC = 'bundle-snapshot';

function clock(ms: number, withSeconds = false): string {
  const iso = new Date(ms).toISOString();
  return withSeconds ? iso.slice(11, 19) : iso.slice(11, 16);
}

function span(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** Said instead of drawing empty axes when a chart has no series at all. */
function NoSeries({ children }: { children: ReactNode }) {
  return (
    <p data-testid="chart-empty" className="flex h-24 items-center justify-center rounded-md border border-dashed border-slate-200 text-xs text-slate-500">
      {children}
    </p>
  );
}

function ChartCard({ id, title, subtitle, actions, children }: { id: string; title: string; subtitle?: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section data-chart={id} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2">
        <div>
          <h2 className="text-sm font-semibold text-slate-800">{title}</h2>
          {subtitle && <p className="text-xs text-slate-500">{subtitle}</p>}
        </div>
        {actions}
      </header>
      <div className="px-2 pb-2 pt-3">{children}</div>
    </section>
  );
}

export function SnapshotCharts({ bundleId, reported }: { bundleId: string; reported: ReportedTime[] }) {
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  // The range lives in the URL (?from=…&to=…): a reload or a bookmark shows the same window.
  const [range, setRangeState] = useState<[number, number] | null>(() => (typeof window === 'undefined' ? null : rangeFromQuery(window.location.search)));
  const setRange = (next: [number, number] | null) => {
    setRangeState(next);
    window.history.replaceState(null, '', `${window.location.pathname}${rangeToQuery(window.location.search, next)}${window.location.hash}`);
  };
  const [operation, setOperation] = useState<string | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const queueLegend = useHiddenSeries();
  const errorLegend = useHiddenSeries();
  const latencyLegend = useHiddenSeries();

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(300, Math.round(el.clientWidth / 100) * 100)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const { data, error, isFetching } = useQuery({
    queryKey: ['bundle-series', bundleId, range?.[0] ?? null, range?.[1] ?? null, width],
    queryFn: async (): Promise<SnapshotView> => {
      const q = new URLSearchParams({ width: String(width) });
      if (range) {
        q.set('from', String(Math.floor(range[0])));
        q.set('to', String(Math.ceil(range[1])));
      }
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/series?${q}`);
      if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
      return res.json();
    },
    enabled: width > 0,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });

  const operations = useMemo(() => [...new Set((data?.latency.series ?? []).map((s) => s.group ?? ''))], [data]);
  const op = operation && operations.includes(operation) ? operation : (operations.find((o) => o === 'gateway.outbound') ?? operations[0] ?? null);

  if (error) return <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">Could not load the snapshot: {(error as Error).message}</p>;

  const domain: [number, number] = data ? data.range : [0, 1];
  const zoomed = !!data && (data.range[0] > data.extent[0] || data.range[1] < data.extent[1]);
  const resolution = data ? (data.queueDepth.bucketMs || data.errors.bucketMs ? `downsampled to ${span(Math.max(data.queueDepth.bucketMs, data.errors.bucketMs))} buckets (min/max)` : `raw points every ${span(data.intervalMs)}`) : '';
  const markers = reported.filter((r) => r.ms >= domain[0] && r.ms <= domain[1]);

  const onBrush = (rows: ChartData['rows']) => (e: { startIndex?: number; endIndex?: number }) => {
    if (e.startIndex === undefined || e.endIndex === undefined) return;
    if (pending.current) clearTimeout(pending.current);
    const from = rows[e.startIndex]?.t;
    const to = rows[e.endIndex]?.t;
    if (from == null || to == null || (e.startIndex === 0 && e.endIndex === rows.length - 1)) return;
    pending.current = setTimeout(() => setRange([from, to]), 450);
  };

  const xAxis = (
    <XAxis dataKey="t" type="number" scale="time" domain={domain} allowDataOverflow tickFormatter={(v: number) => clock(v, domain[1] - domain[0] < 15 * 60_000)} tick={{ fontSize: 11, fill: '#64748b' }} minTickGap={40} />
  );
  const yAxis = (unit: string) => (
    <YAxis width={64} tick={{ fontSize: 11, fill: '#64748b' }} label={{ value: unit, angle: -90, position: 'insideLeft', offset: 12, style: { fontSize: 11, fill: '#475569' } }} />
  );
  // Neighbouring markers' labels alternate top and bottom so they do not overprint.
  const refLines = markers.map((r, i) => (
    <ReferenceLine key={r.ms} x={r.ms} stroke="#7c3aed" strokeDasharray="4 3" strokeWidth={1.5} label={{ value: r.label, position: i % 2 ? 'insideBottomLeft' : 'insideTopLeft', fill: '#6d28d9', fontSize: 10 }} />
  ));
  const tooltip = (unit: string) => (
    <Tooltip
      labelFormatter={(v) => `${new Date(Number(v)).toISOString().replace('T', ' ').slice(0, 19)} UTC`}
      formatter={(value, name) => [value === null || value === undefined ? 'no data' : `${value} ${unit}`, name]}
      contentStyle={{ fontSize: 12, borderRadius: 6 }}
    />
  );
  const key = data ? `${data.range[0]}-${data.range[1]}` : 'empty';
  const latencySeries = (data?.latency.series ?? []).filter((s) => (s.group ?? '') === op);

  return (
    <div ref={wrap} className="space-y-3" data-testid="snapshot-charts" data-zoomed={zoomed ? 'true' : undefined}>
      <div className="flex flex-wrap items-center gap-3 text-xs text-slate-600">
        {data && (
          <span className="tabular-nums">
            {new Date(data.range[0]).toISOString().replace('T', ' ').slice(0, 19)} – {new Date(data.range[1]).toISOString().slice(11, 19)} UTC · {span(data.range[1] - data.range[0])} · {resolution}
          </span>
        )}
        {markers.length > 0 && (
          <span className="flex items-center gap-1">
            <span className="inline-block h-3 w-0 border-l-2 border-dashed border-violet-600" /> customer’s reported time{markers.length > 1 ? 's' : ''}
          </span>
        )}
        {reported.length > markers.length && <span className="text-amber-700">{reported.length - markers.length} reported time(s) outside this range</span>}
        {isFetching && <span className="text-slate-400">loading…</span>}
        <span className="ml-auto text-slate-500">Drag the brush under the queue-depth chart to zoom all three · click a legend entry to hide it</span>
        {zoomed && data && (
          <>
            <a data-testid="snapshot-window-trace" href={`/bundles/${encodeURIComponent(bundleId)}/trace?from=${data.range[0]}&to=${data.range[1]}`} className="text-brand-700 underline">Trace in this window</a>
            <a data-testid="snapshot-window-logs" href={`/bundles/${encodeURIComponent(bundleId)}/logs?from=${data.range[0]}&to=${data.range[1]}`} className="text-brand-700 underline">Logs in this window</a>
          </>
        )}
        {zoomed && (
          <button type="button" data-testid="snapshot-reset-zoom" onClick={() => setRange(null)} className="h-6 rounded px-2 text-brand-700 ring-1 ring-inset ring-brand-500/40 hover:bg-brand-50">
            Reset zoom
          </button>
        )}
      </div>

      {data && <SnapshotRangePicker key={key} extent={data.extent} range={data.range} reported={reported} onChange={setRange} />}

      <ChartCard id="queue-depth" title="Queue depth" subtitle="messages waiting, per queue">
        {data && data.queueDepth.series.length === 0 ? (
          <NoSeries>No queue-depth series in this bundle’s snapshot.</NoSeries>
        ) : (
        <ResponsiveContainer width="100%" height={220}>
          <LineChart key={key} data={data?.queueDepth.rows ?? []} syncId={SYNC} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#f1f5f9" />
            {xAxis}
            {yAxis(data?.queueDepth.unit ?? 'messages')}
            {tooltip(data?.queueDepth.unit ?? 'messages')}
            <Legend {...queueLegend.legendProps} />
            {(data?.queueDepth.series ?? []).map((s, i) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={QUEUE_COLORS[i % QUEUE_COLORS.length]} dot={false} strokeWidth={1.5} isAnimationActive={false} connectNulls={false} hide={queueLegend.hidden.has(s.key)} />
            ))}
            {refLines}
            <Brush dataKey="t" height={22} stroke="#94a3b8" travellerWidth={8} tickFormatter={(v: number) => clock(v)} onChange={onBrush(data?.queueDepth.rows ?? [])} />
          </LineChart>
        </ResponsiveContainer>
        )}
      </ChartCard>

      <ChartCard id="errors" title="Errors per interval" subtitle={`stacked by X400 error code${data?.errors.bucketMs ? `, summed per ${span(data.errors.bucketMs)}` : data ? `, per ${span(data.intervalMs)}` : ''}`}>
        {data && data.errors.series.length === 0 ? (
          <NoSeries>No errors.count series in this bundle’s snapshot.</NoSeries>
        ) : (
        <ResponsiveContainer width="100%" height={200}>
          <BarChart key={key} data={data?.errors.rows ?? []} syncId={SYNC} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barCategoryGap={0}>
            <CartesianGrid stroke="#f1f5f9" />
            {xAxis}
            {yAxis(data?.errors.unit ?? 'errors')}
            {tooltip(data?.errors.unit ?? 'errors')}
            <Legend {...errorLegend.legendProps} />
            {(data?.errors.series ?? []).map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} stackId="errors" fill={ERROR_COLORS[i % ERROR_COLORS.length]} isAnimationActive={false} hide={errorLegend.hidden.has(s.key)} />
            ))}
            {refLines}
          </BarChart>
        </ResponsiveContainer>
        )}
      </ChartCard>

      <ChartCard
        id="latency"
        title="Latency"
        subtitle="p50 / p95 / p99 per operation"
        actions={
          operations.length > 0 && (
            <select aria-label="Operation" value={op ?? ''} onChange={(e) => setOperation(e.target.value)} className="h-7 rounded-md border-0 py-0 pl-2 pr-7 text-xs ring-1 ring-inset ring-slate-300">
              {operations.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          )
        }
      >
        {data && latencySeries.length === 0 ? (
          <NoSeries>No latency series in this bundle’s snapshot.</NoSeries>
        ) : (
        <ResponsiveContainer width="100%" height={220}>
          <LineChart key={key} data={data?.latency.rows ?? []} syncId={SYNC} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#f1f5f9" />
            {xAxis}
            {yAxis(data?.latency.unit ?? 'ms')}
            {tooltip(data?.latency.unit ?? 'ms')}
            <Legend {...latencyLegend.legendProps} />
            {latencySeries.map((s) => (
              <Line key={s.key} dataKey={s.key} name={`${s.label}`} stroke={QUANTILE_COLORS[s.label] ?? '#64748b'} dot={false} strokeWidth={s.label === 'p50' ? 1.25 : 1.5} isAnimationActive={false} connectNulls={false} hide={latencyLegend.hidden.has(s.key)} />
            ))}
            {refLines}
          </LineChart>
        </ResponsiveContainer>
        )}
      </ChartCard>
    </div>
  );
}
