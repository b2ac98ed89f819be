// A fresh, migrated PostgreSQL database for each test, cheaply: each test file (one process)
// copies the run's migrated database once (CREATE DATABASE … TEMPLATE), and every later call
// empties all tables in that copy instead of creating another.
import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, poolOf, type AppDb } from '@/db/client';
import { databaseName, databaseUrl } from './urls';

let copy: { url: string; db: AppDb } | null = null;

async function createCopy(templateUrl: string): Promise<string> {
  const name = `${databaseName(templateUrl)}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: templateUrl.replace(/\/[^/]*$/, '/postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    // Copies of one template made at the same moment by several files can collide: retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${databaseName(templateUrl)}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
  return databaseUrl(templateUrl, name);
}

let emptyAll: string | null = null;

/** DELETE rather than TRUNCATE: on a dozen small tables it is several times faster. */
async function emptyAllTables(db: AppDb): Promise<void> {
  const client = await poolOf(db).connect();
  try {
    if (!emptyAll) {
      const { rows } = await client.query<{ name: string; seq: string | null }>(
        `SELECT quote_ident(tablename) AS name, pg_get_serial_sequence(quote_ident(tablename), 'id') AS seq
           FROM pg_tables t WHERE schemaname = 'public'
            AND EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_name = t.tablename AND c.column_name = 'id')
         UNION ALL
         SELECT quote_ident(tablename), NULL FROM pg_tables t WHERE schemaname = 'public'
            AND NOT EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_name = t.tablename AND c.column_name = 'id')`,
      );
      emptyAll = [
        // Replica mode skips triggers: foreign keys, and the audit log's append-only guard.
        'BEGIN',
        'SET LOCAL session_replication_role = replica',
        ...rows.map((r) => `DELETE FROM ${r.name}`),
        ...rows.filter((r) => r.seq).map((r) => `SELECT setval('${r.seq}', 1, false)`),
        'COMMIT',
      ].join(';\n');
    }
    await client.query(emptyAll);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** An empty, migrated Postgres database (this file's copy, emptied). */
export async function postgresTestDb(templateUrl: string): Promise<AppDb> {
  if (!copy) copy = { url: await createCopy(templateUrl), db: null as unknown as AppDb };
  else await emptyAllTables(copy.db);
  // A test may have closed the previous handle: open another on the same copy.
  if (!copy.db || poolOf(copy.db).ended) copy.db = openDatabase(copy.url);
  return copy.db;
}
