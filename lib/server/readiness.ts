// Readiness for a load balancer or orchestrator: can this instance serve? The database answers,
// its schema is current, and the bundle store is reachable. Reports each check as a word, never
// an error message, host or path (the endpoint needs no session).
import 'server-only';
import fs from 'node:fs/promises';
import { pendingMigrations, type AppDb } from '@/db/client';
import { pingDatabase } from '@/db/queries/settings';

export type CheckResult = 'ok' | 'unreachable' | 'pending' | 'timeout';

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; migrations: CheckResult; store: CheckResult };
}

/** A bundle store that can say whether it answers (the S3 store does); else its folder is checked. */
export interface ProbeableStore {
  bundleDir?: string;
  ready?: () => Promise<unknown>;
}

const CHECK_TIMEOUT_MS = 3000;

async function probe(check: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((): CheckResult => 'unreachable'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(db: AppDb, store: ProbeableStore, appRoot?: string): Promise<Readiness> {
  const [database, migrations, storeCheck] = await Promise.all([
    probe(async () => {
      await pingDatabase(db);
      return 'ok';
    }),
    probe(async () => ((await pendingMigrations(db, appRoot)) === 0 ? 'ok' : 'pending')),
    probe(async () => {
      if (store.ready) await store.ready();
      else if (store.bundleDir) await fs.access(store.bundleDir, fs.constants.W_OK);
      else return 'unreachable';
      return 'ok';
    }),
  ]);
  const checks = { database, migrations: database === 'ok' ? migrations : database, store: storeCheck };
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}
