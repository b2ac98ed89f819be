// A share's rewrite on a thread of its own (started by lib/share/rewrite-thread.ts): the same
// writeSanitizedZip, its progress and outcome posted back; the report entry waits for the
// inspection report the main thread sends. Started with `role: 'helper'`, the thread instead
// rewrites runs of elements for the rewrite thread (lib/share/rewrite-helper.ts).

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { InspectReport } from '@/lib/bundle/inspect';
import { AppError } from '@/lib/errors';
import { helperOver, serveRewrites } from './rewrite-helper';
import type { RewriteMainMessage, RewriteWorkerData, RewriteWorkerMessage } from './rewrite-thread';
import { writeSanitizedZip, type RewriteJob } from './sanitize';

const data = workerData as RewriteWorkerData;
if (data.role === 'helper') {
  serveRewrites(data.port);
} else {
  await rewrite(data.job, data.helperPort);
}

async function rewrite(job: RewriteJob, helperPort: MessagePort | undefined): Promise<void> {
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
    const result = await writeSanitizedZip(job, {
      onProgress: (done, total) => post({ type: 'progress', done, total }),
      report: () => report,
      helper: helperPort ? helperOver(helperPort) : undefined,
    });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', code: error instanceof AppError ? error.code : null, message: error instanceof Error ? error.message : String(error) });
  }
}
