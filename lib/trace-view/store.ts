// Server side of the bundle views: the timeline skeleton built from the spans table (streamed in
// `pos` order, cached gzipped in bundle_derived), attribute search, one span's detail, and the
// critical path of a trace (computed once, cached). Callers check the role and the parse state.
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { withTransaction, type Db } from '@/db/client';
import { countSpans, derivedWrittenAt, readDerived, writeDerived } from '@/db/queries/bundles';
import { findSpanAt, readSkeletonSpans, searchSpanPositions } from '@/db/queries/spans';
import { criticalPath } from './critical-path';
import { buildPreview, previewJson, type TracePreview } from './preview';
import { decodeSkeleton, decodeSpanIds, ownBuffer, SKELETON_GZIP_LEVEL, SkeletonBuilder, type EncodedSkeleton, type Skeleton, type SpanIds } from './skeleton';

/**
 * v2: narrow columns, no subtree sizes, the span ids apart (SPAN_IDS_KEY). A key given up is
 * listed in a migration that drops its rows (as db/migrations/0016_drop_superseded_trace_caches.sql
 * and its PostgreSQL twin do).
 */
const SKELETON_KEY = 'timeline-skeleton:v2';
const SPAN_IDS_KEY = 'timeline-span-ids:v1';
const PREVIEW_KEY = 'timeline-preview:v2';
const criticalPathKey = (trace: number) => `critical-path:v1:${trace}`;

/** Builds the encoded skeleton from the spans table (pre-order by `pos`), a page at a time. */
export async function buildSkeletonFromDb(db: Db, bundleId: string): Promise<EncodedSkeleton> {
  const builder = new SkeletonBuilder(await countSpans(db, bundleId));
  for await (const page of readSkeletonSpans(db, bundleId)) {
    for (const r of page) {
      builder.add({
        depth: r.depth,
        traceId: r.traceId,
        spanId: r.spanId,
        parentSpanId: r.parentSpanId,
        hasParent: r.parentSeq !== null,
        service: r.service,
        name: r.name,
        startUs: r.startUs,
        durationUs: r.durationUs,
        error: r.error,
      });
    }
  }
  return builder.finish();
}

/** The two parts of a skeleton as served: the tree, and its span ids. */
export type SkeletonPart = 'tree' | 'ids';

const partKey = (part: SkeletonPart) => (part === 'ids' ? SPAN_IDS_KEY : SKELETON_KEY);

/** A part of the skeleton, gzipped: built and cached (both parts) on first use. */
export async function skeletonGz(db: Db, bundleId: string, part: SkeletonPart = 'tree', now = new Date()): Promise<Buffer> {
  const cached = await readDerived(db, bundleId, partKey(part));
  if (cached) return cached;
  const saved = await saveSkeleton(db, bundleId, await buildSkeletonFromDb(db, bundleId), now);
  return part === 'ids' ? saved.idsGz : saved.gz;
}

/**
 * The entity tag of a cached derived value (its key, with its version, and when it was written),
 * null before it is built: the browser keeps the skeleton and critical paths and asks again with
 * If-None-Match, so a revisit costs a 304, not the download (3.8 and 6.9 MB for a 1M-span trace).
 */
async function derivedTag(db: Db, bundleId: string, key: string): Promise<string | null> {
  const writtenAt = await derivedWrittenAt(db, bundleId, key);
  return writtenAt === undefined ? null : `"${key.replaceAll(':', '-')}-${writtenAt}"`;
}

export const skeletonTag = (db: Db, bundleId: string, part: SkeletonPart = 'tree') => derivedTag(db, bundleId, partKey(part));
export const criticalPathTag = (db: Db, bundleId: string, trace: number) => derivedTag(db, bundleId, criticalPathKey(trace));

const gzipAsync = promisify(gzip);

/**
 * The skeleton gzipped on libuv's thread pool, not the event loop (0.55 s at 1M spans). One output chunk as large as the input, so the whole compression is one thread-pool job and
 * needs no turn of the event loop between 16 KiB chunks.
 */
function gzipSkeleton(raw: Uint8Array): Promise<Buffer> {
  return gzipAsync(raw, { level: SKELETON_GZIP_LEVEL, chunkSize: Math.max(64 * 1024, raw.byteLength + 1024) });
}

/** Caches a skeleton built from the spans table, and its preview. */
async function saveSkeleton(db: Db, bundleId: string, encoded: EncodedSkeleton, now = new Date()): Promise<{ gz: Buffer; idsGz: Buffer }> {
  // The preview is built here while the thread pool compresses.
  const compressing = Promise.all([gzipSkeleton(encoded.skeleton), gzipSkeleton(encoded.ids)]);
  const preview = previewJson(encoded);
  const [gz, idsGz] = await compressing;
  await writeSkeleton(db, bundleId, { gz, idsGz, preview }, now);
  return { gz, idsGz };
}

/** What is cached of a bundle's skeleton: its two parts gzipped, and the page's first rows as JSON. */
export interface CachedSkeleton {
  gz: Uint8Array;
  idsGz: Uint8Array;
  preview: string;
}

/**
 * Caches a bundle's gzipped skeleton with its preview: the page's server-rendered first rows
 * come from the same skeleton. (A parse builds both from the rows it just laid out.)
 */
export async function writeSkeleton(db: Db, bundleId: string, built: CachedSkeleton, now = new Date()): Promise<void> {
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await withTransaction(db, async (tx) => {
    await writeDerived(tx, bundleId, SKELETON_KEY, buffer(built.gz), now);
    await writeDerived(tx, bundleId, SPAN_IDS_KEY, buffer(built.idsGz), now);
    await writeDerived(tx, bundleId, PREVIEW_KEY, Buffer.from(built.preview), now);
  });
}

/** The timeline's opening state and first rows, rendered into the trace page's HTML (cached). */
export async function tracePreview(db: Db, bundleId: string, now = new Date()): Promise<TracePreview> {
  const cached = await readDerived(db, bundleId, PREVIEW_KEY);
  if (cached) return JSON.parse(cached.toString('utf8')) as TracePreview;
  const preview = buildPreview(await loadSkeleton(db, bundleId), await loadSpanIds(db, bundleId));
  await writeDerived(db, bundleId, PREVIEW_KEY, Buffer.from(JSON.stringify(preview)), now);
  return preview;
}

const decoded = new Map<string, Skeleton>();

/** The decoded skeleton (a couple kept in memory for critical-path requests). */
export async function loadSkeleton(db: Db, bundleId: string): Promise<Skeleton> {
  const hit = decoded.get(bundleId);
  if (hit) return hit;
  const sk = decodeSkeleton(ownBuffer(gunzipSync(await skeletonGz(db, bundleId))));
  if (decoded.size >= 2) decoded.delete(decoded.keys().next().value!);
  decoded.set(bundleId, sk);
  return sk;
}

/** The skeleton's span ids (not kept: they are only needed to build a preview). */
async function loadSpanIds(db: Db, bundleId: string): Promise<SpanIds> {
  return decodeSpanIds(ownBuffer(gunzipSync(await skeletonGz(db, bundleId, 'ids'))));
}

/** Positions on the critical path of trace `trace` (index into the skeleton's trace table). */
export async function criticalPathOf(db: Db, bundleId: string, trace: number, now = new Date()): Promise<number[]> {
  const key = criticalPathKey(trace);
  const cached = await readDerived(db, bundleId, key);
  if (cached) return JSON.parse(cached.toString('utf8')) as number[];
  const sk = await loadSkeleton(db, bundleId);
  if (!Number.isInteger(trace) || trace < 0 || trace >= sk.traceIds.length) return [];
  const path = criticalPath(sk, { from: sk.traceFirst[trace], to: sk.traceFirst[trace + 1] });
  await writeDerived(db, bundleId, key, Buffer.from(JSON.stringify(path)), now);
  return path;
}

/** Positions of spans whose attributes or status message contain `text` (case-insensitive). */
export async function searchSpanAttributes(db: Db, bundleId: string, text: string, limit = 200_000): Promise<Int32Array> {
  const needle = text.trim().toLowerCase();
  if (!needle) return new Int32Array(0);
  return Int32Array.from(await searchSpanPositions(db, bundleId, needle, limit));
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

export async function spanAt(db: Db, bundleId: string, pos: number): Promise<SpanDetail | null> {
  const row = await findSpanAt(db, bundleId, pos);
  if (!row) return null;
  return { ...row, pos: row.pos!, events: row.events as SpanDetail['events'], links: row.links as SpanDetail['links'] };
}
