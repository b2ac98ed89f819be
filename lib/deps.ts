// The console's dependencies assembled in one place, for both doors (the server and the CLI):
// the database handed in, the bundle store, scratch folder and data key from the configuration.
import type { AppDb } from '@/db/client';
import { config } from '@/lib/env';
import type { IngestDeps } from '@/lib/ingest/service';
import { storageFromConfig, type StorageConfig } from '@/lib/ingest/storage';

/** The bundle store as configured (folder or bucket, scratch folder, keyring). */
export function configuredStorage(): StorageConfig {
  return storageFromConfig(config());
}

/** What ingest, parse, share and purge need, as this process (`instanceId`) runs them. */
export function consoleDeps(db: AppDb, instanceId: string): IngestDeps & { bundleDir: string } {
  const cfg = config();
  return { db, storage: storageFromConfig(cfg), bundleDir: cfg.bundleDir, instanceId, instanceStaleSeconds: cfg.instanceStaleSeconds };
}
