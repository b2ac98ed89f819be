'use client';
// The trace timeline: loads the bundle's skeleton once, then computes everything the user changes
// (trace, collapse, filters, zoom) from typed arrays in the browser. Only the visible window of
// rows reaches the DOM. Span details, attribute search and the critical path come from the server.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { rangeSummary, type PreparedSkeleton } from '@/lib/trace-view/prepare';
import { rowView, type RowView, type TracePreview } from '@/lib/trace-view/preview';
import { spanIdAt, traceOf, type Skeleton, type SpanIds } from '@/lib/trace-view/skeleton';
import { initialTimelineState, timelineReducer } from '@/lib/trace-view/timeline-state';
import { dominantTrace, findSpanPos, parseTraceUrl, traceUrlQuery, type TraceUrlState } from '@/lib/trace-view/url-state';
import { filterKeep, firstErrorAfter, fullRange, matchMask, rowOf, traceRange, visibleRows, type SpanFilter } from '@/lib/trace-view/visible';
import { distinctTraceIds, formatCount, formatDuration, formatEpochUs, traceOptionLabel } from './format';
import { ROW_H, scrollForRow } from './geometry';
import { Minimap } from './minimap';
import { loadSkeleton, loadSpanIds, startSkeletonLoad } from './skeleton-loader';
import { SpanDetailPanel } from './span-detail';
import { Waterfall, type Marker } from './waterfall';

export interface ReportedTime {
  label: string;
  /** Epoch ms. */
  ms: number;
}

/** Downloads the skeleton and prepares it (skeleton-loader.ts). */
async function fetchSkeleton(bundleId: string): Promise<PreparedSkeleton> {
  const prepared = await loadSkeleton(bundleId);
  performance.mark('x400:skeleton-decoded');
  return prepared;
}

// The critical-path loader holds a `new Worker(…)` that server code must never import: fetched in
// the browser only, once the timeline is live.
const criticalPathLoader = () => import('./critical-path-loader');

/**
 * `preview` (from the server, see lib/trace-view/preview.ts) is the timeline as it opens with its
 * first rows: rendered into the page's HTML, so rows are on screen at first paint. Until the
 * skeleton is loaded the same markup stays up, its controls disabled; then the same component
 * carries on from the skeleton (no remount, no flash).
 */
export function TraceTimeline({ bundleId, reported, preview = null, ticketId = null }: { bundleId: string; reported: ReportedTime[]; preview?: TracePreview | null; ticketId?: number | null }) {
  const queryClient = useQueryClient();
  // Started while the page hydrates (the query itself runs only after hydration commits), on the
  // render that creates the query: the worker downloads and prepares the skeleton meanwhile. A
  // no-op on the server.
  if (!queryClient.getQueryState(['bundle-skeleton', bundleId])) startSkeletonLoad(bundleId);
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
  return <Timeline bundleId={bundleId} prepared={data ?? null} preview={preview} reported={reported} ticketId={ticketId} />;
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

const MAX_TRACE_OPTIONS = 1000;

const NO_ROWS = new Int32Array(0);
const NO_BYTES = new Uint8Array(0);

function Timeline({ bundleId, prepared, preview, reported, ticketId }: { bundleId: string; prepared: PreparedSkeleton | null; preview: TracePreview | null; reported: ReportedTime[]; ticketId: number | null }) {
  // `live` once the skeleton is here; before that (server render, hydration, download) the
  // preview's figures and rows are shown and the controls wait. Everything that takes a pass over
  // the spans (parent index, opening collapse, per-trace bounds) was done by the worker.
  const sk: Skeleton | null = prepared?.sk ?? null;
  const live = sk !== null;
  const index = prepared?.index ?? null;
  const traces = prepared?.traces ?? null;
  // The span ids come after the rest of the skeleton (lib/trace-view/skeleton.ts): until then rows
  // carry no id, and a span named in the URL waits for them.
  const idsQuery = useQuery({
    queryKey: ['bundle-span-ids', bundleId],
    queryFn: () => loadSpanIds(bundleId),
    enabled: live,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: false,
  });
  const ids: SpanIds | null = idsQuery.data ?? null;
  const traceCount = sk ? sk.traceIds.length : preview!.traceCount;
  const services = sk ? sk.services : preview!.services;
  const baseUs = sk ? sk.baseUs : preview!.baseUs;
  const [trace, setTrace] = useState(() => (sk ? dominantTrace(sk) : preview!.trace));
  const range = useMemo(() => (sk ? (trace < 0 ? fullRange(sk) : traceRange(sk, trace)) : null), [sk, trace]);
  const summary = useMemo(() => (traces ? rangeSummary(traces, trace) : null), [traces, trace]);
  const skBounds = summary?.bounds ?? null;
  const previewBounds = preview?.bounds;
  const bounds = useMemo(() => skBounds ?? previewBounds!, [skBounds, previewBounds]);
  const [view, setView] = useState({ t0: bounds.start, t1: bounds.end });
  // A new trace opens on its whole time span, unless the URL being applied names a window.
  const pendingView = useRef<{ t0: number; t1: number } | null>(null);
  useEffect(() => {
    const wanted = pendingView.current;
    pendingView.current = null;
    if (wanted) setView(wanted);
    else setView((v) => (v.t0 === bounds.start && v.t1 === bounds.end ? v : { t0: bounds.start, t1: bounds.end }));
  }, [bounds]);

  // Collapse, expand, select and keyboard moves: pure actions on one state (timeline-state.ts).
  const [ts, dispatch] = useReducer(timelineReducer, prepared, (p: PreparedSkeleton | null) => initialTimelineState(p ? p.collapsed : NO_BYTES));
  // The skeleton arrived after the first render: open on its collapse flags in this same render
  // (no frame without rows).
  if (prepared && ts.collapsed.length !== prepared.sk.count) dispatch({ type: 'reset', collapsed: prepared.collapsed });
  const tree = useMemo(() => (sk && index ? { subtreeSize: sk.subtreeSize, parent: index.parent } : null), [sk, index]);
  const selected = ts.selected;
  const setSelected = useCallback((pos: number | null) => dispatch({ type: 'select', pos }), []);

  const [errorsOnly, setErrorsOnly] = useState(false);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [service, setService] = useState(-1);
  const [operation, setOperation] = useState(-1);
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
    () => ({ errorsOnly, text: query, attributeMatches: query.length >= 2 ? (attr.data ?? null) : null, service, operation, minDurationUs: Math.max(0, Number(minDurationMs) || 0) * 1000 }),
    [errorsOnly, query, attr.data, service, operation, minDurationMs],
  );
  const { keep, matches } = useMemo(() => {
    if (!sk || !index || !range) return { keep: null, matches: null };
    const match = matchMask(sk, range, filter);
    let n = 0;
    if (match) for (let i = range.from; i < range.to; i++) n += match[i];
    return { keep: filterKeep(sk, index, range, match), matches: match ? n : null };
  }, [sk, index, range, filter]);
  // While a filter is on, matches are shown with their ancestors open; collapsing then is separate.
  const [keptFor, setKeptFor] = useState<Uint8Array | null>(null);
  if (keep !== keptFor) {
    setKeptFor(keep);
    dispatch({ type: 'filterChanged', active: keep !== null });
  }
  const active = keep && ts.filterCollapsed ? ts.filterCollapsed : ts.collapsed;

  const rows = useMemo(() => (sk && range && active.length === sk.count ? visibleRows(sk, range, active, keep) : NO_ROWS), [sk, range, active, keep]);
  const rowCount = sk ? rows.length : preview!.rowCount;
  const rowAt = useCallback(
    (r: number): RowView | null => {
      if (!sk || !index) return preview!.rows[r] ?? null;
      return rowView(sk, ids, index, rows[r], active);
    },
    [sk, ids, index, rows, active, preview],
  );

  const critical = useQuery({
    queryKey: ['critical-path', bundleId, trace],
    queryFn: async () => (await criticalPathLoader()).loadCriticalPath(bundleId, trace, sk!.count),
    enabled: trace >= 0 && live,
    staleTime: Infinity,
  });
  const [showCritical, setShowCritical] = useState(true);

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

  // Log lines over time (ticks on the minimap and the ruler), counted on the server per bucket.
  const logBucketUs = useMemo(() => (traces ? Math.max(1, Math.ceil((rangeSummary(traces, -1).bounds.end + 1) / 1000)) : 0), [traces]);
  const logTickQuery = useQuery({
    queryKey: ['log-ticks', bundleId, logBucketUs],
    enabled: live && logBucketUs > 0,
    staleTime: Infinity,
    queryFn: async () => {
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/log-ticks?from=${sk!.baseUs}&bucket=${logBucketUs}`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const { ticks } = (await res.json()) as { ticks: { bucket: number; n: number; errors: number }[] };
      return ticks.map((t) => ({ at: t.bucket * logBucketUs, n: t.n, errors: t.errors }));
    },
  });
  const logTicks = logTickQuery.data;
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

  // A revealed span is scrolled to once it has a row: after the rows change (ancestors opened,
  // filters cleared) or, when they did not, after the selection does.
  useEffect(() => {
    const pos = pendingReveal.current;
    if (pos === null) return;
    const row = rowOf(rows, pos);
    if (row < 0) return;
    pendingReveal.current = null;
    scrollToRow(row, 'center');
  }, [rows, selected, scrollToRow]);

  const toggle = useCallback(
    (pos: number) => {
      if (live) dispatch({ type: 'childrenToggle', pos });
    },
    [live],
  );

  /** Shows a span: its trace, its ancestors open, filters off if they hide it; then selects it. */
  const reveal = useCallback(
    (pos: number) => {
      if (!sk || !index || !range || !tree) return;
      if (trace >= 0 && (pos < range.from || pos >= range.to)) setTrace(traceOf(sk, pos));
      if (keep && !keep[pos]) {
        setErrorsOnly(false);
        setText('');
        setQuery('');
        setService(-1);
        setOperation(-1);
        setMinDurationMs('');
      }
      const t = sk.start[pos];
      if (t < view.t0 || t > view.t1) setView({ t0: bounds.start, t1: bounds.end });
      pendingReveal.current = pos;
      dispatch({ type: 'reveal', pos, tree });
    },
    [trace, range, sk, index, tree, keep, view, bounds],
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

  // ---- The view in the URL: linkable, and Back restores it. Navigations (span, trace, filters,
  // zoom) push a history entry; typing in the search box replaces the current one.
  const urlApplied = useRef(false);
  const replaceNext = useRef(true);
  const lastQuery = useRef<string | null>(null);
  // 'scheduled' between applying a URL and the render that shows it: the URL is not written from
  // the state still on screen.
  const applying = useRef<'scheduled' | 'rendered' | null>(null);
  if (applying.current === 'scheduled') applying.current = 'rendered';
  const applyUrl = useCallback(
    (u: TraceUrlState) => {
      if (!sk || !tree || !traces) return;
      const dominant = dominantTrace(sk);
      let t = u.trace === 'all' ? -1 : u.trace ? sk.traceIds.indexOf(u.trace) : dominant;
      if (u.trace && u.trace !== 'all' && t < 0) t = dominant;
      // A span named before the ids are here is not looked for (the first URL waits for them).
      const pos = u.span && ids ? findSpanPos(sk, ids, u.span, u.trace && u.trace !== 'all' ? u.trace : null) : -1;
      if (pos >= 0 && t >= 0 && (pos < sk.traceFirst[t] || pos >= sk.traceFirst[t + 1])) t = traceOf(sk, pos);
      const b = rangeSummary(traces, t).bounds;
      const target = u.from !== null && u.to !== null ? { t0: u.from * 1000 - sk.baseUs, t1: u.to * 1000 - sk.baseUs } : { t0: b.start, t1: b.end };
      if (t !== trace) pendingView.current = target;
      setTrace(t);
      setView(target);
      setErrorsOnly(u.errors);
      setText(u.q);
      setQuery(u.q);
      setService(u.service ? sk.services.indexOf(u.service) : -1);
      setOperation(u.op ? sk.names.indexOf(u.op) : -1);
      setMinDurationMs(u.min);
      if (pos >= 0) {
        pendingReveal.current = pos;
        dispatch({ type: 'reveal', pos, tree });
      } else {
        dispatch({ type: 'select', pos: null });
      }
      replaceNext.current = true;
      applying.current = 'scheduled';
    },
    [sk, ids, tree, traces, trace],
  );
  useEffect(() => {
    if (!live || urlApplied.current) return;
    const u = parseTraceUrl(new URLSearchParams(window.location.search));
    if (u.span && !ids && !idsQuery.isError) return;
    urlApplied.current = true;
    applyUrl(u);
  }, [live, ids, idsQuery.isError, applyUrl]);
  useEffect(() => {
    const onPop = () => applyUrl(parseTraceUrl(new URLSearchParams(window.location.search)));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [applyUrl]);
  const zoomedNow = view.t0 > bounds.start + 0.5 || view.t1 < bounds.end - 0.5;
  const urlState = useMemo((): TraceUrlState | null => {
    if (!sk) return null;
    return {
      trace: trace >= 0 ? (sk.traceIds.length > 1 ? sk.traceIds[trace] : null) : dominantTrace(sk) >= 0 ? 'all' : null,
      span: selected !== null && ids ? spanIdAt(ids, selected) : null,
      q: query,
      errors: errorsOnly,
      service: service >= 0 ? sk.services[service] : null,
      op: operation >= 0 ? sk.names[operation] : null,
      min: minDurationMs,
      from: zoomedNow ? (view.t0 + sk.baseUs) / 1000 : null,
      to: zoomedNow ? (view.t1 + sk.baseUs) / 1000 : null,
    };
  }, [sk, ids, trace, selected, query, errorsOnly, service, operation, minDurationMs, zoomedNow, view]);
  useEffect(() => {
    if (!urlState || !urlApplied.current || applying.current === 'scheduled') return;
    applying.current = null;
    const qs = traceUrlQuery(urlState);
    const current = window.location.search.replace(/^\?/, '');
    if (qs !== current) {
      const prev = lastQuery.current === null ? null : parseTraceUrl(new URLSearchParams(lastQuery.current));
      const typing = prev !== null && prev.q !== urlState.q;
      const url = `${window.location.pathname}${qs ? `?${qs}` : ''}`;
      if (replaceNext.current || typing) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    }
    lastQuery.current = qs;
    replaceNext.current = false;
  }, [urlState]);

  // After a keyboard move the selection is kept in view.
  const followSelection = useRef(false);
  useEffect(() => {
    if (!followSelection.current || selected === null) return;
    followSelection.current = false;
    scrollToRow(rowOf(rows, selected), 'nearest');
  }, [selected, rows, scrollToRow]);

  const MOVES: Record<string, 'up' | 'down' | 'left' | 'right'> = { ArrowDown: 'down', ArrowUp: 'up', ArrowLeft: 'left', ArrowRight: 'right' };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!sk || !tree || typing(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
    const key = MOVES[e.key];
    if (key) {
      e.preventDefault();
      followSelection.current = true;
      dispatch({ type: 'move', key, rows, tree });
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
  const traceErrors = summary ? summary.errors : preview!.rangeErrors;
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
              <option value={-1}>All {formatCount(traceCount)} traces</option>
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
        {operation >= 0 && sk && (
          <span data-testid="operation-filter" className="flex h-7 items-center gap-1 rounded-md bg-brand-50 px-2 text-xs text-brand-800 ring-1 ring-inset ring-brand-500/40">
            operation <span className="font-mono">{sk.names[operation]}</span>
            <button type="button" aria-label="Clear the operation filter" onClick={() => setOperation(-1)} className="ml-0.5 text-brand-700 hover:text-brand-950">✕</button>
          </span>
        )}
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
            onClick={() => dispatch({ type: 'expandAll' })}
            className="h-7 rounded-md px-2 text-xs text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Expand all
          </button>
          <button
            type="button"
            data-testid="collapse-all"
            disabled={!live}
            onClick={() => {
              if (tree) dispatch({ type: 'collapseAll', tree });
            }}
            className="h-7 rounded-md px-2 text-xs text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Collapse all
          </button>
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 px-3 py-1.5 text-xs text-slate-600">
        <span data-testid="trace-row-count" className="tabular-nums">
          <span className="font-semibold text-slate-900">{formatCount(rowCount)}</span> rows
          {matches !== null && <> · {formatCount(matches)} matching</>} · {formatCount(rangeSpans)} spans · {formatCount(traceErrors)} failed ·{' '}
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
        {idsQuery.error && (
          <span role="alert" className="text-red-700">
            Could not load the span ids ({(idsQuery.error as Error).message}): spans cannot be linked until the page is reloaded.
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
          logTicks={logTicks}
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
            onZoom={(t0, t1) => setView({ t0, t1 })}
            logTicks={logTicks}
          />
        )}
        {selected !== null && sk && (
          <SpanDetailPanel bundleId={bundleId} ticketId={ticketId} sk={sk} pos={selected} critical={!!critical.data?.[selected]} onClose={() => setSelected(null)} />
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
