// The PostgreSQL (distributed) dialect of the console's tables: drizzle-kit generates
// db/migrations-pg from it. Same table and column names as SQLite; instants stay epoch
// milliseconds in a bigint, JSON is jsonb, flags are boolean, blobs bytea. The tables are typed as
// the SQLite ones so every query type-checks once; at run time they are real pg tables.
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { TableKit } from './schema.sqlite';
import { defineTables } from './tables';

const instant = customType<{ data: Date; driverData: number | string }>({
  dataType: () => 'bigint',
  toDriver: (value) => value.getTime(),
  // node-postgres hands int8 over as a string unless db/client.ts installed its number parser.
  fromDriver: (value) => new Date(Number(value)),
});

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

export const pgKit = {
  table: pgTable,
  text,
  integer,
  bigint: (name: string) => bigint(name, { mode: 'number' }),
  real: doublePrecision,
  blob: bytea,
  instant,
  json: (name: string) => jsonb(name),
  flag: boolean,
  id: () => integer('id').primaryKey().generatedByDefaultAsIdentity(),
  index,
  uniqueIndex,
  primaryKey,
} as unknown as TableKit;

export const { users, sessions, apiTokens, signInThrottle, auditLog, tickets, ticketEvents, engineeringTasks, slaPauses, escalationActions, settings, ingestJobs, bundles, bundleFindings, bundleKeys, spans, series, bundleLogs, bundleDerived, bundleTombstones, instances, slaWarnings, slaDayRollups, slaRollupVersion, inboxItems, pagingEvents, pagingReceipts, savedViews, customerUpdates, confirmationLinks, incidentLinks, incidentReviews, reviewActionItems, shareJobs } = defineTables(pgKit);
