// What one timeline row shows, as plain values (so the server can render the first screenful of
// rows into the page's HTML, and the browser renders the same markup from the skeleton), and the
// timeline's opening state computed on the server: the "preview" the page ships with its HTML.
import { decodeSkeleton, decodeSpanIds, FLAG_ERROR, ownBuffer, spanIdAt, type EncodedSkeleton, type Skeleton, type SpanIds } from './skeleton';
import { defaultCollapsed, fullRange, indexSkeleton, timeBounds, traceRange, visibleRows, type SkeletonIndex } from './visible';
import { dominantTrace } from './url-state';

/** One span's row. */
export interface SpanRowView {
  kind: 'span';
  pos: number;
  /** Null until the skeleton's ids are loaded (the browser loads them after the rest). */
  spanId: string | null;
  /** Indent level (depth, plus one under a "missing parent" row). */
  depth: number;
  flags: number;
  subtreeSize: number;
  collapsed: boolean;
  service: number;
  serviceName: string;
  name: string;
  /** µs since baseUs. */
  start: number;
  duration: number;
}

/** The "missing parent" row above orphan `orphan`. */
export interface MissingRowView {
  kind: 'missing';
  orphan: number;
  missing: string;
}

export type RowView = SpanRowView | MissingRowView;

/**
 * The row for row code `code` (see visible.ts: a position, or -(pos + 1) for a missing parent);
 * `ids` null while they are still loading.
 */
export function rowView(sk: Skeleton, ids: SpanIds | null, index: Pick<SkeletonIndex, 'underOrphan'>, code: number, collapsed: Uint8Array): RowView {
  if (code < 0) {
    const orphan = -code - 1;
    return { kind: 'missing', orphan, missing: sk.orphanParent.get(orphan) ?? '' };
  }
  const size = sk.subtreeSize[code];
  return {
    kind: 'span',
    pos: code,
    spanId: ids ? spanIdAt(ids, code) : null,
    depth: sk.depth[code] + index.underOrphan[code],
    flags: sk.flags[code],
    subtreeSize: size,
    collapsed: size > 1 && collapsed[code] === 1,
    service: sk.service[code],
    serviceName: sk.services[sk.service[code]],
    name: sk.names[sk.name[code]],
    start: sk.start[code],
    duration: sk.duration[code],
  };
}

/** The timeline as it opens (no filter, default collapse), with its first rows. JSON-safe. */
export interface TracePreview {
  count: number;
  baseUs: number;
  traceCount: number;
  services: string[];
  /** The trace shown first: the only or dominant one (dominantTrace), else -1 (all). */
  trace: number;
  /** Spans in that range. */
  rangeSpans: number;
  rangeErrors: number;
  bounds: { start: number; end: number };
  rowCount: number;
  /** The first rows (row 0 onwards). */
  rows: RowView[];
}

/** Enough rows for a tall window; the browser renders the rest once the skeleton is loaded. */
export const PREVIEW_ROWS = 64;

/** The preview of an encoded skeleton, as the server caches it for the trace page's first render. */
export function previewJson(encoded: EncodedSkeleton): string {
  return JSON.stringify(buildPreview(decodeSkeleton(ownBuffer(encoded.skeleton)), decodeSpanIds(ownBuffer(encoded.ids))));
}

export function buildPreview(sk: Skeleton, ids: SpanIds, rowLimit = PREVIEW_ROWS): TracePreview {
  const trace = dominantTrace(sk);
  const range = trace < 0 ? fullRange(sk) : traceRange(sk, trace);
  const collapsed = defaultCollapsed(sk);
  const rows = visibleRows(sk, range, collapsed, null);
  // underOrphan only matters for the rows shown; the full index is one linear pass.
  const index = indexSkeleton(sk);
  let errors = 0;
  for (let i = range.from; i < range.to; i++) if (sk.flags[i] & FLAG_ERROR) errors++;
  const first: RowView[] = [];
  for (let r = 0; r < Math.min(rows.length, rowLimit); r++) first.push(rowView(sk, ids, index, rows[r], collapsed));
  return {
    count: sk.count,
    baseUs: sk.baseUs,
    traceCount: sk.traceIds.length,
    services: sk.services,
    trace,
    rangeSpans: range.to - range.from,
    rangeErrors: errors,
    bounds: timeBounds(sk, range),
    rowCount: rows.length,
    rows: first,
  };
}
