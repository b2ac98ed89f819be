// Where the test suite's PostgreSQL pass connects: X400_TEST_PG_URL (a database the role may
// create databases from), else the local default. Shared by the global setup and the helpers.
export const DEFAULT_TEST_PG_URL = 'postgres://x400:x400@127.0.0.1:5432/postgres';

export const adminUrl = (): string => process.env.X400_TEST_PG_URL?.trim() || DEFAULT_TEST_PG_URL;

/** The same server and credentials, another database. */
export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export const databaseName = (url: string): string => decodeURIComponent(new URL(url).pathname.slice(1));
