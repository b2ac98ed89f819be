// Online backup of the embedded database: SQLite's backup API copies a consistent snapshot while
// the server keeps serving. The data key is written beside it (without it the stored bundle files
// cannot be read) and the folder of stored bundle files is copied too, so the three restore as one.
import fs from 'node:fs';
import path from 'node:path';
import type { AppDb } from '@/db/client';
import { keyFilePath } from '@/lib/crypto/keyring';
import { AppError } from '@/lib/errors';

export interface BackupPlan {
  /** The open embedded database. */
  db: AppDb;
  dataDir: string;
  /** The local bundle folder, or null when bundles live in an object store. */
  bundleDir: string | null;
  /** Whether the data key comes from X400_DATA_KEY (then there is no key file to copy). */
  keyFromEnv: boolean;
}

export interface BackupResult {
  database: string;
  keyFile: string | null;
  bundles: string | null;
  bundleFiles: number;
  warnings: string[];
}

/**
 * Distributed mode keeps its data in PostgreSQL and (usually) its bundle files in a bucket: an
 * SQLite copy would back up nothing, so say what does, before touching any database.
 */
export function refuseDistributedBackup(cfg: { databaseUrl: string | null; s3: { bucket: string } | null }): void {
  if (cfg.databaseUrl === null) return;
  const files = cfg.s3
    ? `the bundle files with the S3 bucket "${cfg.s3.bucket}"'s own versioning or replication`
    : 'the bundle files by copying X400_BUNDLE_DIR, or, with an S3 bucket (X400_S3_BUCKET), with the bucket\'s own versioning or replication';
  throw new AppError(
    'NOT_SUPPORTED',
    `backup copies the embedded SQLite database; this console runs in distributed mode (X400_DATABASE_URL). Back up PostgreSQL with pg_dump (pg_dump --format=custom "$X400_DATABASE_URL" > console.dump), ${files}, and keep a copy of X400_DATA_KEY.`,
  );
}

/** Where a backup's parts go: `<file>`, `<file>.key`, `<file>.bundles/`. */
export const backupParts = (file: string) => ({ database: file, keyFile: `${file}.key`, bundles: `${file}.bundles` });

export async function backupDatabase(plan: BackupPlan, target: string): Promise<BackupResult> {
  const file = path.resolve(target);
  const parts = backupParts(file);
  for (const p of [parts.database, parts.keyFile, parts.bundles]) {
    if (fs.existsSync(p)) throw new AppError('CONFLICT', `${p} already exists: choose a new backup file name.`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const client = (plan.db as unknown as { $client?: { backup?: (to: string) => Promise<unknown> } }).$client;
  if (!client?.backup) throw new AppError('NOT_SUPPORTED', 'backup copies the embedded SQLite database; with X400_DATABASE_URL back up PostgreSQL with pg_dump and the S3 bucket with its own versioning.');
  await client.backup(parts.database);
  fs.chmodSync(parts.database, 0o600);

  const warnings: string[] = [];
  let keyFile: string | null = null;
  const source = keyFilePath(plan.dataDir);
  if (fs.existsSync(source)) {
    fs.copyFileSync(source, parts.keyFile);
    fs.chmodSync(parts.keyFile, 0o600);
    keyFile = parts.keyFile;
    warnings.push(`${parts.keyFile} is the data key: anyone with it and the backup can read every stored bundle. Keep it apart from the backup, e.g. in your secrets store.`);
  }
  if (plan.keyFromEnv) warnings.push('The data key is X400_DATA_KEY: keep a copy of it, or the stored bundles of this backup cannot be read.');

  let bundles: string | null = null;
  let bundleFiles = 0;
  if (plan.bundleDir && fs.existsSync(plan.bundleDir)) {
    fs.mkdirSync(parts.bundles, { mode: 0o700 });
    for (const entry of fs.readdirSync(plan.bundleDir, { withFileTypes: true })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      fs.copyFileSync(path.join(plan.bundleDir, entry.name), path.join(parts.bundles, entry.name));
      bundleFiles++;
    }
    bundles = parts.bundles;
  } else if (!plan.bundleDir) {
    warnings.push('Bundle files live in the object store: back the bucket up with its own versioning or replication.');
  }
  return { database: parts.database, keyFile, bundles, bundleFiles, warnings };
}
