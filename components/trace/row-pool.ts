// The live waterfall's rows, painted straight into the DOM: a fixed pool of row elements, one per
// slot (row index modulo the window size), each written only where its content changed. Scrolling
// a viewport a frame then costs a few dozen attribute and text writes, with no component render,
// no element created, moved or dropped (a moved element restyles the whole list). The name cell's
// markup is the same as SpanRow's (waterfall.tsx), which renders the server's preview before the
// skeleton. Text goes in as text nodes (textContent), so markup in a span name stays text.
//
// The bars and their duration labels are drawn on one canvas laid over the rows' time column,
// not as two elements a row: restyling, laying out and painting those was a quarter of a frame
// when a viewport scrolls by each frame (bench:ui, 1M spans at 4x CPU: 42-48 viewports a second
// with them, 59-60 without). The canvas covers the rows drawn, and scrolls with them.
import type { RowView, SpanRowView } from '@/lib/trace-view/preview';
import { FLAG_ERROR, FLAG_NO_TIME, FLAG_SKEW } from '@/lib/trace-view/skeleton';
import { formatDuration, serviceColor } from './format';
import { ROW_H } from './geometry';
import { ERROR_NAME_CLASS, indentFor, NAME_CLASS, rowClass } from './row-style';

export interface RowPaint {
  rowCount: number;
  rowAt: (r: number) => RowView | null;
  /** Rows [first, last) are drawn, row r at pixel top(r). */
  first: number;
  last: number;
  top: (r: number) => number;
  slots: number;
  nameW: number;
  critical: Uint8Array | null;
  selected: number | null;
  t0: number;
  span: number;
  /** The time column's width (px): the canvas's. */
  barWidth: number;
}

interface SpanSlot {
  kind: 'span';
  el: HTMLDivElement;
  name: HTMLDivElement;
  toggle: HTMLButtonElement;
  spacer: HTMLSpanElement;
  depth: HTMLSpanElement;
  service: HTMLSpanElement;
  label: HTMLSpanElement;
  error: HTMLSpanElement;
  skew: HTMLSpanElement;
  noTime: HTMLSpanElement;
  more: HTMLSpanElement;
  /** What was written last, by key, so unchanged values are not written again. */
  last: Record<string, unknown>;
}

interface MissingSlot {
  kind: 'missing';
  el: HTMLDivElement;
  text: HTMLSpanElement;
  nameBox: HTMLDivElement;
  last: Record<string, unknown>;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  return el;
}

function spanSlot(): SpanSlot {
  const el = make('div', '');
  el.setAttribute('role', 'row');
  el.style.height = `${ROW_H}px`;
  el.style.contain = 'strict';
  const name = make('div', 'flex min-w-0 shrink-0 items-center gap-1.5 border-r border-slate-100 pr-2');
  const toggle = make('button', 'h-4 w-4 shrink-0 rounded text-[10px] leading-4 text-slate-500 hover:bg-slate-200 hover:text-slate-900');
  toggle.type = 'button';
  toggle.dataset.toggle = 'true';
  const spacer = make('span', 'w-4 shrink-0');
  const depth = make('span', 'shrink-0 rounded bg-slate-100 px-0.5 text-[10px] tabular-nums text-slate-500');
  const service = make('span', 'max-w-[40%] shrink truncate text-slate-500');
  const label = make('span', NAME_CLASS);
  const error = make('span', 'shrink-0 rounded bg-red-600 px-1 text-[10px] font-semibold leading-4 text-white');
  error.textContent = 'error';
  const skew = make('span', 'shrink-0 rounded bg-amber-100 px-1 text-[10px] font-medium leading-4 text-amber-800');
  skew.textContent = 'skew';
  skew.title = 'Clock skew: starts before its parent or ends after it';
  const noTime = make('span', 'shrink-0 rounded bg-slate-100 px-1 text-[10px] leading-4 text-slate-500');
  noTime.textContent = 'no time';
  noTime.title = 'The source gave no timestamp for this span';
  const more = make('span', 'ml-auto shrink-0 rounded bg-slate-100 px-1 text-[10px] tabular-nums text-slate-600');
  name.append(service, label);
  el.append(name);
  return { kind: 'span', el, name, toggle, spacer, depth, service, label, error, skew, noTime, more, last: {} };
}

function missingSlot(): MissingSlot {
  const el = make('div', 'absolute left-0 right-0 flex items-center border-b border-dashed border-slate-200 bg-slate-50/80 text-xs text-slate-500');
  el.setAttribute('role', 'row');
  el.style.height = `${ROW_H}px`;
  const nameBox = make('div', 'flex min-w-0 items-center gap-1.5 pl-2');
  const box = make('span', 'inline-block h-2.5 w-2.5 rounded-sm border border-dashed border-slate-400');
  box.setAttribute('aria-hidden', 'true');
  const text = make('span', 'truncate italic');
  nameBox.append(box, text);
  const note = make('div', 'flex-1 pl-2 italic text-slate-400');
  note.textContent = 'not in this bundle';
  el.append(nameBox, note);
  return { kind: 'missing', el, text, nameBox, last: {} };
}

/** Sets a property through `write` only when `value` differs from the last one written. */
function put(slot: { last: Record<string, unknown> }, key: string, value: unknown, write: () => void): void {
  if (slot.last[key] === value) return;
  slot.last[key] = value;
  write();
}

/** `durationText`: the span's duration as its label shows it, null for a span without times. */
function paintSpan(s: SpanSlot, row: SpanRowView, r: number, y: number, p: RowPaint, durationText: string | null): void {
  const { pos, spanId, depth, flags, subtreeSize: size, collapsed, service, serviceName, name } = row;
  const isError = (flags & FLAG_ERROR) !== 0;
  const noTime = (flags & FLAG_NO_TIME) !== 0;
  const isSelected = p.selected === pos;
  const onPath = p.critical !== null && p.critical[pos] === 1;
  const indent = indentFor(depth, p.nameW);
  const color = serviceColor(service);
  const el = s.el;
  put(s, 'top', y, () => (el.style.top = `${y}px`));
  put(s, 'row', r, () => el.setAttribute('aria-rowindex', String(r + 1)));
  put(s, 'id', spanId, () => (spanId === null ? el.removeAttribute('data-span-id') : el.setAttribute('data-span-id', spanId)));
  put(s, 'pos', pos, () => el.setAttribute('data-pos', String(pos)));
  put(s, 'sel', isSelected, () => el.setAttribute('aria-selected', String(isSelected)));
  put(s, 'err', isError, () => (isError ? el.setAttribute('data-error', 'true') : el.removeAttribute('data-error')));
  put(s, 'crit', onPath, () => (onPath ? el.setAttribute('data-critical', 'true') : el.removeAttribute('data-critical')));
  const cls = rowClass(isSelected, isError);
  put(s, 'cls', cls, () => (el.className = cls));

  const nameBox = s.name;
  put(s, 'nameW', p.nameW, () => (nameBox.style.width = `${p.nameW}px`));
  put(s, 'indent', indent, () => (nameBox.style.paddingLeft = `${6 + indent}px`));
  put(s, 'color', color, () => (nameBox.style.borderLeft = `3px solid ${color}`));
  const squeezed = indent < depth * 14;
  put(s, 'title', squeezed ? depth : -1, () => (squeezed ? (nameBox.title = `depth ${depth}`) : nameBox.removeAttribute('title')));

  const hasChildren = size > 1;
  const folded = hasChildren && collapsed;
  const skewed = (flags & FLAG_SKEW) !== 0;
  // Which optional parts the name cell holds; rebuilt in SpanRow's order only when that changes.
  const front = `${hasChildren ? 1 : 0}${squeezed ? 1 : 0}`;
  put(s, 'front', front, () => {
    for (const part of [s.toggle, s.spacer, s.depth]) part.remove();
    nameBox.insertBefore(hasChildren ? s.toggle : s.spacer, s.service);
    if (squeezed) nameBox.insertBefore(s.depth, s.service);
  });
  const badges = `${isError ? 1 : 0}${skewed ? 1 : 0}${noTime ? 1 : 0}${folded ? 1 : 0}`;
  put(s, 'badges', badges, () => {
    for (const part of [s.error, s.skew, s.noTime, s.more]) part.remove();
    if (isError) nameBox.append(s.error);
    if (skewed) nameBox.append(s.skew);
    if (noTime) nameBox.append(s.noTime);
    if (folded) nameBox.append(s.more);
  });
  if (hasChildren) {
    put(s, 'collapsed', collapsed, () => {
      s.toggle.setAttribute('aria-label', collapsed ? 'Expand' : 'Collapse');
      s.toggle.setAttribute('aria-expanded', String(!collapsed));
      s.toggle.textContent = collapsed ? '▶' : '▼';
    });
  }
  if (squeezed) {
    put(s, 'depthText', depth, () => {
      s.depth.textContent = String(depth);
      s.depth.title = `depth ${depth}`;
    });
  }
  put(s, 'service', serviceName, () => (s.service.textContent = serviceName));
  put(s, 'name', name, () => {
    s.label.textContent = name;
    s.label.title = name;
  });
  put(s, 'nameCls', isError, () => (s.label.className = isError ? ERROR_NAME_CLASS : NAME_CLASS));
  if (folded) put(s, 'more', size, () => (s.more.textContent = `+${size - 1}`));

  // The bar is on the canvas; its duration is also told to assistive technology here.
  put(s, 'dur', durationText, () => (durationText === null ? el.removeAttribute('aria-description') : el.setAttribute('aria-description', `duration ${durationText}`)));
}

/** A timed span's bar and its duration `label`, as SpanRow draws them (row-style.ts), on the canvas at row top `y`. */
function drawBar(ctx: CanvasRenderingContext2D, row: SpanRowView, y: number, p: RowPaint, width: number, label: string): void {
  const { pos, flags, service, start, duration } = row;
  const isError = (flags & FLAG_ERROR) !== 0;
  const onPath = p.critical !== null && p.critical[pos] === 1;
  const leftPct = ((start - p.t0) / p.span) * 100;
  const widthPct = (duration / p.span) * 100;
  const x = (leftPct / 100) * width;
  const w = Math.max(2, (widthPct / 100) * width);
  ctx.globalAlpha = onPath || p.critical === null ? 1 : 0.75;
  ctx.fillStyle = isError ? '#dc2626' : serviceColor(service);
  ctx.beginPath();
  ctx.roundRect(x, y + BAR_TOP, w, BAR_H, 2);
  ctx.fill();
  ctx.globalAlpha = 1;
  if (onPath) {
    // ring-2 ring-slate-900/70: two pixels outside the bar
    ctx.strokeStyle = 'rgba(15, 23, 42, 0.7)';
    ctx.lineWidth = 2;
    ctx.strokeRect(x - 1, y + BAR_TOP - 1, w + 2, BAR_H + 2);
  }
  // The label after the bar, or before it when the bar ends in the last 18% (as SpanRow places it).
  ctx.fillStyle = LABEL_COLOR;
  if (leftPct + widthPct > 82) {
    ctx.textAlign = 'right';
    ctx.fillText(label, (Math.min(100, leftPct) / 100) * width - LABEL_PAD, y + ROW_H / 2);
  } else {
    ctx.textAlign = 'left';
    ctx.fillText(label, (Math.max(0, leftPct + widthPct) / 100) * width + LABEL_PAD, y + ROW_H / 2);
  }
}

/** SpanRow's bar: top-[6px] h-[12px]; its label: px-1, text-[11px], text-slate-500. */
const BAR_TOP = 6;
const BAR_H = 12;
const LABEL_PAD = 4;
const LABEL_COLOR = '#64748b';

function paintMissing(s: MissingSlot, orphan: number, missing: string, r: number, y: number, nameW: number): void {
  put(s, 'top', y, () => (s.el.style.top = `${y}px`));
  put(s, 'row', r, () => s.el.setAttribute('aria-rowindex', String(r + 1)));
  put(s, 'orphan', orphan, () => {
    s.el.setAttribute('data-missing-parent', missing);
    s.text.textContent = `missing parent ${missing}`;
  });
  put(s, 'nameW', nameW, () => (s.nameBox.style.width = `${nameW}px`));
}

/** The pool for one container; `paint` draws the current window into it. */
export class RowPool {
  private readonly spans: (SpanSlot | null)[] = [];
  private readonly missing: (MissingSlot | null)[] = [];

  /** What was last set on the canvas (position, size), so it is set only when it changes. */
  private canvasSlot: { last: Record<string, unknown> } = { last: {} };
  /** The canvas drawn on last, and its context. */
  private drawnOn: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private font: string | null = null;

  /** `canvas()`: the bars' canvas, laid over the time column (null: bars are not drawn). */
  constructor(
    private readonly container: HTMLElement,
    private readonly canvas: () => HTMLCanvasElement | null = () => null,
  ) {}

  paint(p: RowPaint): void {
    const drawn = new Uint8Array(Math.max(p.slots, this.spans.length, this.missing.length));
    const kind: ('span' | 'missing')[] = [];
    // Each row is read once, for its element and its bar.
    const rows: (RowView | null)[] = [];
    const labels: (string | null)[] = [];
    for (let r = p.first; r < p.last; r++) {
      const row = p.rowAt(r);
      rows.push(row);
      labels.push(row?.kind === 'span' && !(row.flags & FLAG_NO_TIME) ? formatDuration(row.duration) : null);
    }
    // The bars before any element is written: a label drawn on the canvas resolves its font
    // against the document's style, which each element write dirties. Drawn between them, every
    // label forced a style recalculation (16 a frame, a fifth of a scrolled frame's time).
    const barWidth = Math.max(0, Math.floor(p.barWidth));
    const bars = this.barCanvas(p, barWidth);
    if (bars) {
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k];
        if (row?.kind === 'span' && labels[k] !== null) drawBar(bars, row, k * ROW_H, p, barWidth, labels[k]!);
      }
      this.placeCanvas(p, barWidth);
    }
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      if (!row) continue;
      const r = p.first + k;
      const slot = r % p.slots;
      drawn[slot] = 1;
      const y = p.top(r);
      if (row.kind === 'missing') {
        const s = (this.missing[slot] ??= missingSlot());
        kind[slot] = 'missing';
        paintMissing(s, row.orphan, row.missing, r, y, p.nameW);
      } else {
        const s = (this.spans[slot] ??= spanSlot());
        kind[slot] = 'span';
        paintSpan(s, row, r, y, p, labels[k]!);
      }
    }
    // Slots in slot order, each holding its span row or its missing-parent row (or nothing).
    const wanted: HTMLElement[] = [];
    for (let slot = 0; slot < drawn.length; slot++) {
      const span = this.spans[slot];
      const miss = this.missing[slot];
      const want = drawn[slot] ? (kind[slot] === 'span' ? span : miss) : null;
      for (const s of [span, miss]) if (s && s !== want && s.el.parentNode) s.el.remove();
      if (want) wanted.push(want.el);
    }
    // Only the wanted elements are left in the container now: put any out of place in order.
    let before: ChildNode | null = this.container.firstChild;
    for (const el of wanted) {
      if (el !== before) this.container.insertBefore(el, before);
      before = el.nextSibling;
    }
  }

  /**
   * The canvas for the bars of rows [first, last), `width` px wide: its backing store sized,
   * cleared, set up for the labels; null when there is none. (placeCanvas moves it over them.)
   */
  private barCanvas(p: RowPaint, width: number): CanvasRenderingContext2D | null {
    const canvas = this.canvas();
    if (!canvas) return null;
    if (canvas !== this.drawnOn) {
      // A new canvas element (the first, or React replaced it): nothing set on it yet.
      this.drawnOn = canvas;
      this.ctx = canvas.getContext('2d');
      this.canvasSlot = { last: {} };
    }
    const height = Math.max(0, p.last - p.first) * ROW_H;
    const dpr = window.devicePixelRatio || 1;
    const slot = this.canvasSlot;
    // The backing store is reallocated (and cleared) only when its size changes.
    put(slot, 'pxWidth', Math.round(width * dpr), () => (canvas.width = Math.round(width * dpr)));
    put(slot, 'pxHeight', Math.round(height * dpr), () => (canvas.height = Math.round(height * dpr)));
    const ctx = this.ctx;
    if (!ctx) return null;
    // The rows' own font (read once): the labels match SpanRow's text-[11px].
    this.font ??= `11px ${getComputedStyle(this.container).fontFamily || 'sans-serif'}`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = this.font;
    ctx.textBaseline = 'middle';
    return ctx;
  }

  /** Moves and sizes the bars' canvas (its element's style) to cover rows [first, last). */
  private placeCanvas(p: RowPaint, width: number): void {
    const count = Math.max(0, p.last - p.first);
    const height = count * ROW_H;
    const top = count > 0 ? p.top(p.first) : 0;
    const slot = this.canvasSlot;
    const style = this.drawnOn!.style;
    put(slot, 'top', top, () => (style.top = `${top}px`));
    put(slot, 'width', width, () => (style.width = `${width}px`));
    put(slot, 'height', height, () => (style.height = `${height}px`));
  }
}
