// Crash repair, per instance. At start an instance repairs its own unfinished work (uploads it was
// receiving, parses it was running, its scratch files); while it runs it also repairs the work of
// instances whose heartbeat went stale. It never touches the work of a live instance, and it
// deletes only files whose names it recognises as its own (scratch files) or objects no bundle
// row names (the stray-object sweep, after a grace period that covers uploads in progress).
import type { AppDb, Db } from '@/db/client';
import { listAllBundles } from '@/db/queries/bundles';
import {
  failUnfinishedIngestJob,
  listParsingBundlesNotOwnedBy,
  listParsingBundlesOf,
  listStaleInstances,
  listUnfinishedIngestJobsOf,
  listInstances,
  releaseParse,
  removeInstance,
} from '@/db/queries/instances';
import { failShareJob, listShareObjectNames, listUnfinishedShareJobsOf, listRunningShareJobsNotOwnedBy } from '@/db/queries/shares';
import { isShareObjectName, SHARE_INTERRUPTED, shareObjectName } from '@/lib/share/job';
import { clearIncoming, removeBundleFile, strayObjects, type StorageConfig } from './storage';

export interface RepairScope {
  instanceId: string;
  /** Heartbeats older than this belong to dead instances. */
  staleBefore: Date;
  /** Also repair work recorded without an owner (rows from before owners were recorded, or a
   * single embedded instance). */
  includeUnowned: boolean;
}

export interface RepairReport {
  jobsFailed: number;
  /** Bundles whose parse was cut short: back to `pending`, to be parsed again. */
  parsesRequeued: string[];
  scratchFilesRemoved: number;
  /** Dead instances whose work was taken over. */
  instancesTakenOver: string[];
  /** Share jobs cut short: marked failed (their file, if any got stored, is swept as a stray). */
  sharesFailed: number;
}

const emptyReport = (): RepairReport => ({ jobsFailed: 0, parsesRequeued: [], scratchFilesRemoved: 0, instancesTakenOver: [], sharesFailed: 0 });

const INTERRUPTED = { state: 'failed', stage: 'failed', problemCode: 'INTERRUPTED', problem: 'The server stopped while this upload was processed; upload it again.' } as const;

async function repairWorkOf(db: Db, owners: string[], includeUnowned: boolean, now: Date, report: RepairReport): Promise<void> {
  // Uploads that were being received or checked: nothing was stored for them (the object and
  // the bundle row come last), so they failed.
  for (const job of await listUnfinishedIngestJobsOf(db, owners, includeUnowned)) {
    if (await failUnfinishedIngestJob(db, job.id, { ...INTERRUPTED, finishedAt: now })) report.jobsFailed++;
  }
  // Parses cut short: back to pending; the next parse clears what was written and starts over.
  for (const bundle of await listParsingBundlesOf(db, owners, includeUnowned)) {
    if (await releaseParse(db, bundle.id, bundle.parseOwner)) report.parsesRequeued.push(bundle.id);
  }
  // Shares being prepared (and, embedded, queued in the queue that died with the process): they
  // failed, with a reason; the requester starts them again (the passphrase was never stored).
  for (const job of await listUnfinishedShareJobsOf(db, owners, includeUnowned)) {
    if (await failShareJob(db, job.id, SHARE_INTERRUPTED, now)) report.sharesFailed++;
  }
}

/** At start, before this instance takes any work: its own leftovers, and dead instances'. */
export async function repairAtStart(db: AppDb, storage: StorageConfig, scope: RepairScope, now = new Date()): Promise<RepairReport> {
  const report = emptyReport();
  report.scratchFilesRemoved = clearIncoming(storage);
  await repairWorkOf(db, [scope.instanceId], scope.includeUnowned, now, report);
  await repairStaleInstances(db, scope, now, report);
  return report;
}

/** Takes over the work of instances whose heartbeat went stale (run periodically by each). */
export async function repairStaleInstances(db: AppDb, scope: RepairScope, now = new Date(), report?: RepairReport): Promise<RepairReport> {
  const out = report ?? emptyReport();
  const stale = await listStaleInstances(db, scope.instanceId, scope.staleBefore);
  if (stale.length > 0) {
    await repairWorkOf(db, stale.map((s) => s.id), false, now, out);
    for (const s of stale) {
      await removeInstance(db, s.id);
      out.instancesTakenOver.push(s.id);
    }
  }
  // Parses whose owner has no heartbeat row at all (removed above by another instance, or a CLI
  // process that ended): nobody is alive to finish them.
  const known = (await listInstances(db)).map((i) => i.id);
  for (const bundle of await listParsingBundlesNotOwnedBy(db, known)) {
    if (bundle.parseOwner && (await releaseParse(db, bundle.id, bundle.parseOwner))) out.parsesRequeued.push(bundle.id);
  }
  for (const job of await listRunningShareJobsNotOwnedBy(db, known)) {
    if (await failShareJob(db, job.id, SHARE_INTERRUPTED, now)) out.sharesFailed++;
  }
  return out;
}

/** Objects a row names: bundle files, finished shares, and the file a running share may be storing. */
async function knownObjects(db: AppDb): Promise<Set<string>> {
  const names = new Set((await listAllBundles(db)).map((b) => b.storagePath).filter((p): p is string => !!p));
  for (const n of await listShareObjectNames(db)) names.add(n);
  for (const job of await listUnfinishedShareJobsOf(db, [], true)) names.add(shareObjectName(job.id));
  return names;
}

/** The scheduled sweep: removes objects that no bundle row names and that are older than
 * `graceMs` (a crash between the upload and the insert leaves one). */
export async function sweepStrayObjects(db: AppDb, storage: StorageConfig, graceMs: number, now = new Date()): Promise<string[]> {
  const known = await knownObjects(db);
  const strays = await strayObjects(storage, known, new Date(now.getTime() - graceMs), isShareObjectName);
  // Read the rows again: an upload may have been recorded between the listing and now.
  const again = await knownObjects(db);
  const removed: string[] = [];
  for (const name of strays) {
    if (again.has(name)) continue;
    await removeBundleFile(storage, name);
    removed.push(name);
  }
  return removed;
}
