// What a share job looks like to its requester (never the passphrase: it is not stored).
import type { ShareJob } from '@/db/schema';

export interface ShareJobView {
  id: string;
  bundleId: string;
  state: ShareJob['state'];
  stage: string | null;
  progress: number;
  bytesDone: number;
  bytesTotal: number;
  method: string;
  recipient: string | null;
  fileName: string;
  size: number | null;
  problem: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  downloadUrl: string | null;
}

export function shareJobView(job: ShareJob): ShareJobView {
  const ready = job.state === 'ready' && !!job.expiresAt && job.expiresAt.getTime() > Date.now();
  return {
    id: job.id,
    bundleId: job.bundleId,
    state: job.state === 'ready' && !ready ? 'expired' : job.state,
    stage: job.stage,
    progress: job.progress,
    bytesDone: job.bytesDone,
    bytesTotal: job.bytesTotal,
    method: job.method,
    recipient: job.recipient,
    fileName: job.fileName,
    size: job.size,
    problem: job.problem,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    expiresAt: job.expiresAt?.toISOString() ?? null,
    downloadUrl: ready ? `/api/shares/${job.id}/download` : null,
  };
}
