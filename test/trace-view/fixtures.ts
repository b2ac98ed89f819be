// Small hand-built span trees, given in pre-order as the spans table stores them.
import { buildSkeleton, decodeSkeleton, decodeSpanIds, ownBuffer, type Skeleton, type SkeletonRow, type SpanIds } from '@/lib/trace-view/skeleton';

type Spec = Partial<SkeletonRow> & { depth: number; spanId: string; startUs: number; durationUs: number };

/** Defaults what a spec leaves out. */
export function rows(specs: Spec[]): SkeletonRow[] {
  return specs.map((s) => ({
    traceId: 't1',
    parentSpanId: s.depth > 0 ? 'p' : null,
    hasParent: s.depth > 0,
    service: 'x400-gateway',
    name: 'op',
    error: false,
    ...s,
  }));
}

/** The skeleton of rows in pre-order, as the browser decodes it. */
export function skeletonOf(specs: Spec[]): Skeleton {
  return decodeSkeleton(ownBuffer(buildSkeleton(rows(specs)).skeleton));
}

/** The skeleton and its span ids. */
export function skeletonWithIds(full: SkeletonRow[]): { sk: Skeleton; ids: SpanIds } {
  const encoded = buildSkeleton(full);
  return { sk: decodeSkeleton(ownBuffer(encoded.skeleton)), ids: decodeSpanIds(ownBuffer(encoded.ids)) };
}

/**
 * root (0..1000)
 *   a (10..400)        gateway
 *     a1 (20..100)     error
 *     a2 (150..390)
 *   b (420..990)       queue
 *     b1 (400..995)    skewed: starts before b, ends after it
 */
export const BASE = 1_795_729_000_000_000;
export const sample = () =>
  skeletonOf([
    { depth: 0, spanId: '00000000000000a0', startUs: BASE, durationUs: 1000, name: 'gateway.inbound' },
    { depth: 1, spanId: '00000000000000a1', startUs: BASE + 10, durationUs: 390, name: 'directory.lookup' },
    { depth: 2, spanId: '00000000000000a2', startUs: BASE + 20, durationUs: 80, name: 'mta.transfer', error: true },
    { depth: 2, spanId: '00000000000000a3', startUs: BASE + 150, durationUs: 240, name: 'mta.transfer' },
    { depth: 1, spanId: '00000000000000b0', startUs: BASE + 420, durationUs: 570, name: 'queue.enqueue', service: 'x400-queue' },
    { depth: 2, spanId: '00000000000000b1', startUs: BASE + 400, durationUs: 595, name: 'queue.dispatch', service: 'x400-queue' },
  ]);
