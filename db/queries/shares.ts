// "Share externally" jobs: created queued, claimed by the instance that runs them, finished ready
// (the file is in the store) or failed. Every state change is a compare-and-set on the row, so a
// crash repair and a late worker cannot both decide a job's fate.
import { and, eq, inArray, isNull, lte, notInArray, or } from 'drizzle-orm';
import type { Db } from '../client';
import { shareJobs, type ShareJob } from '../schema';

export type NewShareJob = typeof shareJobs.$inferInsert;

export async function insertShareJob(db: Db, row: NewShareJob): Promise<ShareJob> {
  const [job] = await db.insert(shareJobs).values(row).returning();
  return job;
}

export async function findShareJob(db: Db, id: string): Promise<ShareJob | null> {
  const [job] = await db.select().from(shareJobs).where(eq(shareJobs.id, id));
  return job ?? null;
}

/** Queued → running, owned by `instanceId`; false when the job is no longer queued. */
export async function claimShareJob(db: Db, id: string, instanceId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(shareJobs)
    .set({ state: 'running', instanceId, startedAt: at, stage: 'starting' })
    .where(and(eq(shareJobs.id, id), eq(shareJobs.state, 'queued')))
    .returning({ id: shareJobs.id });
  return rows.length > 0;
}

export interface ShareProgress {
  stage: string;
  progress: number;
  bytesDone: number;
  bytesTotal: number;
}

export async function updateShareProgress(db: Db, id: string, p: ShareProgress): Promise<void> {
  await db.update(shareJobs).set(p).where(and(eq(shareJobs.id, id), eq(shareJobs.state, 'running')));
}

/** Running → ready, once the object is complete in the store; false when the job was failed meanwhile. */
export async function finishShareJob(
  db: Db,
  id: string,
  done: { objectName: string; size: number; redactions: Record<string, number>; finishedAt: Date; expiresAt: Date },
): Promise<boolean> {
  const rows = await db
    .update(shareJobs)
    .set({ ...done, state: 'ready', stage: 'ready', progress: 1 })
    .where(and(eq(shareJobs.id, id), eq(shareJobs.state, 'running')))
    .returning({ id: shareJobs.id });
  return rows.length > 0;
}

/** Queued or running → failed with a reason; false when it had already ended. */
export async function failShareJob(db: Db, id: string, problem: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(shareJobs)
    .set({ state: 'failed', stage: 'failed', problem, finishedAt: at })
    .where(and(eq(shareJobs.id, id), inArray(shareJobs.state, ['queued', 'running'])))
    .returning({ id: shareJobs.id });
  return rows.length > 0;
}

/** Jobs running on one of `owners`; with `includeQueued`, also those no instance has claimed yet
 * (embedded: the queue that held them died with the process). `owners` empty and `includeQueued`:
 * every unfinished job. */
export async function listUnfinishedShareJobsOf(db: Db, owners: string[], includeQueued: boolean): Promise<ShareJob[]> {
  const running = and(eq(shareJobs.state, 'running'), owners.length ? inArray(shareJobs.instanceId, owners) : includeQueued ? undefined : inArray(shareJobs.instanceId, ['']));
  const queued = includeQueued ? and(eq(shareJobs.state, 'queued'), isNull(shareJobs.instanceId)) : undefined;
  return db.select().from(shareJobs).where(or(running, queued));
}

/** Jobs marked running by an instance that has no heartbeat row at all (nobody will finish them). */
export async function listRunningShareJobsNotOwnedBy(db: Db, known: string[]): Promise<ShareJob[]> {
  return db
    .select()
    .from(shareJobs)
    .where(and(eq(shareJobs.state, 'running'), known.length ? notInArray(shareJobs.instanceId, known) : undefined));
}

/** Ready jobs whose time is up (`expires_at` ≤ now). */
export async function listExpiredShareJobs(db: Db, now: Date): Promise<ShareJob[]> {
  return db.select().from(shareJobs).where(and(eq(shareJobs.state, 'ready'), lte(shareJobs.expiresAt, now)));
}

/** Ready jobs of a bundle (its purge takes their files too). */
export async function listReadyShareJobsOfBundle(db: Db, bundleId: string): Promise<ShareJob[]> {
  return db.select().from(shareJobs).where(and(eq(shareJobs.bundleId, bundleId), eq(shareJobs.state, 'ready')));
}

/** Ready → expired (the file is gone); false when it was not ready. */
export async function expireShareJob(db: Db, id: string, at: Date, reason: string): Promise<boolean> {
  const rows = await db
    .update(shareJobs)
    .set({ state: 'expired', stage: 'expired', objectName: null, problem: reason, finishedAt: at })
    .where(and(eq(shareJobs.id, id), eq(shareJobs.state, 'ready')))
    .returning({ id: shareJobs.id });
  return rows.length > 0;
}

/** Object names of every ready job (the stray-object sweep keeps these). */
export async function listShareObjectNames(db: Db): Promise<Set<string>> {
  const rows = await db.select({ objectName: shareJobs.objectName }).from(shareJobs).where(eq(shareJobs.state, 'ready'));
  return new Set(rows.map((r) => r.objectName).filter((n): n is string => !!n));
}

/** The requester's shares of one bundle, newest first (the dialog lists them). */
export async function listShareJobsOf(db: Db, requesterId: string, bundleId: string): Promise<ShareJob[]> {
  const rows = await db.select().from(shareJobs).where(and(eq(shareJobs.requesterId, requesterId), eq(shareJobs.bundleId, bundleId)));
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
