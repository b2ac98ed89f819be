// Opens the console's database: PostgreSQL (drizzle node-postgres over a `pg` Pool) when given a
// postgres:// URL, the embedded SQLite file (WAL mode) otherwise, and applies the migrations; runs
// multi-statement writes in one transaction (`withTransaction`), the same way on both.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { is } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { PgDatabase } from 'drizzle-orm/pg-core';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import * as schema from './schema';
import * as pgSchema from './schema.pg';

/** What queries take: the database or a transaction inside it. */
export type Db = BaseSQLiteDatabase<'sync', Database.RunResult, typeof schema>;
/** The opened database, with its driver handle. */
export type AppDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export type Dialect = 'sqlite' | 'postgres';

/** Which engine a database handle talks to (for the few queries whose SQL differs). */
export function dialectOf(db: unknown): Dialect {
  return is(db, PgDatabase) ? 'postgres' : 'sqlite';
}

export const isPostgresUrl = (target: string): boolean => /^postgres(ql)?:\/\//i.test(target);

export function migrationsFolder(appRoot: string = process.env.X400_APP_ROOT ?? process.cwd(), dialect: Dialect = 'sqlite'): string {
  return path.join(appRoot, 'db', dialect === 'postgres' ? 'migrations-pg' : 'migrations');
}

/**
 * Opens the database at `target`: a postgres:// URL, a SQLite file (created if need be), or
 * ':memory:'. SQLite is migrated here; a Postgres database is migrated by `migrateDatabase`,
 * which the server's boot, the CLI and the tests await before the first query.
 */
export function openDatabase(target: string, appRoot?: string): AppDb {
  if (isPostgresUrl(target)) return openPostgres(target);
  if (target !== ':memory:') {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    // SQLite gives the WAL and shared-memory files the database file's mode: create it 0600.
    fs.closeSync(fs.openSync(target, 'a', 0o600));
    fs.chmodSync(target, 0o600);
  }
  const sqlite = new Database(target);
  // 16 KiB pages: a 1M-span parse inserts its spans in 7.6-7.8 s against 8.2-8.4 s with 4 KiB
  // (fewer B-tree pages, splits and WAL frames for the wide span rows). SQLite fixes the
  // page size when the first table is created, so this takes for a new file (and ':memory:')
  // only, here before WAL mode is set and the migrations run; an existing file keeps its own.
  sqlite.pragma('page_size = 16384');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder(appRoot) });
  return db;
}

let parsersInstalled = false;
/**
 * int8 (counts, sums, instants, byte sizes) and numeric arrive as strings from node-postgres; the
 * console's values fit a double exactly (epoch µs stay below 2^53), and the SQLite side returns
 * numbers, so both read as numbers. drizzle falls back to these global parsers.
 */
function installNumberParsers(): void {
  if (parsersInstalled) return;
  parsersInstalled = true;
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
}

function openPostgres(url: string): AppDb {
  installNumberParsers();
  // allowExitOnIdle: a CLI command ends when its work is done, not when idle connections time out.
  // jit=off: the report aggregates are estimated costly enough to be JIT-compiled, which costs
  // ~100 ms per query and gains nothing at the console's row counts.
  const pool = new pg.Pool({ connectionString: url, max: 10, allowExitOnIdle: true, connectionTimeoutMillis: 10_000, options: '-c jit=off' });
  // An idle client losing its connection (a Postgres restart) must not take the process down.
  pool.on('error', (error) => console.error(`X400 Support Console: database connection lost: ${error.message}`));
  return drizzlePg(pool, { schema: pgSchema }) as unknown as AppDb;
}

/** The `pg` Pool behind a Postgres handle. */
export function poolOf(db: AppDb): pg.Pool {
  return (db as unknown as { $client: pg.Pool }).$client;
}

// Any fixed 64-bit number, the same in every instance: "x400 migrate".
const MIGRATION_LOCK = 0x78343030_6d6967n;

/**
 * Brings a Postgres database up to date. Several instances starting at once queue on an advisory
 * lock, so exactly one applies each migration and the others find nothing left to do.
 * SQLite was migrated when it was opened; this is a no-op for it.
 */
export async function migrateDatabase(db: AppDb, appRoot?: string): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const client = await poolOf(db).connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolder(appRoot, 'postgres') });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}

/** Opens and migrates: what a one-off process (CLI, test, bench) wants. */
export async function openMigratedDatabase(target: string, appRoot?: string): Promise<AppDb> {
  const db = openDatabase(target, appRoot);
  await migrateDatabase(db, appRoot);
  return db;
}

/** Migrations shipped with this build that the database has not applied yet (0 when current). */
export async function pendingMigrations(db: AppDb, appRoot?: string): Promise<number> {
  const dialect = dialectOf(db);
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder(appRoot, dialect), 'meta', '_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  let applied: number | null;
  if (dialect === 'postgres') {
    const result = await poolOf(db).query<{ last: string | null }>(
      `SELECT max(created_at) AS last FROM drizzle.__drizzle_migrations`,
    ).catch(() => ({ rows: [{ last: null }] }));
    applied = result.rows[0]?.last == null ? null : Number(result.rows[0].last);
  } else {
    const row = db.$client.prepare('SELECT max(created_at) AS last FROM __drizzle_migrations').get() as { last: number | null } | undefined;
    applied = row?.last ?? null;
  }
  return journal.entries.filter((entry) => applied === null || entry.when > applied).length;
}

/** Closes the connections (Postgres pool or SQLite file). */
export async function closeDatabase(db: AppDb): Promise<void> {
  if (dialectOf(db) === 'postgres') await poolOf(db).end();
  else db.$client.close();
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
  /** The database the transaction was opened on, and the handle its statements go through. */
  root: Db;
  tx: Db;
  open: boolean;
}
const currentTransaction = new AsyncLocalStorage<OpenTransaction>();

/**
 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (the
 * error is rethrown). Called again inside `fn` (with `tx` or the outer database), it runs in the
 * outer transaction: no savepoint, all or nothing together. Pass `tx` to the queries inside.
 */
export async function withTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const outer = currentTransaction.getStore();
  if (outer?.open) {
    if (db === outer.root || db === outer.tx) return fn(outer.tx);
    throw new Error('withTransaction: a transaction on another database is already open in this call');
  }
  if (dialectOf(db) === 'postgres') {
    // PostgreSQL: drizzle's own transaction (one pooled connection, BEGIN … COMMIT/ROLLBACK),
    // which does take an async callback. The `pg` helper owns this branch.
    const pgDb = db as unknown as PgDatabase<never, typeof pgSchema>;
    return pgDb.transaction(async (pgTx) => {
      const state: OpenTransaction = { root: db, tx: pgTx as unknown as Db, open: true };
      try {
        return await currentTransaction.run(state, () => fn(state.tx));
      } finally {
        state.open = false;
      }
    });
  }
  const sqlite = sqliteClient(db);
  const release = await sqliteTransactions.acquire();
  const state: OpenTransaction = { root: db, tx: db, open: true };
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await currentTransaction.run(state, () => fn(db));
      sqlite.exec('COMMIT');
      return result;
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw error;
    }
  } finally {
    state.open = false;
    release();
  }
}
