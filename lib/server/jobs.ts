// The server's background work: bundle parsing after consent, and the watched upload folder.
import { listBundlesInParseState } from '@/db/queries/bundles';
import { CLI_ACTOR, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { runPurge } from '@/lib/purge/service';
import { config } from '@/lib/env';
import { SerialQueue } from '@/lib/ingest/queue';
import { repairAfterCrash } from '@/lib/ingest/repair';
import { storageFromConfig } from '@/lib/ingest/storage';
import { parseBundle, type IngestDeps } from '@/lib/ingest/service';
import { startUploadWatcher } from '@/lib/ingest/watcher';
import { getDb } from './db';

const holder = globalThis as unknown as { __x400Queue?: SerialQueue };

export function ingestDeps(): IngestDeps {
  return { db: getDb(), storage: storageFromConfig(config()) };
}

function queue(): SerialQueue {
  holder.__x400Queue ??= new SerialQueue((key, error) => console.error(`background job ${key} failed: ${(error as Error).message}`));
  return holder.__x400Queue;
}

/** Parses a bundle in the background (after consent is confirmed); no-op if already queued. */
export function scheduleParse(bundleId: string): void {
  queue().enqueue(`parse:${bundleId}`, () => parseBundle(ingestDeps(), bundleId));
}

export async function startBackgroundJobs(): Promise<void> {
  const deps = ingestDeps();
  const repaired = await repairAfterCrash(deps.db, deps.storage);
  if (repaired.jobsFailed || repaired.parsesRequeued.length || repaired.strayFilesRemoved) {
    console.log(
      `X400 Support Console: repaired after an interrupted run: ${repaired.jobsFailed} upload(s) marked failed, ` +
        `${repaired.parsesRequeued.length} parse(s) restarted, ${repaired.strayFilesRemoved} stray file(s) removed`,
    );
  }
  for (const bundle of await listBundlesInParseState(deps.db, 'pending')) {
    if (bundle.consentConfirmedAt && bundle.consentGranted) scheduleParse(bundle.id);
  }
  const purge = () =>
    runPurge(deps, SYSTEM_ACTOR, { quarantineDays: config().quarantineDays })
      .then((r) => r.purged.length && console.log(`X400 Support Console: retention purge removed ${r.purged.length} bundle(s), ${r.bytes} bytes`))
      .catch((error) => console.error(`retention purge failed: ${(error as Error).message}`));
  // At start (which also finishes a purge that a crash interrupted), then on the schedule.
  void purge();
  setInterval(() => void purge(), config().purgeIntervalHours * 3600_000).unref();
  startUploadWatcher({ uploadDir: config().uploadDir, deps, actor: { ...CLI_ACTOR, email: 'upload-folder' } });
}
