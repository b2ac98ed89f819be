// Bundles, their ingest jobs, findings and parsed contents (spans, series).
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { dialectOf, withTransaction, type AppDb, type Db } from '../client';
import { copyRows, RawJson, withPgClient } from '../postgres';
import {
  bundleDerived,
  bundleFindings,
  bundleKeys,
  bundleLogs,
  bundles,
  bundleTombstones,
  ingestJobs,
  series,
  spans,
  type Bundle,
  type BundleFinding,
  type BundleTombstone,
  type IngestJob,
  type SeriesRow,
} from '../schema';
import { bundleKeyFor, spansOf } from './spans';

export type NewBundle = typeof bundles.$inferInsert;
export type NewIngestJob = typeof ingestJobs.$inferInsert;
export type NewSpanRow = typeof spans.$inferInsert;
export type NewSeriesRow = typeof series.$inferInsert;
export type NewFinding = typeof bundleFindings.$inferInsert;

export async function insertIngestJob(db: Db, job: NewIngestJob): Promise<IngestJob> {
  const [row] = await db.insert(ingestJobs).values(job).returning();
  return row;
}

export async function updateIngestJob(db: Db, id: string, changes: Partial<NewIngestJob>): Promise<void> {
  await db.update(ingestJobs).set(changes).where(eq(ingestJobs.id, id));
}

export async function findIngestJob(db: Db, id: string): Promise<IngestJob | undefined> {
  const [row] = await db.select().from(ingestJobs).where(eq(ingestJobs.id, id)).limit(1);
  return row;
}

export async function listTicketIngestJobs(db: Db, ticketId: number, limit = 20): Promise<IngestJob[]> {
  return db.select().from(ingestJobs).where(eq(ingestJobs.ticketId, ticketId)).orderBy(desc(ingestJobs.createdAt)).limit(limit);
}

export async function listUnfinishedIngestJobs(db: Db): Promise<IngestJob[]> {
  return db.select().from(ingestJobs).where(inArray(ingestJobs.state, ['received', 'processing']));
}

export async function listRecentFolderJobs(db: Db, limit = 50): Promise<IngestJob[]> {
  return db.select().from(ingestJobs).where(isNull(ingestJobs.ticketId)).orderBy(desc(ingestJobs.createdAt)).limit(limit);
}

export async function insertBundle(db: Db, bundle: NewBundle): Promise<Bundle> {
  const [row] = await db.insert(bundles).values(bundle).returning();
  return row;
}

export async function updateBundle(db: Db, id: string, changes: Partial<NewBundle>): Promise<Bundle | undefined> {
  const [row] = await db.update(bundles).set(changes).where(eq(bundles.id, id)).returning();
  return row;
}

export async function findBundle(db: Db, id: string): Promise<Bundle | undefined> {
  const [row] = await db.select().from(bundles).where(eq(bundles.id, id)).limit(1);
  return row;
}

export async function findBundleBySha(db: Db, sha256: string): Promise<Bundle | undefined> {
  const [row] = await db.select().from(bundles).where(eq(bundles.sha256, sha256)).limit(1);
  return row;
}

export async function listTicketBundles(db: Db, ticketId: number): Promise<Bundle[]> {
  return db.select().from(bundles).where(eq(bundles.ticketId, ticketId)).orderBy(asc(bundles.ingestedAt));
}

export async function listUnassignedBundles(db: Db): Promise<Bundle[]> {
  return db
    .select()
    .from(bundles)
    .where(and(isNull(bundles.ticketId), inArray(bundles.state, ['active', 'quarantined'])))
    .orderBy(desc(bundles.ingestedAt));
}

export async function listBundlesInParseState(db: Db, state: Bundle['parseState']): Promise<Bundle[]> {
  return db.select().from(bundles).where(eq(bundles.parseState, state));
}

export async function listAllBundles(db: Db): Promise<Bundle[]> {
  return db.select().from(bundles);
}

export async function insertFindings(db: Db, rows: NewFinding[]): Promise<void> {
  if (rows.length === 0) return;
  await withTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(bundleFindings).values(rows.slice(i, i + 500));
  });
}

export async function listFindings(db: Db, bundleId: string, limit = 1000): Promise<BundleFinding[]> {
  return db.select().from(bundleFindings).where(eq(bundleFindings.bundleId, bundleId)).orderBy(asc(bundleFindings.id)).limit(limit);
}

export async function insertSeries(db: Db, rows: NewSeriesRow[]): Promise<void> {
  if (rows.length === 0) return;
  await withTransaction(db, async (tx) => {
    for (const row of rows) await tx.insert(series).values(row);
  });
}

/** A bundle's series in the order they were read. */
export async function listSeries(db: Db, bundleId: string): Promise<Pick<SeriesRow, 'name' | 'unit' | 'labels' | 'points'>[]> {
  return db.select({ name: series.name, unit: series.unit, labels: series.labels, points: series.points }).from(series).where(eq(series.bundleId, bundleId)).orderBy(asc(series.idx));
}

/** Removes everything parsed or derived from a bundle's contents (not the bundle row itself). */
export async function deleteBundleContents(db: Db, bundleId: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await tx.delete(spans).where(spansOf(bundleId));
    await tx.delete(bundleKeys).where(eq(bundleKeys.bundleId, bundleId));
    await tx.delete(series).where(eq(series.bundleId, bundleId));
    await tx.delete(bundleFindings).where(eq(bundleFindings.bundleId, bundleId));
    await tx.delete(bundleDerived).where(eq(bundleDerived.bundleId, bundleId));
    await tx.delete(bundleLogs).where(eq(bundleLogs.bundleId, bundleId));
  });
}

/** Marks a bundle `purging`; false when another purge took it or it is no longer due. */
export async function claimBundleForPurge(db: Db, bundleId: string): Promise<boolean> {
  const claimed = await db
    .update(bundles)
    .set({ state: 'purging' })
    .where(and(eq(bundles.id, bundleId), inArray(bundles.state, ['active', 'quarantined'])))
    .returning({ id: bundles.id });
  return claimed.length > 0 || (await findBundle(db, bundleId))?.state === 'purging';
}

/**
 * In a purge's transaction, before anything is written: takes the bundle row's lock, so a second
 * purge of the same bundle (another instance) waits here and then finds it gone. False when gone.
 */
export async function lockBundleForPurge(db: Db, bundleId: string): Promise<boolean> {
  const locked = await db
    .update(bundles)
    .set({ state: 'purging' })
    .where(and(eq(bundles.id, bundleId), eq(bundles.state, 'purging')))
    .returning({ id: bundles.id });
  return locked.length > 0;
}

export async function deleteBundleRow(db: Db, bundleId: string): Promise<void> {
  await withTransaction(db, async (tx) => {
    await deleteBundleContents(tx, bundleId);
    await tx.delete(bundles).where(eq(bundles.id, bundleId));
  });
}

export async function countSpans(db: Db, bundleId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(spans).where(spansOf(bundleId));
  return Number(row?.n ?? 0);
}

export async function insertTombstone(db: Db, row: BundleTombstone): Promise<void> {
  await db.insert(bundleTombstones).values(row).onConflictDoNothing();
}

export async function findTombstone(db: Db, bundleId: string): Promise<BundleTombstone | undefined> {
  const [row] = await db.select().from(bundleTombstones).where(eq(bundleTombstones.bundleId, bundleId)).limit(1);
  return row;
}

export async function listTicketTombstones(db: Db, ticketId: number): Promise<BundleTombstone[]> {
  return db.select().from(bundleTombstones).where(eq(bundleTombstones.ticketId, ticketId));
}

export async function readDerived(db: Db, bundleId: string, key: string): Promise<Buffer | undefined> {
  const [row] = await db.select({ value: bundleDerived.value }).from(bundleDerived).where(and(eq(bundleDerived.bundleId, bundleId), eq(bundleDerived.key, key))).limit(1);
  return row?.value;
}

/** When the derived value was written (epoch ms), without reading it; undefined when there is none. */
export async function derivedWrittenAt(db: Db, bundleId: string, key: string): Promise<number | undefined> {
  const [row] = await db.select({ createdAt: bundleDerived.createdAt }).from(bundleDerived).where(and(eq(bundleDerived.bundleId, bundleId), eq(bundleDerived.key, key))).limit(1);
  return row?.createdAt.getTime();
}

export async function writeDerived(db: Db, bundleId: string, key: string, value: Buffer, now: Date): Promise<void> {
  await db.insert(bundleDerived)
    .values({ bundleId, key, value, createdAt: now })
    .onConflictDoUpdate({ target: [bundleDerived.bundleId, bundleDerived.key], set: { value, createdAt: now } });
}

/**
 * Span rows ready to insert, in `SPAN_ROW_FIELDS` order after bundle_key (the tree columns
 * included), attributes/events/links as JSON text. The one insert every parse goes through.
 */
export const SPAN_ROW_FIELDS = [
  'seq', 'pos', 'depth', 'subtree_size', 'parent_seq', 'trace_id', 'span_id', 'parent_span_id', 'service', 'name', 'kind',
  'start_us', 'duration_us', 'error', 'error_code', 'status_message', 'attributes', 'events', 'links',
] as const;
export type SpanRowValues = (string | number | null)[];

const ROWS_PER_STATEMENT = 500;
const prepared = new WeakMap<object, Map<number, { run(...args: unknown[]): unknown }>>();

/**
 * Inserts span rows of one bundle. SQLite: prepared multi-row inserts (the query builder costs
 * more than SQLite itself at a million rows), taking the rows as they come so a caller can stream
 * them (only one statement's worth is held); call inside a transaction. PostgreSQL: one COPY.
 */
export async function insertSpans(db: AppDb, bundleId: string, rows: Iterable<SpanRowValues>): Promise<void> {
  const key = await bundleKeyFor(db, bundleId);
  if (dialectOf(db) === 'postgres') {
    // One COPY per call: the JSON columns arrive serialised, so they are copied as their text.
    const json = new Set([16, 17, 18]);
    const copied = Array.from(rows, (r) => [key, ...r.map((v, j) => (j === 13 ? v === 1 : json.has(j) && typeof v === 'string' ? new RawJson(v) : v))]);
    await withPgClient(db, (client) => copyRows(client, 'spans', ['bundle_key', ...SPAN_ROW_FIELDS], copied));
    return;
  }
  // sqlite-only: prepared multi-row statements on the better-sqlite3 handle (the bulk-load exception).
  let byCount = prepared.get(db.$client);
  if (!byCount) prepared.set(db.$client, (byCount = new Map()));
  const statement = (count: number) => {
    let s = byCount!.get(count);
    if (!s) {
      const one = `(?, ${SPAN_ROW_FIELDS.map(() => '?').join(', ')})`;
      s = db.$client.prepare(`insert into spans (bundle_key, ${SPAN_ROW_FIELDS.join(', ')}) values ${Array.from({ length: count }, () => one).join(', ')}`);
      byCount!.set(count, s);
    }
    return s;
  };
  const width = SPAN_ROW_FIELDS.length + 1;
  const args = new Array(ROWS_PER_STATEMENT * width);
  let count = 0;
  let k = 0;
  for (const row of rows) {
    args[k++] = key;
    for (let j = 0; j < row.length; j++) args[k++] = row[j];
    if (++count === ROWS_PER_STATEMENT) {
      statement(count).run(args);
      count = 0;
      k = 0;
    }
  }
  if (count > 0) statement(count).run(args.slice(0, k));
}
