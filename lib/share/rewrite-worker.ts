// A share's rewrite on a thread of its own (started by lib/share/rewrite-thread.ts): the same
// writeSanitizedZip, its progress and outcome posted back; the report entry waits for the
// inspection report the main thread sends.

import { parentPort, workerData } from 'node:worker_threads';
import type { InspectReport } from '@/lib/bundle/inspect';
import { AppError } from '@/lib/errors';
import type { RewriteMainMessage, RewriteWorkerMessage } from './rewrite-thread';
import { writeSanitizedZip, type RewriteJob } from './sanitize';

const port = parentPort!;
const post = (msg: RewriteWorkerMessage) => port.postMessage(msg);
const report = new Promise<InspectReport>((resolve, reject) => {
  port.on('message', (msg: RewriteMainMessage) => {
    if (msg.type === 'report') resolve(JSON.parse(msg.report) as InspectReport);
    else reject(new Error('the inspection failed'));
  });
});
report.catch(() => {});

try {
  const result = await writeSanitizedZip(workerData as RewriteJob, { onProgress: (done, total) => post({ type: 'progress', done, total }), report: () => report });
  post({ type: 'done', result });
} catch (error) {
  post({ type: 'failed', code: error instanceof AppError ? error.code : null, message: error instanceof Error ? error.message : String(error) });
}
