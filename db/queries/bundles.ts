// Bundles, their ingest jobs, findings and parsed contents (spans, series).
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { dialectOf, type AppDb, type Db } from '../client';
import {
  bundleDerived,
  bundleFindings,
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
} from '../schema';

export type NewBundle = typeof bundles.$inferInsert;
export type NewIngestJob = typeof ingestJobs.$inferInsert;
export type NewSpanRow = typeof spans.$inferInsert;
export type NewSeriesRow = typeof series.$inferInsert;
export type NewFinding = typeof bundleFindings.$inferInsert;

export function insertIngestJob(db: Db, job: NewIngestJob): IngestJob {
  return db.insert(ingestJobs).values(job).returning().get();
}

export function updateIngestJob(db: Db, id: string, changes: Partial<NewIngestJob>): void {
  db.update(ingestJobs).set(changes).where(eq(ingestJobs.id, id)).run();
}

export function findIngestJob(db: Db, id: string): IngestJob | undefined {
  return db.select().from(ingestJobs).where(eq(ingestJobs.id, id)).get();
}

export function listTicketIngestJobs(db: Db, ticketId: number, limit = 20): IngestJob[] {
  return db.select().from(ingestJobs).where(eq(ingestJobs.ticketId, ticketId)).orderBy(desc(ingestJobs.createdAt)).limit(limit).all();
}

export function listUnfinishedIngestJobs(db: Db): IngestJob[] {
  return db.select().from(ingestJobs).where(inArray(ingestJobs.state, ['received', 'processing'])).all();
}

export function listRecentFolderJobs(db: Db, limit = 50): IngestJob[] {
  return db.select().from(ingestJobs).where(isNull(ingestJobs.ticketId)).orderBy(desc(ingestJobs.createdAt)).limit(limit).all();
}

export function insertBundle(db: Db, bundle: NewBundle): Bundle {
  return db.insert(bundles).values(bundle).returning().get();
}

export function updateBundle(db: Db, id: string, changes: Partial<NewBundle>): Bundle | undefined {
  return db.update(bundles).set(changes).where(eq(bundles.id, id)).returning().get();
}

export function findBundle(db: Db, id: string): Bundle | undefined {
  return db.select().from(bundles).where(eq(bundles.id, id)).get();
}

export function findBundleBySha(db: Db, sha256: string): Bundle | undefined {
  return db.select().from(bundles).where(eq(bundles.sha256, sha256)).get();
}

export function listTicketBundles(db: Db, ticketId: number): Bundle[] {
  return db.select().from(bundles).where(eq(bundles.ticketId, ticketId)).orderBy(asc(bundles.ingestedAt)).all();
}

export function listUnassignedBundles(db: Db): Bundle[] {
  return db
    .select()
    .from(bundles)
    .where(and(isNull(bundles.ticketId), inArray(bundles.state, ['active', 'quarantined'])))
    .orderBy(desc(bundles.ingestedAt))
    .all();
}

export function listBundlesInParseState(db: Db, state: Bundle['parseState']): Bundle[] {
  return db.select().from(bundles).where(eq(bundles.parseState, state)).all();
}

export function listAllBundles(db: Db): Bundle[] {
  return db.select().from(bundles).all();
}

export function insertFindings(db: Db, rows: NewFinding[]): void {
  for (let i = 0; i < rows.length; i += 500) db.insert(bundleFindings).values(rows.slice(i, i + 500)).run();
}

export function listFindings(db: Db, bundleId: string, limit = 1000): BundleFinding[] {
  return db.select().from(bundleFindings).where(eq(bundleFindings.bundleId, bundleId)).orderBy(asc(bundleFindings.id)).limit(limit).all();
}

export function insertSeries(db: Db, rows: NewSeriesRow[]): void {
  for (const row of rows) db.insert(series).values(row).run();
}

/** Removes everything parsed or derived from a bundle's contents (not the bundle row itself). */
export function deleteBundleContents(db: Db, bundleId: string): void {
  db.delete(spans).where(eq(spans.bundleId, bundleId)).run();
  db.delete(series).where(eq(series.bundleId, bundleId)).run();
  db.delete(bundleFindings).where(eq(bundleFindings.bundleId, bundleId)).run();
  db.delete(bundleDerived).where(eq(bundleDerived.bundleId, bundleId)).run();
  db.delete(bundleLogs).where(eq(bundleLogs.bundleId, bundleId)).run();
}

export function deleteBundleRow(db: Db, bundleId: string): void {
  deleteBundleContents(db, bundleId);
  db.delete(bundles).where(eq(bundles.id, bundleId)).run();
}

export function countSpans(db: Db, bundleId: string): number {
  return db.select({ n: sql<number>`count(*)` }).from(spans).where(eq(spans.bundleId, bundleId)).get()?.n ?? 0;
}

export function insertTombstone(db: Db, row: BundleTombstone): void {
  db.insert(bundleTombstones).values(row).onConflictDoNothing().run();
}

export function findTombstone(db: Db, bundleId: string): BundleTombstone | undefined {
  return db.select().from(bundleTombstones).where(eq(bundleTombstones.bundleId, bundleId)).get();
}

export function listTicketTombstones(db: Db, ticketId: number): BundleTombstone[] {
  return db.select().from(bundleTombstones).where(eq(bundleTombstones.ticketId, ticketId)).all();
}

export function readDerived(db: Db, bundleId: string, key: string): Buffer | undefined {
  return db.select({ value: bundleDerived.value }).from(bundleDerived).where(and(eq(bundleDerived.bundleId, bundleId), eq(bundleDerived.key, key))).get()?.value;
}

export function writeDerived(db: Db, bundleId: string, key: string, value: Buffer, now: Date): void {
  db.insert(bundleDerived)
    .values({ bundleId, key, value, createdAt: now })
    .onConflictDoUpdate({ target: [bundleDerived.bundleId, bundleDerived.key], set: { value, createdAt: now } })
    .run();
}

/**
 * Span rows ready to insert, in `SPAN_ROW_FIELDS` order after bundle_id (the tree columns
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
 * more than SQLite itself at a million rows); call inside a transaction. PostgreSQL: through the
 * query builder, in chunks.
 */
export async function insertSpans(db: AppDb, bundleId: string, rows: readonly SpanRowValues[]): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    const keys = ['seq', 'pos', 'depth', 'subtreeSize', 'parentSeq', 'traceId', 'spanId', 'parentSpanId', 'service', 'name', 'kind', 'startUs', 'durationUs', 'error', 'errorCode', 'statusMessage', 'attributes', 'events', 'links'] as const;
    for (let i = 0; i < rows.length; i += 1000) {
      const values = rows.slice(i, i + 1000).map((r) => {
        const o: Record<string, unknown> = { bundleId };
        keys.forEach((k, j) => { o[k] = r[j]; });
        o.error = r[13] === 1;
        for (const k of ['attributes', 'events', 'links'] as const) o[k] = JSON.parse(o[k] as string);
        return o as NewSpanRow;
      });
      await (db as unknown as { insert: AppDb['insert'] }).insert(spans).values(values);
    }
    return;
  }
  let byCount = prepared.get(db.$client);
  if (!byCount) prepared.set(db.$client, (byCount = new Map()));
  const statement = (count: number) => {
    let s = byCount!.get(count);
    if (!s) {
      const one = `(?, ${SPAN_ROW_FIELDS.map(() => '?').join(', ')})`;
      s = db.$client.prepare(`insert into spans (bundle_id, ${SPAN_ROW_FIELDS.join(', ')}) values ${Array.from({ length: count }, () => one).join(', ')}`);
      byCount!.set(count, s);
    }
    return s;
  };
  const width = SPAN_ROW_FIELDS.length + 1;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const count = Math.min(ROWS_PER_STATEMENT, rows.length - i);
    const args = new Array(count * width);
    let k = 0;
    for (let r = i; r < i + count; r++) {
      args[k++] = bundleId;
      const row = rows[r];
      for (let j = 0; j < row.length; j++) args[k++] = row[j];
    }
    statement(count).run(args);
  }
}
