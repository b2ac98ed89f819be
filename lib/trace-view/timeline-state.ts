// The waterfall's interaction state as named, pure actions (after jaeger-ui's store.timeline.ts):
// collapse and expand, select, reveal a span, keyboard moves. Collapse flags are one byte per span;
// an action that changes them returns a new array, so React sees every change and tests can
// compare states without rendering anything.
import type { RowList } from './visible';

export interface TimelineState {
  /** 1 = the span's children are hidden, without a filter. */
  collapsed: Uint8Array;
  /** The same while a filter is on (everything starts open); null without a filter. */
  filterCollapsed: Uint8Array | null;
  selected: number | null;
}

export interface TreeShape {
  subtreeSize: Int32Array;
  /** parent[pos], -1 for roots. */
  parent: Int32Array;
}

export type TimelineAction =
  | { type: 'reset'; collapsed: Uint8Array }
  | { type: 'filterChanged'; active: boolean }
  | { type: 'childrenToggle'; pos: number }
  | { type: 'expandAll' }
  | { type: 'collapseAll'; tree: TreeShape }
  | { type: 'select'; pos: number | null }
  /** Selects `pos` with its ancestors open (in both collapse sets). */
  | { type: 'reveal'; pos: number; tree: TreeShape }
  | { type: 'move'; key: 'up' | 'down' | 'left' | 'right'; rows: RowList; tree: TreeShape };

export function initialTimelineState(collapsed: Uint8Array): TimelineState {
  return { collapsed, filterCollapsed: null, selected: null };
}

/** The collapse flags in force. */
export function activeCollapsed(state: TimelineState): Uint8Array {
  return state.filterCollapsed ?? state.collapsed;
}

function withActive(state: TimelineState, next: Uint8Array): TimelineState {
  return state.filterCollapsed ? { ...state, filterCollapsed: next } : { ...state, collapsed: next };
}

function posOfRow(rows: RowList, r: number): number {
  const code = rows[r]!;
  return code < 0 ? -code - 1 : code;
}

/** The row of `pos` in a row list in position order (binary search), or -1. */
function rowIndex(rows: RowList, pos: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = rows[mid]! >= 0 ? rows[mid]! : -rows[mid]! - 1;
    if (v < pos || (v === pos && rows[mid]! < 0)) lo = mid + 1;
    else if (v > pos) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function move(state: TimelineState, key: 'up' | 'down' | 'left' | 'right', rows: RowList, tree: TreeShape): TimelineState {
  if (rows.length === 0) return state;
  const sel = state.selected;
  const r = sel === null ? -1 : rowIndex(rows, sel);
  const collapsed = activeCollapsed(state);
  const select = (row: number) => ({ ...state, selected: posOfRow(rows, row) });
  if (key === 'down') {
    let next = r + 1;
    if (next < rows.length && rows[next]! < 0) next++;
    return select(Math.min(rows.length - 1, next));
  }
  if (key === 'up') {
    let prev = r < 0 ? 0 : r - 1;
    if (prev >= 0 && rows[prev]! < 0) prev--;
    return select(Math.max(0, prev));
  }
  if (sel === null) return state;
  const hasChildren = tree.subtreeSize[sel]! > 1;
  if (key === 'left') {
    if (hasChildren && !collapsed[sel]) return timelineReducer(state, { type: 'childrenToggle', pos: sel });
    const p = tree.parent[sel]!;
    return p >= 0 && rowIndex(rows, p) >= 0 ? { ...state, selected: p } : state;
  }
  if (hasChildren && collapsed[sel]) return timelineReducer(state, { type: 'childrenToggle', pos: sel });
  if (r >= 0 && r + 1 < rows.length && rows[r + 1]! >= 0 && tree.parent[rows[r + 1]!] === sel) return select(r + 1);
  return state;
}

export function timelineReducer(state: TimelineState, action: TimelineAction): TimelineState {
  switch (action.type) {
    case 'reset':
      return initialTimelineState(action.collapsed);
    case 'filterChanged':
      if (action.active) return { ...state, filterCollapsed: new Uint8Array(state.collapsed.length) };
      return state.filterCollapsed ? { ...state, filterCollapsed: null } : state;
    case 'childrenToggle': {
      const next = activeCollapsed(state).slice();
      next[action.pos] = next[action.pos] ? 0 : 1;
      return withActive(state, next);
    }
    case 'expandAll':
      return { ...state, collapsed: new Uint8Array(state.collapsed.length), filterCollapsed: state.filterCollapsed ? new Uint8Array(state.collapsed.length) : null };
    case 'collapseAll': {
      const all = new Uint8Array(state.collapsed.length);
      for (let i = 0; i < all.length; i++) all[i] = action.tree.subtreeSize[i]! > 1 ? 1 : 0;
      return { ...state, collapsed: all, filterCollapsed: state.filterCollapsed ? all.slice() : null };
    }
    case 'select':
      return state.selected === action.pos ? state : { ...state, selected: action.pos };
    case 'reveal': {
      let collapsed = state.collapsed;
      let filterCollapsed = state.filterCollapsed;
      for (let p = action.tree.parent[action.pos]!; p >= 0; p = action.tree.parent[p]!) {
        if (collapsed[p]) { if (collapsed === state.collapsed) collapsed = collapsed.slice(); collapsed[p] = 0; }
        if (filterCollapsed && filterCollapsed[p]) { if (filterCollapsed === state.filterCollapsed) filterCollapsed = filterCollapsed.slice(); filterCollapsed[p] = 0; }
      }
      return { collapsed, filterCollapsed, selected: action.pos };
    }
    case 'move':
      return move(state, action.key, action.rows, action.tree);
  }
}
