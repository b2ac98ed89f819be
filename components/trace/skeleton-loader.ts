// Loads a bundle's timeline skeleton in the browser. On a full page load the page's inline script
// has usually downloaded it already (early-download.ts; the browser inflates it, see the route),
// and this thread prepares it at once. Otherwise, or when it is large, a Web Worker downloads
// and prepares it, so the page's main thread never copies its bytes (41 MB at 1M spans). The
// request is made when the timeline first renders (while the page hydrates, see
// startSkeletonLoad), before the timeline's query runs; a worker is started only when needed.
// Its `new Worker(…)` only runs in the browser (server rendering never calls it).
import { prepareSkeletonBuffer, prepareSkeletonBufferInSteps, type PreparedSkeleton } from '@/lib/trace-view/prepare';
import { decodeSpanIds, type SpanIds } from '@/lib/trace-view/skeleton';
import { takeEarlyDownload } from './early-download';
import { downloadSkeleton, skeletonUrl, spanIdsUrl, type SkeletonReply } from './skeleton-download';

/** Without a worker (or when it cannot run): the same download and preparation on this thread. */
async function loadHere(bundleId: string): Promise<PreparedSkeleton> {
  return prepareSkeletonBuffer(await downloadSkeleton(skeletonUrl(bundleId)));
}

interface SkeletonWorker {
  worker: Worker;
  /** Set once the worker failed to start (say, refused by the page's policy). */
  failed: Promise<void>;
}

function startWorker(): SkeletonWorker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    const worker = new Worker(new URL('./skeleton.worker.ts', import.meta.url), { type: 'module', name: 'timeline-skeleton' });
    // Listened for from the start: an error before the skeleton is asked for is not missed.
    const failed = new Promise<void>((resolve) =>
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        resolve();
      }),
    );
    return { worker, failed };
  } catch {
    return null;
  }
}

/** Resolves in a new task: Chromium's scheduler.yield() where there is one (it keeps this work ahead of other tasks), else a timer. */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Early bytes up to this size (about 1.2M spans) are prepared on this thread at once rather than
 * handed to the worker: on a cold cache its scripts load late, and the hand-over costs more than
 * the work (1M spans, bench:ui: controls live 671 ms against 858 ms through a worker that was
 * ready). It is ~40 ms of work, ~100 ms at 4x CPU, in three tasks. Larger skeletons go to the worker.
 */
const PREPARE_HERE_BYTES = 48 * 1024 * 1024;

async function load(bundleId: string): Promise<PreparedSkeleton> {
  performance.mark('x400:skeleton-requested');
  // The bytes the page's inline script downloaded, if it did; its span ids are left for loadSpanIds.
  const download = takeEarlyDownload(skeletonUrl(bundleId));
  if (download) earlyIds.set(bundleId, download.ids);
  const early = download ? await download.bytes : null;
  if (early && early.byteLength <= PREPARE_HERE_BYTES) return prepareSkeletonBufferInSteps(early, nextTask);
  const started = startWorker();
  if (!started) return early ? prepareSkeletonBuffer(early) : loadHere(bundleId);
  const { worker, failed } = started;
  const answer = new Promise<SkeletonReply>((resolve) => {
    worker.onmessage = (e: MessageEvent<SkeletonReply>) => resolve(e.data);
  });
  // Larger ones move to the worker, not copied.
  if (early) worker.postMessage({ raw: early }, [early]);
  else worker.postMessage({ url: skeletonUrl(bundleId) });
  const reply = await Promise.race([answer, failed.then(() => null)]);
  worker.terminate();
  if (reply === null) return loadHere(bundleId);
  if (!reply.ok) throw new Error(reply.error);
  performance.mark('x400:skeleton-prepared', { detail: reply.ms });
  return reply.prepared;
}

/** Span ids the page's inline script is downloading, by bundle; each is handed out once. */
const earlyIds = new Map<string, Promise<ArrayBuffer | null>>();

/**
 * The skeleton's span ids, asked for once the skeleton is loaded: those the inline script
 * downloaded after it, else downloaded now by the same plain worker (public/skeleton-download.js),
 * so this thread never receives the bytes (8 MB at 1M spans). Without a worker, or when it fails,
 * downloaded here (a refusal then throws the server's message).
 */
export async function loadSpanIds(bundleId: string): Promise<SpanIds> {
  const early = earlyIds.get(bundleId);
  earlyIds.delete(bundleId);
  const url = spanIdsUrl(bundleId);
  const raw = (early ? await early : null) ?? (await downloadInWorker(url)) ?? (await downloadSkeleton(url));
  return decodeSpanIds(raw);
}

/** `url`'s bytes, downloaded by public/skeleton-download.js; null when that cannot be done. */
async function downloadInWorker(url: string): Promise<ArrayBuffer | null> {
  if (typeof Worker === 'undefined') return null;
  let worker: Worker;
  try {
    worker = new Worker('/skeleton-download.js', { name: 'timeline-span-ids' });
  } catch {
    return null;
  }
  try {
    return await new Promise<ArrayBuffer | null>((resolve) => {
      worker.onmessage = (e: MessageEvent<{ raw: ArrayBuffer | null }>) => resolve(e.data.raw);
      worker.onerror = (e) => {
        e.preventDefault();
        resolve(null);
      };
      worker.postMessage([url]);
    });
  } finally {
    worker.terminate();
  }
}

/** Loads started ahead of the query that uses them, by bundle; each is handed out once. */
const ahead = new Map<string, Promise<PreparedSkeleton>>();

/** Starts loading the skeleton now (browser only; a no-op if a load is already waiting). */
export function startSkeletonLoad(bundleId: string): void {
  if (typeof window === 'undefined' || ahead.has(bundleId)) return;
  const loading = load(bundleId);
  // A failure is reported through loadSkeleton's caller, not as an unhandled rejection meanwhile.
  loading.catch(() => {});
  ahead.set(bundleId, loading);
}

/** The prepared skeleton: the load started ahead if there is one, else a new one. */
export function loadSkeleton(bundleId: string): Promise<PreparedSkeleton> {
  const started = ahead.get(bundleId);
  ahead.delete(bundleId);
  return started ?? load(bundleId);
}
