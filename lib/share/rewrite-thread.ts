// The main thread's side of a share's rewrite on a thread of its own (lib/share/rewrite-worker.ts):
// starts it, relays its progress, hands it the inspection report for the last entry, and turns its
// outcome back into a result or an error. The worker runs the same writeSanitizedZip.

import type { Worker } from 'node:worker_threads';
import type { InspectReport } from '@/lib/bundle/inspect';
import { AppError, type AppErrorCode } from '@/lib/errors';
import { workerFile } from '@/lib/workers';
import type { RewriteJob, SanitizeResult } from './sanitize';

export type RewriteWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: Omit<SanitizeResult, 'report'> }
  | { type: 'failed'; code: AppErrorCode | null; message: string };

export type RewriteMainMessage = { type: 'report'; report: string } | { type: 'abort' };

export interface RewriteThread {
  /** Waits for the rewritten zip; `inspected` is handed over when it settles. */
  run(inspected: Promise<InspectReport>, onProgress?: (bytesDone: number, bytesTotal: number) => void): Promise<Omit<SanitizeResult, 'report'>>;
}

/** Starts the rewrite of `job` on its own thread, or returns null when no worker can run here. */
export function startRewriteThread(job: RewriteJob): RewriteThread | null {
  const file = workerFile(import.meta.url, 'share-rewrite-worker', 'rewrite-worker-dev.mjs');
  if (!file) return null;
  let worker: Worker;
  try {
    // Looked up at run time: Turbopack takes a literal `new Worker(…)` for an entry point to bundle.
    const threads = process.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
    if (!threads) return null;
    worker = new threads.Worker(file, { workerData: job });
  } catch {
    return null;
  }
  let onProgress: ((done: number, total: number) => void) | undefined;
  const outcome = new Promise<Omit<SanitizeResult, 'report'>>((resolve, reject) => {
    worker.on('message', (msg: RewriteWorkerMessage) => {
      if (msg.type === 'progress') onProgress?.(msg.done, msg.total);
      else if (msg.type === 'done') resolve(msg.result);
      else reject(msg.code ? new AppError(msg.code, msg.message) : new Error(msg.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the share's rewrite thread stopped (exit code ${code})`)));
  });
  outcome.catch(() => {});
  return {
    async run(inspected, progress) {
      onProgress = progress;
      inspected.then(
        (report) => worker.postMessage({ type: 'report', report: JSON.stringify(report) } satisfies RewriteMainMessage),
        () => worker.postMessage({ type: 'abort' } satisfies RewriteMainMessage),
      );
      try {
        return await outcome;
      } finally {
        await worker.terminate();
      }
    },
  };
}
