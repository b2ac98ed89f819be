// `x400-support db migrate`: applies pending migrations and exits. In distributed mode, run it once
// before starting new instances (they also migrate at start, queued on an advisory lock).
import { parseArgs } from 'node:util';
import { migrateDatabase, pendingMigrations } from '@/db/client';
import { config } from '@/lib/env';
import { EXIT, UsageError, type CliIo } from './io';

export const DB_HELP = `x400-support db migrate

Applies the database migrations this build ships that the database has not applied yet:
PostgreSQL when X400_DATABASE_URL is set (under an advisory lock, so instances starting at the
same time wait for it), else the SQLite file in X400_DATA_DIR. Prints how many were applied.`;

export async function runDb(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (values.help) {
    io.out(DB_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1 || positionals[0] !== 'migrate') throw new UsageError('expected "db migrate"');
  const cfg = config();
  const db = io.db(); // SQLite applies its migrations as it opens.
  const before = cfg.databaseUrl === null ? null : await pendingMigrations(db, cfg.appRoot);
  await migrateDatabase(db, cfg.appRoot);
  const left = await pendingMigrations(db, cfg.appRoot);
  const where = cfg.databaseUrl === null ? cfg.databaseFile : 'PostgreSQL';
  io.out(`${where}: ${before === null ? 'migrations applied' : `${before - left} migration(s) applied`}; the schema is current.`);
  return left === 0 ? EXIT.ok : EXIT.failure;
}
