// Which rows the waterfall shows: collapse skips a subtree by its size; filters hide what does not
// match but keep the ancestors of what does. Linear passes over typed arrays, so 1M spans stay
// within a few milliseconds per change.
import { FLAG_ERROR, FLAG_NO_TIME, FLAG_ORPHAN, type Skeleton } from './skeleton';

/** Per-skeleton arrays computed once in the browser. */
export interface SkeletonIndex {
  /** parent[pos], -1 for roots and orphans. */
  parent: Int32Array;
  /** 1 for every span inside an orphan's subtree (drawn one level deeper, under "missing parent"). */
  underOrphan: Uint8Array;
}

export function indexSkeleton(sk: Skeleton): SkeletonIndex {
  const n = sk.count;
  const parent = new Int32Array(n);
  const underOrphan = new Uint8Array(n);
  const { depth, flags, subtreeSize } = sk;
  // The nearest span at each depth so far (pre-order): a typed stack, grown as depth requires.
  let stack = new Int32Array(64);
  for (let i = 0; i < n; i++) {
    const d = depth[i];
    if (d >= stack.length) {
      const grown = new Int32Array(Math.max(stack.length * 2, d + 1));
      grown.set(stack);
      stack = grown;
    }
    parent[i] = d > 0 ? stack[d - 1] : -1;
    stack[d] = i;
    if (d === 0 && flags[i] & FLAG_ORPHAN) underOrphan.fill(1, i, i + subtreeSize[i]);
  }
  return { parent, underOrphan };
}

/** Row codes: a position (>= 0), or `-(pos + 1)` for the "missing parent" row above orphan `pos`. */
export type RowList = Int32Array;

export interface Range {
  from: number;
  to: number;
}

export function fullRange(sk: Skeleton): Range {
  return { from: 0, to: sk.count };
}

export function traceRange(sk: Skeleton, trace: number): Range {
  return { from: sk.traceFirst[trace], to: sk.traceFirst[trace + 1] };
}

/** Deep or huge subtrees start collapsed so a 1M-span bundle opens on a readable overview. */
export function defaultCollapsed(sk: Skeleton, maxDepth = 6, maxSubtree = 10_000): Uint8Array {
  const n = sk.count;
  const collapsed = new Uint8Array(n);
  const { subtreeSize, depth } = sk;
  for (let i = 0; i < n; i++) {
    const size = subtreeSize[i];
    if (size > 1 && (depth[i] >= maxDepth || (depth[i] > 0 && size > maxSubtree))) collapsed[i] = 1;
  }
  return collapsed;
}

/**
 * The rows to draw. `keep` (from filterKeep) hides spans with no match in their subtree;
 * `collapsed` hides the descendants of a collapsed span.
 */
export function visibleRows(sk: Skeleton, range: Range, collapsed: Uint8Array, keep: Uint8Array | null): RowList {
  // Everything open, no filter, no orphan: every span is a row (as after "expand all"). indexOf
  // scans the flags natively, several times faster than the walk below over a million spans.
  // The loops read locals only: they run once per click, mostly before V8 optimises them, and
  // a property load per span doubled their time there.
  const { from, to } = range;
  if (!keep && sk.orphanParent.size === 0 && collapsed.subarray(from, to).indexOf(1) < 0) {
    const n = Math.max(0, to - from);
    const all = new Int32Array(n);
    for (let k = 0; k < n; k++) all[k] = from + k;
    return all;
  }
  const { subtreeSize, depth, flags, orphanParent } = sk;
  const out = new Int32Array(Math.min(sk.count, to - from) + orphanParent.size);
  let k = 0;
  let lastMissing: string | null = null;
  let i = from;
  while (i < to) {
    const size = subtreeSize[i]!;
    if (keep && !keep[i]) {
      i += size;
      continue;
    }
    if (depth[i] === 0) {
      const missing = flags[i]! & FLAG_ORPHAN ? orphanParent.get(i) ?? '' : null;
      if (missing !== null && missing !== lastMissing) out[k++] = -(i + 1);
      lastMissing = missing;
    }
    out[k++] = i;
    i += collapsed[i] ? size : 1;
  }
  return out.subarray(0, k);
}

export interface SpanFilter {
  errorsOnly: boolean;
  /** Case-insensitive text matched against name and service (client side). */
  text: string;
  /** Positions whose attributes matched `text` on the server; unioned with the name/service match. */
  attributeMatches: Int32Array | null;
  /** Service index, or -1 for all. */
  service: number;
  /** Operation (span name) index, or -1 for all; absent: all. */
  operation?: number;
  /** µs; 0 for no minimum. */
  minDurationUs: number;
}

export const NO_FILTER: SpanFilter = { errorsOnly: false, text: '', attributeMatches: null, service: -1, minDurationUs: 0 };

export function filterActive(f: SpanFilter): boolean {
  return f.errorsOnly || f.text.trim() !== '' || f.service >= 0 || (f.operation ?? -1) >= 0 || f.minDurationUs > 0;
}

function tableMatches(table: string[], needle: string): Uint8Array {
  const out = new Uint8Array(table.length);
  for (let i = 0; i < table.length; i++) if (table[i].toLowerCase().includes(needle)) out[i] = 1;
  return out;
}

/** 1 for each span in range that matches every active filter; null when no filter is active. */
export function matchMask(sk: Skeleton, range: Range, f: SpanFilter): Uint8Array | null {
  if (!filterActive(f)) return null;
  const match = new Uint8Array(sk.count);
  const needle = f.text.trim().toLowerCase();
  let textMatch: Uint8Array | null = null;
  let nameHit: Uint8Array | null = null;
  let serviceHit: Uint8Array | null = null;
  if (needle) {
    nameHit = tableMatches(sk.names, needle);
    serviceHit = tableMatches(sk.services, needle);
    if (f.attributeMatches) {
      textMatch = new Uint8Array(sk.count);
      for (const p of f.attributeMatches) if (p >= 0 && p < sk.count) textMatch[p] = 1;
    }
  }
  for (let i = range.from; i < range.to; i++) {
    if (f.errorsOnly && !(sk.flags[i] & FLAG_ERROR)) continue;
    if (f.service >= 0 && sk.service[i] !== f.service) continue;
    if (f.operation !== undefined && f.operation >= 0 && sk.name[i] !== f.operation) continue;
    if (f.minDurationUs > 0 && (sk.duration[i] < f.minDurationUs || sk.flags[i] & FLAG_NO_TIME)) continue;
    if (needle && !(nameHit![sk.name[i]] || serviceHit![sk.service[i]] || (textMatch && textMatch[i]))) continue;
    match[i] = 1;
  }
  return match;
}

/** Spans to keep: the matches and all their ancestors (context). Null when match is null. */
export function filterKeep(sk: Skeleton, index: SkeletonIndex, range: Range, match: Uint8Array | null): Uint8Array | null {
  if (!match) return null;
  const keep = new Uint8Array(sk.count);
  for (let i = range.to - 1; i >= range.from; i--) {
    if (match[i] || keep[i]) {
      keep[i] = 1;
      const p = index.parent[i];
      if (p >= 0) keep[p] = 1;
    }
  }
  return keep;
}

/** Positions of the ancestors of `pos`, nearest first. */
export function ancestorsOf(index: SkeletonIndex, pos: number): number[] {
  const out: number[] = [];
  for (let p = index.parent[pos]; p >= 0; p = index.parent[p]) out.push(p);
  return out;
}

/** The row index of a position in a row list, or -1 (rows are in position order: binary search). */
export function rowOf(rows: RowList, pos: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = rows[mid] >= 0 ? rows[mid] : -rows[mid] - 1;
    if (v < pos || (v === pos && rows[mid] < 0)) lo = mid + 1;
    else if (v > pos) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** The first error span starting at or after `atUs` (µs since baseUs) within range, or -1. */
export function firstErrorAfter(sk: Skeleton, range: Range, atUs: number): number {
  let best = -1;
  for (let i = range.from; i < range.to; i++) {
    if (!(sk.flags[i] & FLAG_ERROR) || sk.flags[i] & FLAG_NO_TIME) continue;
    if (sk.start[i] >= atUs && (best < 0 || sk.start[i] < sk.start[best])) best = i;
  }
  return best;
}

/** Earliest start and latest end (µs since baseUs) of the timed spans in range. */
export function timeBounds(sk: Skeleton, range: Range): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (let i = range.from; i < range.to; i++) {
    if (sk.flags[i] & FLAG_NO_TIME) continue;
    if (sk.start[i] < start) start = sk.start[i];
    if (sk.start[i] + sk.duration[i] > end) end = sk.start[i] + sk.duration[i];
  }
  if (!Number.isFinite(start)) return { start: 0, end: 1 };
  return { start, end: Math.max(end, start + 1) };
}
