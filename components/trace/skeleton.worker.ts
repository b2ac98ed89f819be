// Web Worker: inflates a gzipped timeline skeleton and prepares it (decode, parent index, opening
// collapse flags, per-trace bounds), then hands every array back to the page without copying.
// The page's main thread stays free for painting rows while a 1M-span skeleton is processed.
// Started only by skeleton-loader.ts, which runs in the browser alone.
import { prepareSkeletonBuffer, transferablesOf } from '@/lib/trace-view/prepare';

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ gz: ArrayBuffer }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = async (e) => {
  try {
    const t0 = performance.now();
    const inflated = new Blob([e.data.gz]).stream().pipeThrough(new DecompressionStream('gzip'));
    const buffer = await new Response(inflated).arrayBuffer();
    const t1 = performance.now();
    const prepared = prepareSkeletonBuffer(buffer);
    const ms = { inflate: t1 - t0, prepare: performance.now() - t1 };
    scope.postMessage({ ok: true, prepared, ms }, transferablesOf(prepared));
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
