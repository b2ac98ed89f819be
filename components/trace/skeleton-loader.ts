// Loads a bundle's timeline skeleton in the browser: the page downloads it (reusing the preload
// the trace page starts with its HTML; the browser inflates it, see the route) and a Web Worker
// prepares it. The worker is started when this module loads and the download when the timeline
// first renders (while the page hydrates, see startSkeletonLoad), so both are under way before
// the timeline's query runs.
// Its `new Worker(…)` only runs in the browser (server rendering never calls it).
import { prepareSkeletonBuffer, type PreparedSkeleton } from '@/lib/trace-view/prepare';

/** `ms`: the worker's own time preparing (for bench:ui's timings). */
type Reply = { ok: true; prepared: PreparedSkeleton; ms: { prepare: number } } | { ok: false; error: string };

async function download(bundleId: string): Promise<ArrayBuffer> {
  const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/skeleton`);
  if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
  return res.arrayBuffer();
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
    // Listened for from the start: an error before the skeleton is downloaded is not missed.
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

// The first worker is started as soon as this module loads (while the page hydrates), so its
// scripts are in by the time the skeleton is; later loads start their own.
let firstWorker: SkeletonWorker | null = typeof window === 'undefined' ? null : startWorker();

async function load(bundleId: string): Promise<PreparedSkeleton> {
  const started = firstWorker ?? startWorker();
  firstWorker = null;
  let raw: ArrayBuffer;
  try {
    raw = await download(bundleId);
  } catch (err) {
    started?.worker.terminate();
    throw err;
  }
  performance.mark('x400:skeleton-downloaded');
  // Without a worker (or when it cannot start): the same preparation on this thread.
  if (!started) return prepareSkeletonBuffer(raw);
  const { worker, failed } = started;
  const answer = new Promise<Reply>((resolve) => {
    worker.onmessage = (e: MessageEvent<Reply>) => resolve(e.data);
  });
  worker.postMessage({ raw }, [raw]);
  const reply = await Promise.race([answer, failed.then(() => null)]);
  worker.terminate();
  // The worker could not run: download again (the copy sent to it is gone) and prepare here.
  if (reply === null) return prepareSkeletonBuffer(await download(bundleId));
  if (!reply.ok) throw new Error(reply.error);
  performance.mark('x400:skeleton-prepared', { detail: reply.ms });
  return reply.prepared;
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
