// The PostgreSQL pass's global setup: creates a fresh database `x400_test_<random>`, applies the
// Postgres migrations to it (so every run proves they apply to an empty database), and points the
// test processes at it through X400_DATABASE_URL. Each test file then works in its own copy (see
// test/pg/database.ts). Everything this run created is dropped at the end.
import crypto from 'node:crypto';
import pg from 'pg';
import { closeDatabase, openMigratedDatabase } from '@/db/client';
import { adminUrl, databaseUrl } from './urls';

async function onAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const prefix = `x400_test_${crypto.randomBytes(4).toString('hex')}`;
  await onAdmin((client) => client.query(`CREATE DATABASE ${prefix}`));
  const url = databaseUrl(adminUrl(), prefix);
  const db = await openMigratedDatabase(url, process.cwd());
  await closeDatabase(db);
  process.env.X400_DATABASE_URL = url;
  // Distributed mode requires a shared data key; tests that check that requirement pass their own env.
  process.env.X400_DATA_KEY ??= crypto.randomBytes(32).toString('base64url');
  console.log(`PostgreSQL pass: database ${prefix} (dropped at the end)`);
  return async () => {
    await onAdmin(async (client) => {
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}%`]);
      // Per-file copies first: the template cannot be dropped while copies are being made from it.
      for (const { datname } of rows.sort((a, b) => b.datname.length - a.datname.length)) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  };
}
