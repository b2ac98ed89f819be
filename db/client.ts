// Opens the embedded SQLite database (WAL mode) and applies migrations; runs multi-statement
// writes in one transaction (`withTransaction`), the same way on every backend.
import { AsyncLocalStorage } from 'node:async_hooks';
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
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder(appRoot) });
  return db;
}

/** Closes the connection (scripts, tests and benchmarks that open their own). */
export async function closeDatabase(db: Db): Promise<void> {
  sqliteClient(db).close();
}

function sqliteClient(db: Db): Database.Database {
  const client = (db as Partial<AppDb>).$client;
  if (!client) throw new Error('withTransaction: expected a database opened by openDatabase');
  return client;
}

/** A FIFO async mutex: `acquire()` resolves with the function that releases it. */
class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}

/**
 * SQLite: one transaction at a time in this process. better-sqlite3 (and drizzle's
 * `db.transaction` over it) cannot take an async callback: it commits at the first `await`. So
 * the transaction is opened by hand, `BEGIN IMMEDIATE` (the write lock is taken at once, so a
 * second process waits at BEGIN rather than failing at its first write) … `COMMIT` / `ROLLBACK`,
 * and this mutex keeps a second transaction from starting on the connection meanwhile. It is
 * process-wide, not per connection: two connections to one file in the same process would
 * otherwise block the event loop in SQLite's busy wait, each waiting for the other.
 *
 * A statement issued outside `withTransaction` while one is open runs on the same connection and
 * so joins it: transaction bodies should await only database work (they do: every query is
 * executed synchronously by better-sqlite3 and only resolved in a microtask).
 */
const sqliteTransactions = new AsyncMutex();

interface OpenTransaction {
  client: unknown;
  tx: Db;
  open: boolean;
}
const currentTransaction = new AsyncLocalStorage<OpenTransaction>();

/**
 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (the
 * error is rethrown). Called again inside `fn` (with `tx` or the outer database), it runs in the
 * outer transaction: no savepoint, all or nothing together.
 */
export async function withTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const outer = currentTransaction.getStore();
  // PostgreSQL (the `pg` helper fills this in): `db.transaction(async (tx) => fn(tx))`, reusing
  // `outer.tx` when `outer?.open && outer.client === db`'s pool, as below.
  const client = sqliteClient(db);
  if (outer?.open) {
    if (outer.client === client) return fn(outer.tx);
    throw new Error('withTransaction: a transaction on another database is already open in this call');
  }
  const release = await sqliteTransactions.acquire();
  const state: OpenTransaction = { client, tx: db, open: true };
  try {
    client.exec('BEGIN IMMEDIATE');
    try {
      const result = await currentTransaction.run(state, () => fn(db));
      client.exec('COMMIT');
      return result;
    } catch (error) {
      if (client.inTransaction) client.exec('ROLLBACK');
      throw error;
    }
  } finally {
    state.open = false;
    release();
  }
}
