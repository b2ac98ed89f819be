// A parse's timeline skeleton (lib/trace-view/skeleton.ts), built from the span index and the
// tree layout it holds in memory rather than read back from the rows it inserted. The work is
// pure, so it runs on a thread of its own (skeleton-worker.ts) while the main thread inserts the
// rows: at 1M spans, ~1.3 s of building, previewing and compressing off the insert's path.
import { gzipSync } from 'node:zlib';
import type { SpanIndex } from '@/lib/bundle/operations';
import { isShared } from '@/lib/bundle/shared-columns';
import { SpanIds, type SpanIdsData } from '@/lib/bundle/span-ids';
import { SkeletonBuilder, SKELETON_GZIP_LEVEL } from '@/lib/trace-view/skeleton';
import { previewJson } from '@/lib/trace-view/preview';
import type { CachedSkeleton } from '@/lib/trace-view/store';
import type { TreeLayout } from './tree';

/**
 * The columns the skeleton is built from: the span index's and the tree layout's, the id columns
 * as posted between threads. Shared with the worker: the insert reads them too.
 */
export type SkeletonColumns = Pick<SpanIndex, 'ops' | 'traceIds' | 'op' | 'trace' | 'startUs' | 'durationUs' | 'error'>
  & Pick<TreeLayout, 'pos' | 'depth' | 'subtreeSize' | 'parentSeq'>
  & { spanIds: SpanIdsData; parentSpanIds: SpanIdsData };

/**
 * The columns in shared memory, so posting them to a thread copies nothing. (Posted as they are,
 * the structured clone took ~0.3 s of this thread at 1M spans.) The span index and the layout
 * allocate them there already (lib/bundle/shared-columns.ts); any other column is copied.
 */
export function skeletonColumns(index: SpanIndex, layout: TreeLayout): SkeletonColumns {
  const ids = (d: SpanIdsData): SpanIdsData => ({ ...d, bytes: shared(d.bytes), ends: shared(d.ends) });
  return {
    ops: index.ops, traceIds: index.traceIds, op: shared(index.op), trace: shared(index.trace),
    spanIds: ids(index.spanIds.data()), parentSpanIds: ids(index.parentSpanIds.data()),
    startUs: shared(index.startUs), durationUs: shared(index.durationUs), error: shared(index.error),
    pos: shared(layout.pos), depth: shared(layout.depth), subtreeSize: shared(layout.subtreeSize), parentSeq: shared(layout.parentSeq),
  };
}

function shared<T extends Uint8Array | Int32Array | Float64Array>(a: T): T {
  if (isShared(a)) return a;
  const buffer = new SharedArrayBuffer(a.byteLength);
  // (A Buffer is a Uint8Array, and its own constructor is deprecated.)
  const copy = a instanceof Int32Array ? new Int32Array(buffer) : a instanceof Float64Array ? new Float64Array(buffer) : new Uint8Array(buffer);
  copy.set(a);
  return copy as T;
}

/** The encoded skeleton, in tree order. */
export function encodeSkeleton(c: SkeletonColumns): Uint8Array {
  const n = c.op.length;
  const spanIds = SpanIds.of(c.spanIds);
  const parentSpanIds = SpanIds.of(c.parentSpanIds);
  const byPos = new Int32Array(n);
  for (let seq = 0; seq < n; seq++) byPos[c.pos[seq]!] = seq;
  const builder = new SkeletonBuilder(n);
  for (let pos = 0; pos < n; pos++) {
    const seq = byPos[pos]!;
    const [service, name] = c.ops[c.op[seq]!]!;
    builder.add({
      depth: c.depth[seq]!,
      subtreeSize: c.subtreeSize[seq]!,
      traceId: c.traceIds[c.trace[seq]!]!,
      spanId: spanIds.at(seq),
      parentSpanId: parentSpanIds.at(seq) || null,
      hasParent: c.parentSeq[seq]! >= 0,
      service,
      name,
      startUs: c.startUs[seq]!,
      durationUs: c.durationUs[seq]!,
      error: c.error[seq] === 1,
    });
  }
  return builder.finish();
}

/** Everything a parse caches of its skeleton, on the calling thread. */
export function buildSkeletonFiles(c: SkeletonColumns): CachedSkeleton {
  const raw = encodeSkeleton(c);
  return { gz: gzipSync(raw, { level: SKELETON_GZIP_LEVEL }), preview: previewJson(raw) };
}
