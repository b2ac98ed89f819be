// The SQLite (embedded) dialect of the console's tables: drizzle-kit generates db/migrations from it.
import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { defineTables } from './tables';

/** The column kit `defineTables` builds with; the Postgres kit mirrors it, typed as this one. */
export const sqliteKit = {
  table: sqliteTable,
  text,
  integer,
  /** Whole numbers past 2^31 (byte sizes, microsecond times): SQLite's integer holds 64 bits. */
  bigint: (name: string) => integer(name, { mode: 'number' }),
  real,
  blob: (name: string) => blob(name, { mode: 'buffer' }),
  /** An instant: epoch milliseconds (UTC), read as a Date. */
  instant: (name: string) => integer(name, { mode: 'timestamp_ms' }),
  /** A small JSON document or list. */
  json: <T>(name: string) => text(name, { mode: 'json' }).$type<T>(),
  flag: (name: string) => integer(name, { mode: 'boolean' }),
  /** An auto-incrementing integer primary key named `id`. */
  id: () => integer('id').primaryKey({ autoIncrement: true }),
  index,
  uniqueIndex,
  primaryKey,
};
export type TableKit = typeof sqliteKit;

export const { users, sessions, apiTokens, signInThrottle, auditLog, tickets, ticketEvents, engineeringTasks, slaPauses, escalationActions, settings, ingestJobs, bundles, bundleFindings, bundleKeys, spans, series, bundleLogs, bundleDerived, bundleTombstones, instances, slaWarnings, slaDayRollups, slaRollupVersion, inboxItems, pagingEvents, pagingReceipts, savedViews, customerUpdates, confirmationLinks, incidentLinks, incidentReviews, reviewActionItems, shareJobs } = defineTables(sqliteKit);
