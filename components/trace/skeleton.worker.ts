// Web Worker: prepares a timeline skeleton, which the browser inflated as it downloaded (decode,
// parent index, opening collapse flags, per-trace bounds), then hands every array back to the
// page without copying.
// The page's main thread stays free for painting rows while a 1M-span skeleton is processed.
// Started only by skeleton-loader.ts, which runs in the browser alone.
import { prepareSkeletonBuffer, transferablesOf } from '@/lib/trace-view/prepare';

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ raw: ArrayBuffer }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  try {
    const t0 = performance.now();
    const prepared = prepareSkeletonBuffer(e.data.raw);
    const ms = { prepare: performance.now() - t0 };
    scope.postMessage({ ok: true, prepared, ms }, transferablesOf(prepared));
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
