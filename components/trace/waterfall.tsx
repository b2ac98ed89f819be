'use client';
// The waterfall: a time ruler and the visible window of rows (fixed height, absolutely placed,
// rendered from the skeleton's typed arrays; no state per row). Span text is rendered as React
// text nodes, so markup in a span name stays text.
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { RowView, SpanRowView } from '@/lib/trace-view/preview';
import { FLAG_ERROR, FLAG_NO_TIME, FLAG_SKEW } from '@/lib/trace-view/skeleton';
import { formatDuration, serviceColor, ticks } from './format';
import { contentHeight, ROW_H, rowAtScroll, rowTop } from './geometry';
import { RowPool, type RowPaint } from './row-pool';
import { barClass, ERROR_NAME_CLASS, indentFor, NAME_CLASS, rowClass } from './row-style';

export interface Marker {
  label: string;
  /** µs since the skeleton's baseUs. */
  at: number;
}

export interface WaterfallProps {
  /** Rows in the list (the scroll height). */
  rowCount: number;
  /** Row r's content, or null when it is not known yet (the server-rendered preview). */
  rowAt: (r: number) => RowView | null;
  /** Changes whenever the row list does (re-reports "painted"). */
  rowsKey: unknown;
  critical: Uint8Array | null;
  selected: number | null;
  view: { t0: number; t1: number };
  markers: Marker[];
  scrollerRef: RefObject<HTMLDivElement | null>;
  onToggle: (pos: number) => void;
  onSelect: (pos: number) => void;
  onViewport: (firstRow: number, rowsInView: number) => void;
  onPainted: () => void;
  /** Rows are shown but not interactive yet (the page's HTML before the skeleton is loaded). */
  inert?: boolean;
  /** Log lines per time bucket (µs since baseUs): ticks under the ruler. */
  logTicks?: { at: number; n: number; errors: number }[];
  /** A time window dragged out on the ruler (µs since baseUs). */
  onZoom?: (t0: number, t1: number) => void;
}

const DEFAULT_NAME_W = 400;
const MIN_NAME_W = 200;
const OVERSCAN = 4;
const INITIAL_VIEWPORT_H = 1200;

interface SpanRowProps extends Omit<SpanRowView, 'kind'> {
  /** 1-based position in the row list (aria-rowindex). */
  rowIndex: number;
  top: number;
  nameW: number;
  onPath: boolean;
  dim: boolean;
  isSelected: boolean;
  t0: number;
  span: number;
  onToggle: (pos: number) => void;
  onSelect: (pos: number) => void;
}

/**
 * One span's row, as the server renders the preview's rows (before the skeleton is loaded); the
 * live waterfall paints the same markup through RowPool (row-pool.ts).
 */
const SpanRow = memo(function SpanRow(props: SpanRowProps) {
  const { pos, spanId, depth, flags, subtreeSize: size, collapsed: isCollapsed, service, serviceName, name, start, duration } = props;
  const { rowIndex, top, nameW, onPath, dim, isSelected, t0, span, onToggle, onSelect } = props;
  const indent = indentFor(depth, nameW);
  const isError = (flags & FLAG_ERROR) !== 0;
  const noTime = (flags & FLAG_NO_TIME) !== 0;
  const color = serviceColor(service);
  const left = ((start - t0) / span) * 100;
  const width = (duration / span) * 100;
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      aria-selected={isSelected}
      data-span-id={spanId ?? undefined}
      data-pos={pos}
      data-error={isError ? 'true' : undefined}
      data-critical={onPath ? 'true' : undefined}
      onClick={() => onSelect(pos)}
      className={rowClass(isSelected, isError)}
      style={{ top, height: ROW_H, contain: 'strict' }}
    >
      <div className="flex min-w-0 shrink-0 items-center gap-1.5 border-r border-slate-100 pr-2" style={{ width: nameW, paddingLeft: 6 + indent, borderLeft: `3px solid ${color}` }} title={indent < depth * 14 ? `depth ${depth}` : undefined}>
        {size > 1 ? (
          <button
            type="button"
            aria-label={isCollapsed ? 'Expand' : 'Collapse'}
            aria-expanded={!isCollapsed}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(pos);
            }}
            className="h-4 w-4 shrink-0 rounded text-[10px] leading-4 text-slate-500 hover:bg-slate-200 hover:text-slate-900"
          >
            {isCollapsed ? '▶' : '▼'}
          </button>
        ) : (
          <span className="w-4 shrink-0" />
        )}
        {indent < depth * 14 && <span className="shrink-0 rounded bg-slate-100 px-0.5 text-[10px] tabular-nums text-slate-500" title={`depth ${depth}`}>{depth}</span>}
        <span className="max-w-[40%] shrink truncate text-slate-500">{serviceName}</span>
        <span className={isError ? ERROR_NAME_CLASS : NAME_CLASS} title={name}>
          {name}
        </span>
        {isError && <span className="shrink-0 rounded bg-red-600 px-1 text-[10px] font-semibold leading-4 text-white">error</span>}
        {flags & FLAG_SKEW ? <span title="Clock skew: starts before its parent or ends after it" className="shrink-0 rounded bg-amber-100 px-1 text-[10px] font-medium leading-4 text-amber-800">skew</span> : null}
        {noTime && <span title="The source gave no timestamp for this span" className="shrink-0 rounded bg-slate-100 px-1 text-[10px] leading-4 text-slate-500">no time</span>}
        {isCollapsed && <span className="ml-auto shrink-0 rounded bg-slate-100 px-1 text-[10px] tabular-nums text-slate-600">+{size - 1}</span>}
      </div>
      <div className="relative h-full min-w-0 flex-1 overflow-hidden">
        {!noTime && (
          <div
            className={barClass(onPath)}
            style={{ left: `${left}%`, width: `max(2px, ${width}%)`, background: isError ? '#dc2626' : color, opacity: onPath || !dim ? 1 : 0.75 }}
          />
        )}
        {!noTime && (
          <span
            className="absolute top-[4px] whitespace-nowrap px-1 text-[11px] tabular-nums text-slate-500"
            style={left + width > 82 ? { right: `${Math.max(0, 100 - left)}%` } : { left: `${Math.max(0, left + width)}%` }}
          >
            {formatDuration(duration)}
          </span>
        )}
      </div>
    </div>
  );
});

export function Waterfall(props: WaterfallProps) {
  const { rowCount, rowAt, rowsKey, critical, selected, view, markers, scrollerRef, onToggle, onSelect, onViewport, onPainted, inert, onZoom, logTicks } = props;
  const [nameW, setNameW] = useState(DEFAULT_NAME_W);
  const NAME_W = nameW;
  // A drag on the ruler: [x0, x1] in px from the ruler's left edge while it lasts.
  const [drag, setDrag] = useState<[number, number] | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Before the first measurement (the server render, hydration): a tall window's worth of rows.
  const [viewportH, setViewportH] = useState(INITIAL_VIEWPORT_H);
  const [barWidth, setBarWidth] = useState(600);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const measure = () => {
      setViewportH(el.clientHeight || INITIAL_VIEWPORT_H);
      setBarWidth(Math.max(100, el.clientWidth - NAME_W));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [scrollerRef, NAME_W]);

  const startResize = (e: React.PointerEvent) => {
    e.preventDefault();
    const x0 = e.clientX;
    const w0 = nameW;
    const max = Math.max(MIN_NAME_W, (scrollerRef.current?.clientWidth ?? 1200) - 160);
    const move = (ev: PointerEvent) => setNameW(Math.min(max, Math.max(MIN_NAME_W, w0 + ev.clientX - x0)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const startZoom = (e: React.PointerEvent<HTMLDivElement>) => {
    if (!onZoom || inert || e.button !== 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const at = (x: number) => Math.min(box.width, Math.max(0, x - box.left));
    const x0 = at(e.clientX);
    setDrag([x0, x0]);
    const move = (ev: PointerEvent) => setDrag([x0, at(ev.clientX)]);
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setDrag(null);
      const x1 = at(ev.clientX);
      if (Math.abs(x1 - x0) < 4) return;
      const width = Math.max(1, box.width);
      const spanUs = Math.max(1, view.t1 - view.t0);
      const a = view.t0 + (Math.min(x0, x1) / width) * spanUs;
      const b = view.t0 + (Math.max(x0, x1) / width) * spanUs;
      onZoom(a, Math.max(b, a + 1));
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const inView = Math.ceil(viewportH / ROW_H);
  const slots = inView + 2 * OVERSCAN + 1;
  const span = Math.max(1, view.t1 - view.t0);

  // Live, the rows are painted by a RowPool straight from the scroll event (same frame, no
  // render); the preview's rows are React elements that follow `scrollTop`.
  const pool = useRef<RowPool | null>(null);
  const barsCanvas = useRef<HTMLCanvasElement | null>(null);
  const poolBox = useCallback((el: HTMLDivElement | null) => {
    pool.current = el ? new RowPool(el, () => barsCanvas.current) : null;
  }, []);
  // What the next paint draws: set after each render, read by the scroll handler.
  const paintInput = useRef<Omit<RowPaint, 'first' | 'last' | 'top'> & { viewportH: number }>(null);
  const lastViewport = useRef<[number, number]>([-1, -1]);
  // The scroller's scrollTop as of its last scroll event. Paints after a render use it instead of
  // reading scrollTop, which would lay the page out right after React changed it (a forced layout
  // of the whole page when the timeline goes live); when the browser moves the scroll position
  // itself (say, clamped after the rows shrank) a scroll event follows and paints again.
  const scrollPos = useRef(0);
  const paintRows = useCallback(() => {
    const input = paintInput.current;
    if (!pool.current || !input) return;
    const scrolled = scrollPos.current;
    const at = rowAtScroll(scrolled, input.rowCount, input.viewportH);
    const rowsInView = Math.ceil(input.viewportH / ROW_H);
    pool.current.paint({
      ...input,
      first: Math.max(0, Math.floor(at) - OVERSCAN),
      last: Math.min(input.rowCount, Math.ceil(at) + rowsInView + OVERSCAN),
      top: (r) => rowTop(r, input.rowCount, scrolled, input.viewportH),
    });
    const firstRow = Math.floor(at);
    if (lastViewport.current[0] !== firstRow || lastViewport.current[1] !== rowsInView) {
      lastViewport.current = [firstRow, rowsInView];
      onViewport(firstRow, rowsInView);
    }
  }, [onViewport]);
  useLayoutEffect(() => {
    paintInput.current = { rowCount, rowAt, slots, nameW, critical, selected, t0: view.t0, span, viewportH, barWidth };
    if (!inert) paintRows();
  }, [inert, paintRows, rowCount, rowAt, slots, nameW, critical, selected, view.t0, span, viewportH, barWidth]);

  const onScroll = (e: React.UIEvent<HTMLDivElement>) => {
    scrollPos.current = e.currentTarget.scrollTop;
    if (!inert) {
      paintRows();
      return;
    }
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setScrollTop(scrollPos.current);
    });
  };

  const top = rowAtScroll(scrollTop, rowCount, viewportH);
  const first = Math.max(0, Math.floor(top) - OVERSCAN);
  const last = Math.min(rowCount, Math.ceil(top) + inView + OVERSCAN);

  useEffect(() => {
    if (inert) onViewport(Math.floor(top), inView);
  }, [inert, top, inView, onViewport]);
  useEffect(() => {
    const id = requestAnimationFrame(() => onPainted());
    return () => cancelAnimationFrame(id);
  }, [rowsKey, onPainted]);

  const pct = (t: number) => ((t - view.t0) / span) * 100;
  const tickList = ticks(view.t0, view.t1, Math.max(2, Math.floor(barWidth / 120)));

  // Live rows: one delegated handler (a row selects, its toggle button opens or closes it).
  const onRowClick = (e: React.MouseEvent) => {
    const target = e.target as HTMLElement;
    const row = target.closest('[data-pos]');
    if (!row) return;
    const pos = Number(row.getAttribute('data-pos'));
    if (target.closest('[data-toggle]')) onToggle(pos);
    else onSelect(pos);
  };

  // Span rows are keyed by slot (row index modulo the window size) and kept in slot order, so a row
  // scrolling out hands its DOM element to the row scrolling in, in place: scrolling updates a few
  // dozen rows' attributes and text, never moves or replaces elements (moving them would restyle
  // the whole list), however far one frame jumps. aria-rowindex gives the reading order.
  const rendered: React.ReactNode[] = new Array(slots).fill(null);
  for (let r = first; r < (inert ? last : first); r++) {
    const row = rowAt(r);
    if (!row) continue;
    const slot = r % slots;
    const y = rowTop(r, rowCount, scrollTop, viewportH);
    if (row.kind === 'missing') {
      const { missing } = row;
      rendered[slot] = (
        <div key={`m${slot}`} role="row" aria-rowindex={r + 1} data-missing-parent={missing} className="absolute left-0 right-0 flex items-center border-b border-dashed border-slate-200 bg-slate-50/80 text-xs text-slate-500" style={{ top: y, height: ROW_H }}>
          <div className="flex min-w-0 items-center gap-1.5 pl-2" style={{ width: NAME_W }}>
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm border border-dashed border-slate-400" />
            <span className="truncate italic">missing parent {missing}</span>
          </div>
          <div className="flex-1 pl-2 italic text-slate-400">not in this bundle</div>
        </div>
      );
      continue;
    }
    const { kind: _kind, ...fields } = row;
    rendered[slot] = (
      <SpanRow
        key={slot}
        {...fields}
        rowIndex={r + 1}
        top={y}
        nameW={nameW}
        onPath={critical !== null && critical[row.pos] === 1}
        dim={critical !== null}
        isSelected={selected === row.pos}
        t0={view.t0}
        span={span}
        onToggle={onToggle}
        onSelect={onSelect}
      />
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex h-7 shrink-0 border-b border-slate-200 bg-slate-50 text-[11px] text-slate-500" style={{ scrollbarGutter: 'stable', overflowY: 'hidden' }}>
        <div className="relative flex shrink-0 items-center border-r border-slate-200 px-2 font-medium uppercase tracking-wide" style={{ width: NAME_W }}>
          Service · operation
          <div
            role="separator"
            aria-orientation="vertical"
            aria-label="Resize the name column"
            aria-valuenow={NAME_W}
            data-testid="name-column-resizer"
            onPointerDown={startResize}
            className="absolute inset-y-0 -right-1 z-20 w-2 cursor-col-resize hover:bg-brand-500/30"
          />
        </div>
        <div
          className={`relative flex-1 overflow-hidden ${onZoom && !inert ? 'cursor-crosshair select-none' : ''}`}
          data-testid="time-ruler"
          data-view-us={Math.round(view.t1 - view.t0)}
          title={onZoom ? 'Drag to zoom into a time window' : undefined}
          onPointerDown={startZoom}
        >
          {logTicks?.map((tick) =>
            tick.at >= view.t0 && tick.at <= view.t1 ? (
              <span key={`log${tick.at}`} data-log-tick={tick.n} title={`${tick.n} log line${tick.n === 1 ? '' : 's'}${tick.errors ? `, ${tick.errors} error` : ''}`} className={`absolute bottom-0 h-1.5 w-px ${tick.errors ? 'bg-red-600' : 'bg-slate-500'}`} style={{ left: `${pct(tick.at)}%` }} />
            ) : null,
          )}
          {drag && <div aria-hidden className="absolute inset-y-0 bg-brand-500/20 ring-1 ring-brand-500" style={{ left: Math.min(drag[0], drag[1]), width: Math.abs(drag[1] - drag[0]) }} />}
          {tickList.map((t) => (
            <span key={t} className={`absolute top-1.5 whitespace-nowrap px-1 tabular-nums ${pct(t) < 4 ? '' : pct(t) > 94 ? '-translate-x-full' : '-translate-x-1/2'}`} style={{ left: `${pct(t)}%` }}>
              {formatDuration(t - view.t0)}
            </span>
          ))}
          {markers.map((m, i) =>
            m.at >= view.t0 && m.at <= view.t1 ? (
              <span key={`ml${i}`} data-testid="reported-marker-label" className="absolute top-0 z-10 -translate-x-1/2 whitespace-nowrap rounded-b bg-violet-600 px-1 text-[10px] font-medium leading-4 text-white" style={{ left: `${pct(m.at)}%` }}>
                {m.label}
              </span>
            ) : null,
          )}
        </div>
      </div>
      <div
        ref={scrollerRef}
        onScroll={onScroll}
        className="relative min-h-0 flex-1 overflow-y-scroll overflow-x-hidden"
        style={{ scrollbarGutter: 'stable', contain: 'strict' }}
        role="treegrid"
        aria-rowcount={rowCount}
        aria-disabled={inert ? 'true' : undefined}
      >
        <div className="relative" style={{ height: contentHeight(rowCount) }}>
          <div aria-hidden className="pointer-events-none absolute inset-y-0 right-0" style={{ left: NAME_W }}>
            {tickList.map((t) => (
              <div key={t} className="absolute inset-y-0 w-px bg-slate-100" style={{ left: `${pct(t)}%` }} />
            ))}
          </div>
          {inert ? rendered : <div ref={poolBox} data-row-pool onClick={onRowClick} />}
          {/* The live rows' bars and durations (row-pool.ts), over the rows, under the markers; clicks go through to the rows. */}
          {!inert && <canvas ref={barsCanvas} aria-hidden data-testid="bars-canvas" className="pointer-events-none absolute z-[5]" style={{ left: NAME_W }} />}
          <div aria-hidden className="pointer-events-none absolute inset-y-0 right-0 z-10" style={{ left: NAME_W }}>
            {markers.map((m, i) =>
              m.at >= view.t0 && m.at <= view.t1 ? (
                <div key={i} data-testid="reported-marker" title={m.label} className="absolute inset-y-0 w-0 border-l-2 border-dashed border-violet-500" style={{ left: `${pct(m.at)}%` }} />
              ) : null,
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
