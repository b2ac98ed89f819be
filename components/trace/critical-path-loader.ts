// Loads a trace's critical path as a per-span mask, in a Web Worker (critical-path.worker.ts) so
// the page's main thread neither reads nor parses the positions. Browser-only: imported with
// import() from the timeline's query, because the `new Worker(new URL(…, import.meta.url))` here is
// what the bundler turns into a worker chunk and server code must never import it.
import { criticalPathMask } from '@/lib/trace-view/critical-path';

type Reply = { ok: true; mask: Uint8Array } | { ok: false; error: string };

async function loadHere(url: string, count: number): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const { positions } = (await res.json()) as { positions: number[] };
  return criticalPathMask(positions, count);
}

export async function loadCriticalPath(bundleId: string, trace: number, count: number): Promise<Uint8Array> {
  const url = `/api/bundles/${encodeURIComponent(bundleId)}/critical-path?trace=${trace}`;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./critical-path.worker.ts', import.meta.url), { type: 'module', name: 'timeline-critical-path' });
  } catch {
    return loadHere(url, count);
  }
  const reply = await new Promise<Reply | null>((resolve) => {
    worker.onmessage = (e: MessageEvent<Reply>) => resolve(e.data);
    // The worker could not start (say, refused by the page's policy): null, then the same here.
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      resolve(null);
    });
    worker.postMessage({ url, count });
  });
  worker.terminate();
  if (reply === null) return loadHere(url, count);
  if (!reply.ok) throw new Error(reply.error);
  return reply.mask;
}
