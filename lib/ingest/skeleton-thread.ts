// The main thread's side of the skeleton thread (skeleton-worker.ts): a parse starts it once the
// tree is laid out and collects its result after the insert. Where no worker can run (`next dev`)
// or the thread fails, the skeleton is built on the calling thread instead: the same code.
import type { Worker } from 'node:worker_threads';
import type { SpanIndex } from '@/lib/bundle/operations';
import { workerFile } from '@/lib/workers';
import type { CachedSkeleton } from '@/lib/trace-view/store';
import { buildSkeletonFiles, skeletonColumns, type SkeletonColumns } from './skeleton';
import type { TreeLayout } from './tree';

export interface SkeletonJob {
  /** The built skeleton (from the thread, or built here when the thread failed). */
  result(): Promise<CachedSkeleton>;
  /** Ends the thread without waiting for it (a parse that failed; after result(), nothing is left to end). */
  cancel(): void;
}

export function startSkeleton(index: SpanIndex, layout: TreeLayout): SkeletonJob {
  const columns = skeletonColumns(index, layout);
  const worker = startWorker(columns);
  if (!worker) return { result: async () => buildSkeletonFiles(columns), cancel: () => {} };
  const built = new Promise<CachedSkeleton>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the skeleton thread stopped (exit code ${code})`)));
  });
  built.catch(() => {});
  return {
    async result() {
      try {
        return await built;
      } catch {
        return buildSkeletonFiles(columns);
      } finally {
        void worker.terminate();
      }
    },
    cancel: () => void worker.terminate(),
  };
}

function startWorker(columns: SkeletonColumns): Worker | null {
  const file = workerFile(import.meta.url, 'skeleton-worker', 'skeleton-worker-dev.mjs');
  // Looked up at run time: Turbopack takes a literal `new Worker(…)` for an entry point to bundle.
  const threads = process.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
  if (!file || !threads) return null;
  try {
    return new threads.Worker(file, { workerData: columns });
  } catch {
    return null;
  }
}
