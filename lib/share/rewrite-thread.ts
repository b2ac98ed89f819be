// The main thread's side of a share's rewrite on a thread of its own (lib/share/rewrite-worker.ts):
// starts it, relays its progress, hands it the inspection report for the last entry, and turns its
// outcome back into a result or an error. The worker runs the same writeSanitizedZip. With a
// helper, a second thread of the same file rewrites runs of elements for it, over a channel of
// their own (lib/share/rewrite-helper.ts).

import type { MessagePort, Worker } from 'node:worker_threads';
import type { InspectReport } from '@/lib/bundle/inspect';
import { AppError, type AppErrorCode } from '@/lib/errors';
import { workerFile } from '@/lib/workers';
import type { RewriteJob, SanitizeResult } from './sanitize';

export type RewriteWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: Omit<SanitizeResult, 'report'> }
  | { type: 'failed'; code: AppErrorCode | null; message: string };

export type RewriteMainMessage = { type: 'report'; report: string } | { type: 'abort' };

/** What a thread of rewrite-worker.ts starts with. */
export type RewriteWorkerData = { role: 'rewrite'; job: RewriteJob; helperPort?: MessagePort } | { role: 'helper'; port: MessagePort };

export interface RewriteThread {
  /** Waits for the rewritten zip; `inspected` is handed over when it settles. */
  run(inspected: Promise<InspectReport>, onProgress?: (bytesDone: number, bytesTotal: number) => void): Promise<Omit<SanitizeResult, 'report'>>;
}

/**
 * Starts the rewrite of `job` on its own thread, or returns null when no worker can run here.
 * `helper`: with a second thread to share the rewrite (when this thread has nothing else to do).
 */
export function startRewriteThread(job: RewriteJob, { helper = false }: { helper?: boolean } = {}): RewriteThread | null {
  const file = workerFile(import.meta.url, 'share-rewrite-worker', 'rewrite-worker-dev.mjs');
  if (!file) return null;
  let worker: Worker;
  let helperWorker: Worker | null = null;
  try {
    // Looked up at run time: Turbopack takes a literal `new Worker(…)` for an entry point to bundle.
    const threads = process.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
    if (!threads) return null;
    if (helper) {
      const { port1, port2 } = new threads.MessageChannel();
      helperWorker = new threads.Worker(file, { workerData: { role: 'helper', port: port2 } satisfies RewriteWorkerData, transferList: [port2] });
      // The rewrite thread reports its failures; a helper that dies makes it fail too (no answer).
      helperWorker.on('error', () => {});
      worker = new threads.Worker(file, { workerData: { role: 'rewrite', job, helperPort: port1 } satisfies RewriteWorkerData, transferList: [port1] });
    } else {
      worker = new threads.Worker(file, { workerData: { role: 'rewrite', job } satisfies RewriteWorkerData });
    }
  } catch {
    void helperWorker?.terminate();
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
        await Promise.all([worker.terminate(), helperWorker?.terminate()]);
      }
    },
  };
}
