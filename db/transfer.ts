// Copies every table of an embedded (SQLite) database into an empty, migrated PostgreSQL one:
// the same tables and columns, flags turned into booleans, JSON text into jsonb, then each id
// sequence moved past the copied ids. Used by the benchmarks to run both backends on one data set.
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { AppDb } from './client';
import { copyRows, RawJson, withPgClient } from './postgres';
import * as sqliteSchema from './schema.sqlite';

const BATCH = 20_000;

/** Row counts per table copied. */
export async function copySqliteToPostgres(source: AppDb, target: AppDb): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const tables = Object.entries(sqliteSchema)
    .filter(([key]) => key !== 'sqliteKit')
    .map(([, table]) => getTableConfig(table as unknown as SQLiteTable));
  // Parents before children, for the foreign keys.
  const order = ['users', 'tickets', 'bundles'];
  tables.sort((a, b) => (order.indexOf(a.name) + 1 || 99) - (order.indexOf(b.name) + 1 || 99));
  await withPgClient(target, async (client) => {
    for (const table of tables) {
      const columns = table.columns.map((c) => c.name);
      const flags = new Set(table.columns.filter((c) => c.columnType === 'SQLiteBoolean').map((c) => c.name));
      const jsonColumns = new Set(table.columns.filter((c) => c.columnType === 'SQLiteTextJson').map((c) => c.name));
      const statement = source.$client.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table.name}"`).raw(true);
      let batch: unknown[][] = [];
      let n = 0;
      const flush = async () => {
        // JSON text goes in as it is (copyValue would quote it again).
        await copyRows(client, table.name, columns, batch.map((row) => row.map((v, i) => (jsonColumns.has(columns[i]!) && typeof v === 'string' ? new RawJson(v) : v))));
        n += batch.length;
        batch = [];
      };
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        batch.push(row.map((value, i) => (flags.has(columns[i]!) && value !== null ? value === 1 : value)));
        if (batch.length === BATCH) await flush();
      }
      if (batch.length) await flush();
      counts[table.name] = n;
      if (columns.includes('id') && table.columns.find((c) => c.name === 'id')?.columnType === 'SQLiteInteger') {
        await client.query(`SELECT setval(pg_get_serial_sequence('"${table.name}"', 'id'), greatest(coalesce(max(id), 0), 1), max(id) IS NOT NULL) FROM "${table.name}"`);
      }
    }
    await client.query('ANALYZE');
  });
  return counts;
}
