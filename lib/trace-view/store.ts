// Server side of the bundle views: the timeline skeleton built from the spans table (streamed in
// `pos` order, cached gzipped in bundle_derived), attribute search, one span's detail, and the
// critical path of a trace (computed once, cached). Callers check the role and the parse state.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AppDb } from '@/db/client';
import { countSpans, readDerived, writeDerived } from '@/db/queries/bundles';
import { criticalPath } from './critical-path';
import { buildPreview, type TracePreview } from './preview';
import { decodeSkeleton, SkeletonBuilder, type Skeleton } from './skeleton';

const SKELETON_KEY = 'timeline-skeleton:v1';
const PREVIEW_KEY = 'timeline-preview:v2';

/** Builds the encoded skeleton from the spans table (pre-order by `pos`). */
export function buildSkeletonFromDb(db: AppDb, bundleId: string): Uint8Array {
  const builder = new SkeletonBuilder(countSpans(db, bundleId));
  const rows = db.$client
    .prepare(
      'select depth, subtree_size, trace_id, span_id, parent_span_id, parent_seq, service, name, start_us, duration_us, error from spans where bundle_id = ? order by pos',
    )
    .raw(true);
  for (const r of rows.iterate(bundleId) as Iterable<unknown[]>) {
    builder.add({
      depth: r[0] as number,
      subtreeSize: r[1] as number,
      traceId: r[2] as string,
      spanId: r[3] as string,
      parentSpanId: r[4] as string | null,
      hasParent: r[5] !== null,
      service: r[6] as string,
      name: r[7] as string,
      startUs: r[8] as number,
      durationUs: r[9] as number,
      error: r[10] === 1,
    });
  }
  return builder.finish();
}

/** The gzipped skeleton, built and cached on first use. */
export function skeletonGz(db: AppDb, bundleId: string, now = new Date()): Buffer {
  const cached = readDerived(db, bundleId, SKELETON_KEY);
  if (cached) return cached;
  return saveSkeleton(db, bundleId, buildSkeletonFromDb(db, bundleId), now);
}

/** Caches a built skeleton (a parse builds it from the rows it just laid out) and its preview. */
export function saveSkeleton(db: AppDb, bundleId: string, raw: Uint8Array, now = new Date()): Buffer {
  const gz = gzipSync(raw, { level: 4 });
  writeDerived(db, bundleId, SKELETON_KEY, gz, now);
  // The page's server-rendered first rows come from the same skeleton: cache them alongside.
  const sk = decodeSkeleton(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer);
  writeDerived(db, bundleId, PREVIEW_KEY, Buffer.from(JSON.stringify(buildPreview(sk))), now);
  return gz;
}

/** The timeline's opening state and first rows, rendered into the trace page's HTML (cached). */
export function tracePreview(db: AppDb, bundleId: string, now = new Date()): TracePreview {
  const cached = readDerived(db, bundleId, PREVIEW_KEY);
  if (cached) return JSON.parse(cached.toString('utf8')) as TracePreview;
  const preview = buildPreview(loadSkeleton(db, bundleId));
  writeDerived(db, bundleId, PREVIEW_KEY, Buffer.from(JSON.stringify(preview)), now);
  return preview;
}

const decoded = new Map<string, Skeleton>();

/** The decoded skeleton (a couple kept in memory for critical-path requests). */
export function loadSkeleton(db: AppDb, bundleId: string): Skeleton {
  const hit = decoded.get(bundleId);
  if (hit) return hit;
  const raw = gunzipSync(skeletonGz(db, bundleId));
  const sk = decodeSkeleton(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer);
  if (decoded.size >= 2) decoded.delete(decoded.keys().next().value!);
  decoded.set(bundleId, sk);
  return sk;
}

/** Positions on the critical path of trace `trace` (index into the skeleton's trace table). */
export function criticalPathOf(db: AppDb, bundleId: string, trace: number, now = new Date()): number[] {
  const key = `critical-path:v1:${trace}`;
  const cached = readDerived(db, bundleId, key);
  if (cached) return JSON.parse(cached.toString('utf8')) as number[];
  const sk = loadSkeleton(db, bundleId);
  if (!Number.isInteger(trace) || trace < 0 || trace >= sk.traceIds.length) return [];
  const path = criticalPath(sk, { from: sk.traceFirst[trace], to: sk.traceFirst[trace + 1] });
  writeDerived(db, bundleId, key, Buffer.from(JSON.stringify(path)), now);
  return path;
}

/** Positions of spans whose attributes or status message contain `text` (case-insensitive). */
export function searchSpanAttributes(db: AppDb, bundleId: string, text: string, limit = 200_000): Int32Array {
  const needle = text.trim().toLowerCase();
  if (!needle) return new Int32Array(0);
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db.$client
    .prepare(
      "select pos from spans where bundle_id = ? and (lower(attributes) like ? escape '\\' or lower(coalesce(status_message, '')) like ? escape '\\' or lower(events) like ? escape '\\') order by pos limit ?",
    )
    .pluck(true)
    .all(bundleId, like, like, like, limit) as number[];
  return Int32Array.from(rows);
}

export interface SpanDetail {
  pos: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: string;
  startUs: number;
  durationUs: number;
  error: boolean;
  errorCode: string | null;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  events: { timeUs: number; name: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
}

export function spanAt(db: AppDb, bundleId: string, pos: number): SpanDetail | null {
  const row = db.$client
    .prepare(
      'select pos, trace_id as traceId, span_id as spanId, parent_span_id as parentSpanId, service, name, kind, start_us as startUs, duration_us as durationUs, error, error_code as errorCode, status_message as statusMessage, attributes, events, links from spans where bundle_id = ? and pos = ?',
    )
    .get(bundleId, pos) as (Omit<SpanDetail, 'error' | 'attributes' | 'events' | 'links'> & { error: number; attributes: string; events: string; links: string }) | undefined;
  if (!row) return null;
  return { ...row, error: row.error === 1, attributes: JSON.parse(row.attributes), events: JSON.parse(row.events), links: JSON.parse(row.links) };
}
