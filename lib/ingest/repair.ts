// Start-up repair after a crash: whatever was half done is finished or undone, so the data is
// always one of the states a user can see: no partial bundle, no orphan file, no stuck job.
import fs from 'node:fs';
import { withTransaction, type AppDb } from '@/db/client';
import { deleteBundleContents, listAllBundles, listBundlesInParseState, listUnfinishedIngestJobs, updateBundle, updateIngestJob } from '@/db/queries/bundles';
import { clearIncoming, storedPath, strayFiles, type StorageConfig } from './storage';

export interface RepairReport {
  jobsFailed: number;
  parsesRequeued: string[];
  strayFilesRemoved: number;
  missingFiles: string[];
}

export async function repairAfterCrash(db: AppDb, storage: StorageConfig, now = new Date()): Promise<RepairReport> {
  const report: RepairReport = { jobsFailed: 0, parsesRequeued: [], strayFilesRemoved: 0, missingFiles: [] };
  // Uploads that were being received or checked when the process died: nothing was stored for
  // them (the bundle row and the file are written last), so they failed.
  for (const job of await listUnfinishedIngestJobs(db)) {
    await updateIngestJob(db, job.id, { state: 'failed', stage: 'failed', problemCode: 'INTERRUPTED', problem: 'The server stopped while this upload was processed; upload it again.', finishedAt: now });
    report.jobsFailed++;
  }
  clearIncoming(storage);
  // Parses cut short: drop what was written and parse again.
  for (const bundle of await listBundlesInParseState(db, 'parsing')) {
    await withTransaction(db, async (tx) => {
      await deleteBundleContents(tx, bundle.id);
      await updateBundle(tx, bundle.id, { parseState: 'pending', parseProgress: 0 });
    });
    report.parsesRequeued.push(bundle.id);
  }
  const all = await listAllBundles(db);
  const known = new Set(all.map((b) => b.storagePath).filter((p): p is string => !!p));
  for (const name of strayFiles(storage, known)) {
    fs.rmSync(storedPath(storage, name), { force: true });
    report.strayFilesRemoved++;
  }
  for (const b of all) {
    if (b.storagePath && (b.state === 'active' || b.state === 'quarantined') && !fs.existsSync(storedPath(storage, b.storagePath))) report.missingFiles.push(b.id);
  }
  return report;
}
