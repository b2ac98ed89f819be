// Opens the embedded SQLite database (WAL mode) and applies migrations.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

/** What queries take: the database or a transaction inside it. */
export type Db = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;
/** The opened database, with its driver handle. */
export type AppDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function migrationsFolder(appRoot: string = process.env.X400_APP_ROOT ?? process.cwd()): string {
  return path.join(appRoot, 'db', 'migrations');
}

/** Opens (and creates) the database at `file`, or an in-memory one for ':memory:', migrated. */
export function openDatabase(file: string, appRoot?: string): AppDb {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // SQLite gives the WAL and shared-memory files the database file's mode: create it 0600.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600);
  }
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder(appRoot) });
  return db;
}
