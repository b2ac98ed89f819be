// "Share externally" as a background job. A lead starts it (a `share_jobs` row, queued, and a job
// on the `share` queue whose payload carries the target sealed with the data key); a worker runs
// writeSharedFile with progress written to the row, puts the encrypted file into the blob store
// as `share-<job id>.age` and only then marks the row ready: a crash never offers half a file.
// The file is for its requester only, until it expires (X400_SHARE_TTL_HOURS); the purge removes
// it then, or with its bundle. Starting, finishing and every download are audited.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppDb } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import {
  claimShareJob,
  expireShareJob,
  failShareJob,
  findShareJob,
  finishShareJob,
  insertShareJob,
  listExpiredShareJobs,
  listReadyShareJobsOfBundle,
  listShareJobsOf,
  updateShareProgress,
} from '@/db/queries/shares';
import { findUserById } from '@/db/queries/users';
import type { ShareJob } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { openSecret, sealSecret } from '@/lib/crypto/secret';
import { AppError } from '@/lib/errors';
import { blobStore, incomingPath, keyringFor, type StorageConfig } from '@/lib/ingest/storage';
import { MissingObjectError } from '@/lib/storage';
import { encryptedFileName, type AgeTarget } from './age';
import { checkTarget, shareable, shareAuditDetail, writeSharedFile, type ShareDeps, type ShareProgressEvent, type ShareRequest } from './service';

export const SHARE_QUEUE = 'share';

export interface ShareJobDeps extends ShareDeps {
  storage: StorageConfig;
  /** This instance (the owner of the jobs it runs, for crash repair). */
  instanceId: string;
  /** How long a finished share stays downloadable. */
  ttlHours: number;
}

export interface ShareJobPayload {
  jobId: string;
  /** The AgeTarget as JSON, sealed with the data key (lib/crypto/secret). */
  target: string;
}

/** The object a finished share is stored under. */
export function shareObjectName(jobId: string): string {
  return `share-${jobId}.age`;
}

const SHARE_OBJECT = /^share-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.age$/;
export function isShareObjectName(name: string): boolean {
  return SHARE_OBJECT.test(name);
}

export const SHARE_INTERRUPTED = 'The server stopped while this share was being prepared: nothing was kept. Start the share again.';

const clock = (deps: ShareDeps) => deps.now ?? (() => new Date());

/**
 * Checks the request (role, target, the bundle may be shared), records a queued job and sends it.
 * Throws an AppError (INVALID_INPUT, NOT_FOUND, CONFLICT, FORBIDDEN) before anything is recorded.
 */
export async function startShare(deps: ShareJobDeps, actor: Actor, request: ShareRequest, send: (payload: ShareJobPayload) => Promise<void>): Promise<ShareJob> {
  requirePermission(actor, 'bundle:share');
  if (!actor.id) throw new AppError('FORBIDDEN', 'A share is prepared for a signed-in user: use `x400-support share --out` from the command line.');
  const to = checkTarget(request.to);
  const bundle = await shareable(deps.db, request.bundleId);
  const now = clock(deps)();
  const job = await insertShareJob(deps.db, {
    id: randomUUID(),
    bundleId: bundle.id,
    requesterId: actor.id,
    method: 'recipient' in to ? 'x25519' : 'passphrase',
    recipient: 'recipient' in to ? to.recipient : null,
    purpose: request.purpose?.slice(0, 500) ?? null,
    state: 'queued',
    stage: 'queued',
    fileName: encryptedFileName(bundle.id),
    createdAt: now,
  });
  try {
    await send({ jobId: job.id, target: sealSecret(keyringFor(deps.storage), JSON.stringify(to)) });
  } catch (error) {
    await failShareJob(deps.db, job.id, 'The job queue did not accept the share: start it again.', clock(deps)());
    throw error;
  }
  await appendAudit(deps.db, {
    at: now,
    actorId: actor.id,
    actorEmail: actor.email,
    action: 'bundle.share.start',
    targetType: 'bundle',
    targetId: bundle.id,
    detail: { jobId: job.id, method: job.method, to: job.recipient ?? 'passphrase', purpose: job.purpose },
  });
  return job;
}

/** Writes progress to the row at most every `everyMs`, in order, never blocking the work. */
function progressWriter(db: AppDb, jobId: string, everyMs = 250) {
  let last = 0;
  let lastStage = '';
  let chain: Promise<void> = Promise.resolve();
  return {
    report(p: ShareProgressEvent) {
      const now = Date.now();
      if (p.stage === lastStage && now - last < everyMs) return;
      last = now;
      lastStage = p.stage;
      chain = chain.then(() => updateShareProgress(db, jobId, p)).catch(() => {});
    },
    flushed: () => chain,
  };
}

/** Runs one share job (the `share` queue's handler). Never throws for a share that failed: the
 * row says why. Does nothing for a job that is no longer queued (repaired, or run elsewhere). */
export async function runShareJob(deps: ShareJobDeps, payload: ShareJobPayload): Promise<ShareJob | null> {
  const { db } = deps;
  const now = clock(deps);
  const job = await findShareJob(db, payload.jobId);
  if (!job || job.state !== 'queued') return job;
  if (!(await claimShareJob(db, job.id, deps.instanceId, now()))) return findShareJob(db, job.id);
  const out = incomingPath(deps.storage, 'share.age');
  const objectName = shareObjectName(job.id);
  const progress = progressWriter(db, job.id);
  try {
    const to = JSON.parse(openSecret(keyringFor(deps.storage), payload.target)) as AgeTarget;
    const shared = await writeSharedFile(deps, job.bundleId, to, out, progress.report);
    await progress.flushed();
    await updateShareProgress(db, job.id, { stage: 'storing', progress: 0.99, bytesDone: 0, bytesTotal: shared.bytes });
    await blobStore(deps.storage).put(objectName, out);
    const finishedAt = now();
    const done = await finishShareJob(db, job.id, {
      objectName,
      size: shared.bytes,
      redactions: shared.redactions,
      finishedAt,
      expiresAt: new Date(finishedAt.getTime() + deps.ttlHours * 3600_000),
    });
    if (!done) {
      // Failed meanwhile (a repair took this instance for dead): the row wins, the file goes.
      await blobStore(deps.storage).delete(objectName);
      return findShareJob(db, job.id);
    }
    await appendAudit(db, {
      at: finishedAt,
      actorId: job.requesterId,
      actorEmail: (await findUserById(db, job.requesterId))?.email ?? null,
      action: 'bundle.share',
      targetType: 'bundle',
      targetId: job.bundleId,
      detail: shareAuditDetail(to, job.purpose, shared, { jobId: job.id }),
    });
  } catch (error) {
    await progress.flushed();
    const reason = error instanceof AppError && error.code !== 'INTERNAL' ? error.message : 'The share could not be prepared (server error); nothing was kept.';
    if (!(error instanceof AppError)) console.error(`share job ${job.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    await failShareJob(db, job.id, reason, now());
    await blobStore(deps.storage).delete(objectName).catch(() => {});
  } finally {
    fs.rmSync(out, { force: true });
  }
  return findShareJob(db, job.id);
}

/** A job as its requester may see it; anyone else gets NOT_FOUND (its existence is not theirs to know). */
export async function shareJobFor(db: AppDb, actor: Actor, jobId: string): Promise<ShareJob> {
  requirePermission(actor, 'bundle:share');
  const job = /^[0-9a-f-]{36}$/.test(jobId) ? await findShareJob(db, jobId) : null;
  if (!job || job.requesterId !== actor.id) throw new AppError('NOT_FOUND', 'No such share.');
  return job;
}

/** The requester's shares of a bundle, newest first. */
export async function sharesOfBundle(db: AppDb, actor: Actor, bundleId: string): Promise<ShareJob[]> {
  requirePermission(actor, 'bundle:share');
  return actor.id ? listShareJobsOf(db, actor.id, bundleId) : [];
}

export interface ShareDownload {
  fileName: string;
  size: number;
  content: Readable;
}

/** The finished file, for its requester only while it has not expired; audited per download. */
export async function openShareDownload(deps: { db: AppDb; storage: StorageConfig; now?: () => Date }, actor: Actor, jobId: string): Promise<ShareDownload> {
  const job = await shareJobFor(deps.db, actor, jobId);
  const now = (deps.now ?? (() => new Date()))();
  if (job.state === 'expired' || (job.state === 'ready' && job.expiresAt && job.expiresAt <= now)) {
    throw new AppError('CONFLICT', 'This share has expired and its file was removed: start the share again.');
  }
  if (job.state !== 'ready' || !job.objectName) throw new AppError('CONFLICT', job.state === 'failed' ? `This share failed: ${job.problem ?? 'no reason recorded'}` : 'This share is not ready yet.');
  let content: Readable;
  try {
    content = await blobStore(deps.storage).read(job.objectName);
  } catch (error) {
    if (error instanceof MissingObjectError) throw new AppError('CONFLICT', 'The file of this share is no longer stored (expired): start the share again.');
    throw error;
  }
  await appendAudit(deps.db, {
    at: now,
    actorId: actor.id,
    actorEmail: actor.email,
    action: 'bundle.share.download',
    targetType: 'bundle',
    targetId: job.bundleId,
    detail: { jobId: job.id, fileName: job.fileName, size: job.size },
  });
  return { fileName: job.fileName, size: job.size ?? 0, content };
}

/** Removes the files of shares past their time (the purge job runs it); returns the jobs expired. */
export async function expireShares(deps: { db: AppDb; storage: StorageConfig }, now = new Date()): Promise<string[]> {
  const expired: string[] = [];
  for (const job of await listExpiredShareJobs(deps.db, now)) {
    if (await retireShare(deps, job, now, 'Its download window ended.')) expired.push(job.id);
  }
  return expired;
}

/** Removes the shared files of a bundle being purged (a sanitized copy never outlives it). */
export async function retireSharesOfBundle(deps: { db: AppDb; storage: StorageConfig }, bundleId: string, now = new Date()): Promise<number> {
  let n = 0;
  for (const job of await listReadyShareJobsOfBundle(deps.db, bundleId)) {
    if (await retireShare(deps, job, now, 'Its bundle was purged.')) n++;
  }
  return n;
}

async function retireShare(deps: { db: AppDb; storage: StorageConfig }, job: ShareJob, now: Date, reason: string): Promise<boolean> {
  // The file first: should the store not answer, the row stays ready and the next purge retries.
  if (job.objectName) await blobStore(deps.storage).delete(job.objectName);
  return expireShareJob(deps.db, job.id, now, reason);
}
