'use client';
// The trace timeline: loads the bundle's skeleton once, then computes everything the user changes
// (trace, collapse, filters, zoom) from typed arrays in the browser. Only the visible window of
// rows reaches the DOM. Span details, attribute search and the critical path come from the server.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rowView, type RowView, type TracePreview } from '@/lib/trace-view/preview';
import { decodeSkeleton, FLAG_ERROR, traceOf, type Skeleton } from '@/lib/trace-view/skeleton';
import {
  ancestorsOf, defaultCollapsed, filterKeep, firstErrorAfter, fullRange, indexSkeleton, matchMask, rowOf, timeBounds, traceRange, visibleRows,
  type SpanFilter,
} from '@/lib/trace-view/visible';
import { distinctTraceIds, formatDuration, formatEpochUs, traceOptionLabel } from './format';
import { ROW_H, scrollForRow } from './geometry';
import { Minimap } from './minimap';
import { SpanDetailPanel } from './span-detail';
import { Waterfall, type Marker } from './waterfall';

export interface ReportedTime {
  label: string;
  /** Epoch ms. */
  ms: number;
}

async function fetchSkeleton(bundleId: string): Promise<Skeleton> {
  const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/skeleton`);
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
  // Stored and sent gzipped; inflated here as a stream (not on the main thread's critical path).
  const inflated = res.body!.pipeThrough(new DecompressionStream('gzip'));
  const sk = decodeSkeleton(await new Response(inflated).arrayBuffer());
  performance.mark('x400:skeleton-decoded');
  return sk;
}

/**
 * `preview` (from the server, see lib/trace-view/preview.ts) is the timeline as it opens with its
 * first rows: rendered into the page's HTML, so rows are on screen at first paint. Until the
 * skeleton is loaded the same markup stays up, its controls disabled; then the same component
 * carries on from the skeleton (no remount, no flash).
 */
export function TraceTimeline({ bundleId, reported, preview = null }: { bundleId: string; reported: ReportedTime[]; preview?: TracePreview | null }) {
  const { data, error } = useQuery({
    queryKey: ['bundle-skeleton', bundleId],
    queryFn: () => fetchSkeleton(bundleId),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  if (error) {
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        Could not load the trace: {(error as Error).message}
      </div>
    );
  }
  if (!data && !preview) {
    return (
      <div data-testid="trace-timeline" className="flex h-64 items-center justify-center rounded-lg border border-slate-200 bg-white text-sm text-slate-500">
        Loading the span tree…
      </div>
    );
  }
  return <Timeline bundleId={bundleId} sk={data ?? null} preview={preview} reported={reported} />;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

const MAX_TRACE_OPTIONS = 1000;
/** Fixed, so the server-rendered figures match the browser's at hydration. */
const NUMBER_LOCALE = 'en-US';

const NO_ROWS = new Int32Array(0);
const NO_BYTES = new Uint8Array(0);

function Timeline({ bundleId, sk, preview, reported }: { bundleId: string; sk: Skeleton | null; preview: TracePreview | null; reported: ReportedTime[] }) {
  // `live` once the skeleton is here; before that (server render, hydration, download) the
  // preview's figures and rows are shown and the controls wait.
  const live = sk !== null;
  const index = useMemo(() => (sk ? indexSkeleton(sk) : null), [sk]);
  const traceCount = sk ? sk.traceIds.length : preview!.traceCount;
  const services = sk ? sk.services : preview!.services;
  const baseUs = sk ? sk.baseUs : preview!.baseUs;
  const [trace, setTrace] = useState(() => (sk ? (sk.traceIds.length === 1 ? 0 : -1) : preview!.trace));
  const range = useMemo(() => (sk ? (trace < 0 ? fullRange(sk) : traceRange(sk, trace)) : null), [sk, trace]);
  const skBounds = useMemo(() => (sk && range ? timeBounds(sk, range) : null), [sk, range]);
  const previewBounds = preview?.bounds;
  const bounds = useMemo(() => skBounds ?? previewBounds!, [skBounds, previewBounds]);
  const [view, setView] = useState({ t0: bounds.start, t1: bounds.end });
  useEffect(() => setView((v) => (v.t0 === bounds.start && v.t1 === bounds.end ? v : { t0: bounds.start, t1: bounds.end })), [bounds]);

  // Collapse state lives in typed arrays (one byte per span); a version number re-renders.
  const baseCollapsed = useMemo(() => (sk ? defaultCollapsed(sk) : NO_BYTES), [sk]);
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  const [errorsOnly, setErrorsOnly] = useState(false);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [service, setService] = useState(-1);
  const [minDurationMs, setMinDurationMs] = useState('');
  useEffect(() => {
    const id = setTimeout(() => setQuery(text.trim()), 200);
    return () => clearTimeout(id);
  }, [text]);
  const attr = useQuery({
    queryKey: ['span-search', bundleId, query.toLowerCase()],
    queryFn: async () => {
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/search?q=${encodeURIComponent(query)}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return new Int32Array(await res.arrayBuffer());
    },
    enabled: query.length >= 2,
    staleTime: Infinity,
  });
  const filter: SpanFilter = useMemo(
    () => ({ errorsOnly, text: query, attributeMatches: query.length >= 2 ? (attr.data ?? null) : null, service, minDurationUs: Math.max(0, Number(minDurationMs) || 0) * 1000 }),
    [errorsOnly, query, attr.data, service, minDurationMs],
  );
  const { keep, matches } = useMemo(() => {
    if (!sk || !index || !range) return { keep: null, matches: null };
    const match = matchMask(sk, range, filter);
    let n = 0;
    if (match) for (let i = range.from; i < range.to; i++) n += match[i];
    return { keep: filterKeep(sk, index, range, match), matches: match ? n : null };
  }, [sk, index, range, filter]);
  // While a filter is on, matches are shown with their ancestors open; collapsing then is separate.
  const filterCollapsed = useMemo(() => (keep ? new Uint8Array(keep.length) : NO_BYTES), [keep]);
  const active = keep ? filterCollapsed : baseCollapsed;

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(() => (sk && range ? visibleRows(sk, range, active, keep) : NO_ROWS), [sk, range, active, keep, version]);
  const rowCount = sk ? rows.length : preview!.rowCount;
  const rowAt = useCallback(
    (r: number): RowView | null => {
      if (!sk || !index) return preview!.rows[r] ?? null;
      return rowView(sk, index, rows[r], active);
    },
    // `version` marks in-place changes to `active`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [sk, index, rows, active, preview, version],
  );

  const critical = useQuery({
    queryKey: ['critical-path', bundleId, trace],
    queryFn: async () => {
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/critical-path?trace=${trace}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const { positions } = (await res.json()) as { positions: number[] };
      const mask = new Uint8Array(sk!.count);
      for (const p of positions) mask[p] = 1;
      return mask;
    },
    enabled: trace >= 0 && live,
    staleTime: Infinity,
  });
  const [showCritical, setShowCritical] = useState(true);

  const [selected, setSelected] = useState<number | null>(null);
  // The scroll position reaches the minimap through a small store, so scrolling re-renders only the
  // waterfall and the minimap's viewport box, not the whole timeline.
  const viewportStore = useMemo(() => createViewportStore(), []);
  const viewport = viewportStore.ref;
  const onViewport = viewportStore.set;
  // With a preview, the first rows are in the page's HTML: ready from the start.
  const [ready, setReady] = useState(preview !== null);
  const onPainted = useCallback(() => {
    if (!ready) performance.mark('x400:rows-painted');
    setReady(true);
  }, [ready]);
  const scroller = useRef<HTMLDivElement>(null);
  const pendingReveal = useRef<number | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);

  const markers: Marker[] = useMemo(() => reported.map((r) => ({ label: r.label, at: r.ms * 1000 - baseUs })), [reported, baseUs]);
  const [markerIdx, setMarkerIdx] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  const scrollToRow = useCallback(
    (r: number, mode: 'center' | 'nearest') => {
      const el = scroller.current;
      if (!el || r < 0) return;
      const h = el.clientHeight;
      const inView = Math.floor(h / ROW_H);
      const first = viewport.current.first;
      if (mode === 'nearest' && r >= first && r < first + inView - 1) return;
      const topRow = mode === 'center' ? r - Math.floor(inView / 2) : r < first ? r : r - inView + 2;
      el.scrollTop = scrollForRow(Math.max(0, topRow), rowCount, h);
    },
    [rowCount, viewport],
  );

  useEffect(() => {
    const pos = pendingReveal.current;
    if (pos === null) return;
    pendingReveal.current = null;
    scrollToRow(rowOf(rows, pos), 'center');
  }, [rows, scrollToRow]);

  const toggle = useCallback(
    (pos: number) => {
      if (!live) return;
      active[pos] = active[pos] ? 0 : 1;
      bump();
    },
    [active, bump, live],
  );

  /** Shows a span: its trace, its ancestors open, filters off if they hide it; then selects it. */
  const reveal = useCallback(
    (pos: number) => {
      if (!sk || !index || !range) return;
      if (trace >= 0 && (pos < range.from || pos >= range.to)) setTrace(traceOf(sk, pos));
      for (const a of ancestorsOf(index, pos)) {
        baseCollapsed[a] = 0;
        if (filterCollapsed.length) filterCollapsed[a] = 0;
      }
      if (keep && !keep[pos]) {
        setErrorsOnly(false);
        setText('');
        setQuery('');
        setService(-1);
        setMinDurationMs('');
      }
      const t = sk.start[pos];
      if (t < view.t0 || t > view.t1) setView({ t0: bounds.start, t1: bounds.end });
      pendingReveal.current = pos;
      setSelected(pos);
      bump();
    },
    [trace, range, sk, index, filterCollapsed, keep, view, bounds, bump],
  );

  const jumpToError = () => {
    const m = markers[markerIdx];
    if (!m || !sk || !range) return;
    const pos = firstErrorAfter(sk, range, m.at);
    if (pos < 0) {
      setNotice(`No failed span starts after ${formatEpochUs(m.at + sk.baseUs)}.`);
      return;
    }
    setNotice(null);
    reveal(pos);
  };

  const selectRow = useCallback(
    (r: number) => {
      if (!live || r < 0 || r >= rows.length) return;
      const code = rows[r];
      const pos = code < 0 ? -code - 1 : code;
      setSelected(pos);
      scrollToRow(rowOf(rows, pos), 'nearest');
    },
    [rows, scrollToRow, live],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!sk || !index || typing(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
    const r = selected === null ? -1 : rowOf(rows, selected);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      let next = r + 1;
      if (rows[next] < 0) next++;
      selectRow(Math.min(rows.length - 1, next));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      let prev = r < 0 ? 0 : r - 1;
      if (rows[prev] < 0) prev--;
      selectRow(Math.max(0, prev));
    } else if (e.key === 'ArrowLeft' && selected !== null) {
      e.preventDefault();
      if (sk.subtreeSize[selected] > 1 && !active[selected]) toggle(selected);
      else if (index.parent[selected] >= 0) selectRow(rowOf(rows, index.parent[selected]));
    } else if (e.key === 'ArrowRight' && selected !== null) {
      e.preventDefault();
      if (sk.subtreeSize[selected] > 1 && active[selected]) toggle(selected);
      else if (r + 1 < rows.length && rows[r + 1] >= 0 && index.parent[rows[r + 1]] === selected) selectRow(r + 1);
    } else if (e.key === 'Escape') {
      setSelected(null);
    }
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'e') {
        setErrorsOnly((v) => !v);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const traceOptionList = useMemo(
    () =>
      !sk
        ? null
        : (() => {
            const shown = Math.min(sk.traceIds.length, MAX_TRACE_OPTIONS);
            const ids = distinctTraceIds(sk.traceIds.slice(0, shown));
            return Array.from({ length: shown }, (_, k) => {
              const first = sk.traceFirst[k];
              return (
                <option key={k} value={k}>
                  {traceOptionLabel(ids[k], sk.names[sk.name[first]], sk.baseUs + sk.start[first], sk.traceFirst[k + 1] - first)}
                </option>
              );
            });
          })(),
    [sk],
  );
  const zoomed = view.t0 > bounds.start + 0.5 || view.t1 < bounds.end - 0.5;
  const traceErrors = useMemo(() => {
    if (!sk || !range) return preview!.rangeErrors;
    let n = 0;
    for (let i = range.from; i < range.to; i++) if (sk.flags[i] & FLAG_ERROR) n++;
    return n;
  }, [sk, range, preview]);
  const rangeSpans = range ? range.to - range.from : preview!.rangeSpans;

  return (
    <div
      ref={root}
      data-testid="trace-timeline"
      data-trace-ready={ready ? 'true' : undefined}
      data-trace-live={live ? 'true' : undefined}
      data-row-count={rowCount}
      tabIndex={0}
      onKeyDown={onKeyDown}
      className="flex h-[calc(100vh-9rem)] min-h-[480px] flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
    >
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-3 py-2">
        {traceCount > 1 && (
          <label className="flex items-center gap-1 text-xs text-slate-600">
            Trace
            <select
              // The test id marks the working picker (once the skeleton is loaded).
              data-testid={live ? 'trace-picker' : undefined}
              disabled={!live}
              value={trace}
              onChange={(e) => {
                setTrace(Number(e.target.value));
                setSelected(null);
                scroller.current?.scrollTo({ top: 0 });
              }}
              className="h-7 max-w-[22rem] rounded-md border-0 bg-white py-0 pl-2 pr-7 text-xs ring-1 ring-inset ring-slate-300"
            >
              <option value={-1}>All {traceCount.toLocaleString(NUMBER_LOCALE)} traces</option>
              {traceOptionList}
            </select>
          </label>
        )}
        <input
          ref={search}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
          }}
          placeholder="Search name, service, attributes   /"
          aria-label="Search spans"
          disabled={!live}
          data-testid="trace-search"
          className="h-7 w-64 rounded-md border-0 px-2 text-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-500"
        />
        <label className={`flex h-7 cursor-pointer items-center gap-1.5 rounded-md px-2 text-xs ring-1 ring-inset ${errorsOnly ? 'bg-red-50 text-red-800 ring-red-300' : 'text-slate-700 ring-slate-300'}`}>
          <input type="checkbox" checked={errorsOnly} disabled={!live} onChange={(e) => setErrorsOnly(e.target.checked)} data-testid="errors-only" className="accent-red-600" />
          Errors only <kbd className="font-mono text-[10px] text-slate-400">e</kbd>
        </label>
        <select
          aria-label="Service"
          disabled={!live}
          value={service}
          onChange={(e) => setService(Number(e.target.value))}
          className="h-7 max-w-[12rem] rounded-md border-0 py-0 pl-2 pr-7 text-xs ring-1 ring-inset ring-slate-300"
        >
          <option value={-1}>All services</option>
          {services.map((s, i) => (
            <option key={i} value={i}>
              {s}
            </option>
          ))}
        </select>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          ≥
          <input
            type="number"
            min={0}
            step="any"
            value={minDurationMs}
            onChange={(e) => setMinDurationMs(e.target.value)}
            aria-label="Minimum duration in ms"
            disabled={!live}
            placeholder="0"
            className="h-7 w-16 rounded-md border-0 px-1.5 text-xs ring-1 ring-inset ring-slate-300"
          />
          ms
        </label>
        <div className="ml-auto flex items-center gap-1.5">
          <button
            type="button"
            data-testid="expand-all"
            disabled={!live}
            onClick={() => {
              baseCollapsed.fill(0);
              filterCollapsed.fill(0);
              bump();
            }}
            className="h-7 rounded-md px-2 text-xs text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Expand all
          </button>
          <button
            type="button"
            data-testid="collapse-all"
            disabled={!live}
            onClick={() => {
              if (!sk) return;
              for (const arr of [baseCollapsed, filterCollapsed]) for (let i = 0; i < arr.length; i++) arr[i] = sk.subtreeSize[i] > 1 ? 1 : 0;
              bump();
            }}
            className="h-7 rounded-md px-2 text-xs text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Collapse all
          </button>
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-3 py-1.5 text-xs text-slate-600">
        <span data-testid="trace-row-count" className="tabular-nums">
          <span className="font-semibold text-slate-900">{rowCount.toLocaleString(NUMBER_LOCALE)}</span> rows
          {matches !== null && <> · {matches.toLocaleString(NUMBER_LOCALE)} matching</>} · {rangeSpans.toLocaleString(NUMBER_LOCALE)} spans · {traceErrors.toLocaleString(NUMBER_LOCALE)} failed ·{' '}
          {formatDuration(bounds.end - bounds.start)}
        </span>
        {trace >= 0 && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={showCritical} disabled={!live} onChange={(e) => setShowCritical(e.target.checked)} />
            <span className="inline-block h-2.5 w-4 rounded-sm ring-2 ring-slate-900/70" /> critical path
            {(critical.isPending || !live) && <span className="text-slate-400">(computing…)</span>}
          </label>
        )}
        {markers.length > 0 && (
          <span className="flex items-center gap-1.5">
            <span className="inline-block h-3 w-0 border-l-2 border-dashed border-violet-500" />
            {markers.length > 1 ? (
              <select aria-label="Reported time" disabled={!live} value={markerIdx} onChange={(e) => setMarkerIdx(Number(e.target.value))} className="h-6 rounded border-0 py-0 pl-1.5 pr-6 text-xs ring-1 ring-inset ring-slate-300">
                {markers.map((m, i) => (
                  <option key={i} value={i}>
                    {`${m.label}: ${formatEpochUs(m.at + baseUs).slice(0, 19)}`}
                  </option>
                ))}
              </select>
            ) : (
              <span>
                {markers[0].label}: {formatEpochUs(markers[0].at + baseUs).slice(0, 19)} UTC
              </span>
            )}
            <button type="button" data-testid="jump-to-error" disabled={!live} onClick={jumpToError} className="h-6 rounded bg-violet-600 px-2 font-medium text-white hover:bg-violet-700">
              Jump to first error after it
            </button>
          </span>
        )}
        {notice && (
          <span role="status" className="text-amber-700">
            {notice}
          </span>
        )}
        {zoomed && (
          <button type="button" data-testid="reset-zoom" onClick={() => setView({ t0: bounds.start, t1: bounds.end })} className="h-6 rounded px-2 text-brand-700 ring-1 ring-inset ring-brand-500/40 hover:bg-brand-50">
            Reset zoom ({formatDuration(view.t1 - view.t0)} of {formatDuration(bounds.end - bounds.start)})
          </button>
        )}
      </div>

      <div className="border-b border-slate-100 px-3 py-1.5">
        <Minimap
          sk={sk}
          rows={sk ? rows : null}
          rowCount={rowCount}
          bounds={bounds}
          view={view}
          viewport={viewportStore}
          markers={markers}
          onZoom={(t0, t1) => setView({ t0, t1: Math.max(t1, t0 + 1) })}
          onPan={(t0, t1, firstRow) => {
            setView({ t0, t1 });
            const el = scroller.current;
            if (el) el.scrollTop = scrollForRow(Math.min(firstRow, Math.max(0, rowCount - 1)), rowCount, el.clientHeight);
          }}
        />
      </div>

      <div className="flex min-h-0 flex-1">
        {rowCount === 0 ? (
          <div className="flex flex-1 flex-col" data-testid="trace-empty">
            <p className="m-auto text-sm text-slate-500">{keep ? 'No span matches these filters.' : 'This bundle holds no spans.'}</p>
            <EmptyPainted onPainted={onPainted} />
          </div>
        ) : (
          <Waterfall
            rowCount={rowCount}
            rowAt={rowAt}
            rowsKey={sk ? rows : preview}
            inert={!live}
            critical={showCritical && trace >= 0 ? (critical.data ?? null) : null}
            selected={selected}
            view={view}
            markers={markers}
            scrollerRef={scroller}
            onToggle={toggle}
            onSelect={setSelected}
            onViewport={onViewport}
            onPainted={onPainted}
          />
        )}
        {selected !== null && sk && (
          <SpanDetailPanel bundleId={bundleId} sk={sk} pos={selected} critical={!!critical.data?.[selected]} onClose={() => setSelected(null)} />
        )}
      </div>
    </div>
  );
}

export interface ViewportStore {
  ref: { current: { first: number; count: number } };
  set: (first: number, count: number) => void;
  subscribe: (listener: () => void) => () => void;
}

function createViewportStore(): ViewportStore {
  const listeners = new Set<() => void>();
  const ref = { current: { first: 0, count: 20 } };
  return {
    ref,
    set: (first, count) => {
      if (ref.current.first === first && ref.current.count === count) return;
      ref.current = { first, count };
      for (const l of listeners) l();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function EmptyPainted({ onPainted }: { onPainted: () => void }) {
  useEffect(() => onPainted(), [onPainted]);
  return null;
}
