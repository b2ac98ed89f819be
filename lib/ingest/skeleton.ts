// A parse's timeline skeleton (lib/trace-view/skeleton.ts), built from the span index and the
// tree layout it holds in memory rather than read back from the rows it inserted. The work is
// pure, so it runs on a thread of its own (skeleton-worker.ts) while the main thread inserts the
// rows: at 1M spans, ~1.3 s of building, previewing and compressing off the insert's path.
import { gzipSync } from 'node:zlib';
import type { SpanIndex } from '@/lib/bundle/operations';
import { SpanIds, type SpanIdsData } from '@/lib/bundle/span-ids';
import { SkeletonBuilder, SKELETON_GZIP_LEVEL, type EncodedSkeleton } from '@/lib/trace-view/skeleton';
import { previewJson } from '@/lib/trace-view/preview';
import type { CachedSkeleton } from '@/lib/trace-view/store';
import type { TreeLayout } from './tree';

/**
 * The columns the skeleton is built from: the span index's and the tree layout's, the id columns
 * as posted between threads. Shared with the worker: the insert reads them too.
 */
export type SkeletonColumns = Pick<SpanIndex, 'ops' | 'traceIds' | 'op' | 'trace' | 'startUs' | 'durationUs' | 'error'>
  & Pick<TreeLayout, 'pos' | 'depth' | 'parentSeq'>
  & { spanIds: SpanIdsData; parentSpanIds: SpanIdsData };

/**
 * The columns, as they are: the span index, the merged ids and the layout are allocated in shared
 * memory (lib/bundle/shared-columns.ts), so posting them to a thread copies nothing. (Copied, by
 * the structured clone or into shared memory here, they took ~0.25-0.3 s of this thread at 1M
 * spans.)
 */
export function skeletonColumns(index: SpanIndex, layout: TreeLayout): SkeletonColumns {
  return {
    ops: index.ops, traceIds: index.traceIds, op: index.op, trace: index.trace,
    spanIds: index.spanIds.data(), parentSpanIds: index.parentSpanIds.data(),
    startUs: index.startUs, durationUs: index.durationUs, error: index.error,
    pos: layout.pos, depth: layout.depth, parentSeq: layout.parentSeq,
  };
}

/** The encoded skeleton, in tree order. */
export function encodeSkeleton(c: SkeletonColumns): EncodedSkeleton {
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
  const encoded = encodeSkeleton(c);
  return {
    gz: gzipSync(encoded.skeleton, { level: SKELETON_GZIP_LEVEL }),
    idsGz: gzipSync(encoded.ids, { level: SKELETON_GZIP_LEVEL }),
    preview: previewJson(encoded),
  };
}
