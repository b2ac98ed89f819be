// Web Worker: downloads one trace's critical path (a JSON list of positions, ~7 MB at 1M spans)
// and turns it into a mask of one byte per span, handed back without copying. Reading and parsing
// that JSON on the page's main thread held it for a few hundred ms on a slow CPU.
// Started only by critical-path-loader.ts, which runs in the browser alone.
import { criticalPathMask } from '@/lib/trace-view/critical-path';

interface WorkerScope {
  onmessage: ((e: MessageEvent<{ url: string; count: number }>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = async (e) => {
  try {
    const res = await fetch(e.data.url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const { positions } = (await res.json()) as { positions: number[] };
    const mask = criticalPathMask(positions, e.data.count);
    scope.postMessage({ ok: true, mask }, [mask.buffer]);
  } catch (err) {
    scope.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
