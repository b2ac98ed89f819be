'use client';
// The minimap: every visible row of the trace drawn on one canvas (sampled past 2k rows, errors
// always drawn), with the current viewport (rows × time range). Drag the viewport to move it;
// drag elsewhere to zoom into a time range; click to jump there.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { FLAG_ERROR, FLAG_NO_TIME, type Skeleton } from '@/lib/trace-view/skeleton';
import type { RowList } from '@/lib/trace-view/visible';
import { serviceColor } from './format';
import type { ViewportStore } from './timeline';

const H = 56;
// Bars drawn at most (errors aside): ~35 per pixel row of the 56 px canvas already fill it; more
// only cost time (10k bars took ~0.3 s on a 4× slowed CPU after "expand all" on 1M spans).
const SAMPLE = 2_000;

export interface MinimapProps {
  /** Null until the skeleton is loaded (the server-rendered preview): the frame without the bars. */
  sk: Skeleton | null;
  rows: RowList | null;
  rowCount: number;
  bounds: { start: number; end: number };
  view: { t0: number; t1: number };
  viewport: ViewportStore;
  markers: { at: number }[];
  /** Log lines per time bucket (µs since baseUs), drawn as ticks along the bottom edge. */
  logTicks?: { at: number; n: number; errors: number }[];
  onZoom: (t0: number, t1: number) => void;
  onPan: (t0: number, t1: number, firstRow: number) => void;
}

/** The rows in view now, and the viewport box's top and bottom edges for them (px). */
function rowsBand(viewport: ViewportStore, rowCount: number) {
  const { first, count } = viewport.ref.current;
  const n = Math.max(1, rowCount);
  return { first, count, y0: (first / n) * H, y1: Math.min(H, ((first + count) / n) * H) };
}

export function Minimap({ sk, rows, rowCount, bounds, view, viewport, markers, logTicks = [], onZoom, onPan }: MinimapProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const [brush, setBrush] = useState<{ x0: number; x1: number } | null>(null);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(100, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const span = Math.max(1, bounds.end - bounds.start);
  useEffect(() => {
    // Drawn in its own task, after the rows have painted.
    const id = setTimeout(() => draw(), 0);
    return () => clearTimeout(id);
    function draw() {
    const c = canvas.current;
    if (!c || !sk || !rows) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = H * dpr;
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.scale(dpr, dpr);
    ctx.clearRect(0, 0, width, H);
    const n = rows.length;
    if (n === 0) return;
    const rowH = Math.max(0.5, H / n);
    const step = Math.max(1, Math.ceil(n / SAMPLE));
    const x = (t: number) => ((t - bounds.start) / span) * width;
    ctx.globalAlpha = 0.8;
    // One colour at a time: setting fillStyle parses the colour, and neighbouring rows mostly
    // differ in service, so setting it per bar cost more than the bars.
    const colors = new Map<string, number[]>();
    for (let r = 0; r < n; r += step) {
      const pos = rows[r];
      if (pos < 0 || sk.flags[pos] & FLAG_NO_TIME) continue;
      const color = serviceColor(sk.service[pos]);
      let list = colors.get(color);
      if (!list) colors.set(color, (list = []));
      list.push(r);
    }
    for (const [color, list] of colors) {
      ctx.fillStyle = color;
      for (const r of list) {
        const pos = rows[r];
        ctx.fillRect(x(sk.start[pos]), (r / n) * H, Math.max(1, (sk.duration[pos] / span) * width), Math.max(1, rowH));
      }
    }
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#dc2626';
    // Every error is drawn, but once per pixel: past a few thousand rows most errors share a
    // pixel with another (errors only on 1M spans leaves ~100k rows on a 56 px tall canvas).
    const drawn = new Uint8Array(width * H);
    for (let r = 0; r < n; r++) {
      const pos = rows[r];
      if (pos < 0 || !(sk.flags[pos] & FLAG_ERROR)) continue;
      const px = x(sk.start[pos]);
      const py = (r / n) * H;
      const w = Math.max(2, (sk.duration[pos] / span) * width);
      if (w <= 2) {
        const cell = Math.min(H - 1, Math.max(0, Math.floor(py))) * width + Math.min(width - 1, Math.max(0, Math.floor(px)));
        if (drawn[cell]) continue;
        drawn[cell] = 1;
      }
      ctx.fillRect(px, py, w, Math.max(1.5, rowH));
    }
    for (const tick of logTicks) {
      if (tick.at < bounds.start || tick.at > bounds.end) continue;
      ctx.fillStyle = tick.errors > 0 ? '#b91c1c' : '#334155';
      ctx.fillRect(x(tick.at), H - 4, 1.5, 4);
    }
    ctx.fillStyle = '#7c3aed';
    for (const m of markers) if (m.at >= bounds.start && m.at <= bounds.end) ctx.fillRect(x(m.at) - 1, 0, 2, H);
    }
  }, [sk, rows, bounds.start, bounds.end, span, width, markers, logTicks]);

  const vx0 = ((view.t0 - bounds.start) / span) * width;
  const vx1 = ((view.t1 - bounds.start) / span) * width;
  // The box follows the scroll straight from the viewport store, without a render of the minimap
  // on every scrolled frame (at 4x CPU that render was a tenth of the frame).
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const place = () => {
      const el = box.current;
      if (!el) return;
      const { y0, y1 } = rowsBand(viewport, rowCount);
      el.style.top = `${y0}px`;
      el.style.height = `${Math.max(4, y1 - y0)}px`;
    };
    place();
    return viewport.subscribe(place);
  }, [viewport, rowCount]);

  const toTime = (px: number) => bounds.start + (Math.min(width, Math.max(0, px)) / width) * span;
  const toRow = (py: number) => Math.floor((Math.min(H, Math.max(0, py)) / H) * rowCount);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const { first: firstRow, count: rowsInView, y0: vy0, y1: vy1 } = rowsBand(viewport, rowCount);
    const inside = px >= vx0 - 2 && px <= vx1 + 2 && py >= vy0 - 2 && py <= Math.max(vy1, vy0 + 4) + 2;
    e.currentTarget.setPointerCapture(e.pointerId);
    const startView = { ...view };
    const startRow = firstRow;
    let moved = false;
    const move = (ev: PointerEvent) => {
      const dx = ev.clientX - rect.left - px;
      const dy = ev.clientY - rect.top - py;
      if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
      if (!moved) return;
      if (inside) {
        let dt = (dx / width) * span;
        dt = Math.max(bounds.start - startView.t0, Math.min(bounds.end - startView.t1, dt));
        onPan(startView.t0 + dt, startView.t1 + dt, Math.max(0, startRow + Math.round((dy / H) * rowCount)));
      } else {
        setBrush({ x0: Math.min(px, px + dx), x1: Math.max(px, px + dx) });
      }
    };
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      const dx = ev.clientX - rect.left - px;
      setBrush(null);
      if (!moved) {
        const w = view.t1 - view.t0;
        const center = toTime(px);
        const t0 = Math.max(bounds.start, Math.min(bounds.end - w, center - w / 2));
        onPan(t0, t0 + w, Math.max(0, toRow(py) - Math.floor(rowsInView / 2)));
      } else if (!inside && Math.abs(dx) > 3) {
        onZoom(toTime(Math.min(px, px + dx)), toTime(Math.max(px, px + dx)));
      }
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div ref={wrap} data-testid="trace-minimap" className="relative h-14 cursor-crosshair select-none overflow-hidden rounded border border-slate-200 bg-slate-50" onPointerDown={onPointerDown} title="Drag the box to move; drag elsewhere to zoom into a time range">
      <canvas ref={canvas} style={{ width, height: H }} className="block" data-log-ticks={logTicks.length} />
      <div
        ref={box}
        data-testid="minimap-viewport"
        className="pointer-events-none absolute border border-brand-600 bg-brand-500/10"
        style={{ left: vx0, width: Math.max(3, vx1 - vx0) }}
      />
      {brush && <div className="pointer-events-none absolute inset-y-0 bg-violet-500/20 ring-1 ring-violet-500" style={{ left: brush.x0, width: brush.x1 - brush.x0 }} />}
    </div>
  );
}
