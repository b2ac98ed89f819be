// `x400-support backup <file> [--json]`.
import { parseArgs } from 'node:util';
import { backupDatabase, refuseDistributedBackup } from '@/lib/backup/backup';
import { config } from '@/lib/env';
import { EXIT, UsageError, type CliIo } from './io';

export const BACKUP_HELP = `x400-support backup <file> [--json]

Copies the embedded database while the server runs (SQLite's online backup) to <file>, the data
key file to <file>.key, and the stored bundle files to <file>.bundles/. Keep the key apart from
the backup: with both, every stored bundle can be read. Restore: README.md, "Backup and restore".

JSON output: {"database","keyFile","bundles","bundleFiles","warnings":[]}
With X400_DATABASE_URL (distributed mode) it refuses: back up PostgreSQL with pg_dump and the
bundle files with the S3 bucket's versioning.
Exit codes: 0 done, 64 usage, 70 failure (e.g. the file exists, or the database is PostgreSQL).`;

export async function runBackup(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.out(BACKUP_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('name the backup file: x400-support backup <file>');
  const cfg = config();
  refuseDistributedBackup(cfg);
  const result = await backupDatabase({ db: io.db(), dataDir: cfg.dataDir, bundleDir: cfg.s3 ? null : cfg.bundleDir, keyFromEnv: cfg.dataKey !== null }, positionals[0]!);
  if (values.json) io.out(JSON.stringify(result));
  else {
    io.out(`Database copied to ${result.database}${result.bundles ? `, ${result.bundleFiles} bundle file(s) to ${result.bundles}` : ''}.`);
    if (result.keyFile) io.out(`Data key copied to ${result.keyFile}.`);
  }
  for (const w of result.warnings) io.err(`warning: ${w}`);
  return EXIT.ok;
}
