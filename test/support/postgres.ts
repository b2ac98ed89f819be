// A fresh PostgreSQL database for a test file, created through the admin connection
// (X400_TEST_PG_URL, default the local superuser x400/x400 on 127.0.0.1:5432) and dropped
// afterwards. Resolves to null, and the caller skips saying why, when PostgreSQL does not answer.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.X400_TEST_PG_URL?.trim() || 'postgres://x400:x400@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'x400_dist'): Promise<TestDatabase | null> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    console.warn(`PostgreSQL does not answer at ${PG_ADMIN_URL.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}): the distributed-mode tests are skipped`);
    return null;
  }
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
