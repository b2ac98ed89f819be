// Web Worker: downloads a timeline skeleton (the browser inflates it as it arrives), or takes the
// bytes the page downloaded early, and prepares it (decode, parent index, opening collapse flags,
// per-trace bounds), then hands every array back to the page without copying. The page's main
// thread stays free for hydrating and painting rows while a large skeleton is processed. Started
// only by skeleton-loader.ts, which runs in the browser alone.
import { prepareSkeletonBuffer, transferablesOf } from '@/lib/trace-view/prepare';
import { downloadSkeleton, type SkeletonReply } from './skeleton-download';

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ url: string } | { raw: ArrayBuffer }>) => void) | null;
  postMessage(message: SkeletonReply, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

/** Given the skeleton's address, downloads it; given its bytes (downloaded early), prepares them. */
scope.onmessage = async (e) => {
  try {
    const t0 = performance.now();
    const raw = 'raw' in e.data ? e.data.raw : await downloadSkeleton(e.data.url);
    const t1 = performance.now();
    const prepared = prepareSkeletonBuffer(raw);
    const ms = { download: t1 - t0, prepare: performance.now() - t1, received: t0 };
    scope.postMessage({ ok: true, prepared, ms }, transferablesOf(prepared));
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
