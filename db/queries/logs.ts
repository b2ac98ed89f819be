// A parsed bundle's log lines (logs.ndjson, redacted at parse): insert, filter, a span's lines,
// and per-time-bucket counts for the timeline's log ticks.
import { and, asc, count, eq, gte, like, lte, sql, type SQL, isNull } from 'drizzle-orm';
import { bundleLogs, type BundleLogRow } from '../schema';

export type NewLogRow = typeof bundleLogs.$inferInsert;

import { withTransaction, type Db } from '../client';



export async function insertLogLines(db: Db, rows: NewLogRow[]): Promise<void> {
  if (rows.length === 0) return;
  await withTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.insert(bundleLogs).values(rows.slice(i, i + 500));
  });
}

export async function deleteBundleLogs(db: Db, bundleId: string): Promise<void> {
  await db.delete(bundleLogs).where(eq(bundleLogs.bundleId, bundleId));
}

export interface LogFilter {
  bundleId: string;
  /** Lower-case levels to keep; empty or absent: all. */
  levels?: string[];
  /** Case-insensitive substring of the message. */
  text?: string;
  /** Epoch µs, inclusive. */
  fromUs?: number;
  toUs?: number;
  traceId?: string;
  spanId?: string;
}

function where(f: LogFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [eq(bundleLogs.bundleId, f.bundleId)];
  if (f.levels && f.levels.length) parts.push(sql`${bundleLogs.level} in ${f.levels}`);
  const text = f.text?.trim().toLowerCase();
  if (text) parts.push(like(sql`lower(${bundleLogs.msg})`, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (f.fromUs !== undefined) parts.push(gte(bundleLogs.tsUs, f.fromUs));
  if (f.toUs !== undefined) parts.push(lte(bundleLogs.tsUs, f.toUs));
  if (f.traceId) parts.push(eq(bundleLogs.traceId, f.traceId));
  if (f.spanId) parts.push(eq(bundleLogs.spanId, f.spanId));
  return and(...parts);
}

/** A page of the lines matching `filter`, in file order, and how many match in all. */
export async function listLogLines(db: Db, filter: LogFilter, page: { offset: number; limit: number }): Promise<{ total: number; rows: BundleLogRow[] }> {
  const w = where(filter);
  const [{ n }] = (await db.select({ n: count() }).from(bundleLogs).where(w)) as { n: number }[];
  const rows = (await db.select().from(bundleLogs).where(w).orderBy(asc(bundleLogs.seq)).limit(page.limit).offset(page.offset)) as BundleLogRow[];
  return { total: Number(n), rows };
}

/** The levels present in a bundle's logs, with counts. */
export async function logLevels(db: Db, bundleId: string): Promise<{ level: string; n: number }[]> {
  const rows = (await db.select({ level: bundleLogs.level, n: count() }).from(bundleLogs).where(eq(bundleLogs.bundleId, bundleId)).groupBy(bundleLogs.level).orderBy(asc(bundleLogs.level))) as { level: string; n: number }[];
  return rows.map((r) => ({ level: r.level, n: Number(r.n) }));
}

/** Lines written inside one span (by attrs.trace_id + attrs.span_id). */
export async function logLinesOfSpan(db: Db, bundleId: string, traceId: string, spanId: string, limit = 200): Promise<BundleLogRow[]> {
  return (await db.select().from(bundleLogs).where(where({ bundleId, traceId, spanId })).orderBy(asc(bundleLogs.seq)).limit(limit)) as BundleLogRow[];
}

/** Lines that name no span, written inside [fromUs, toUs] (the time-window fallback of a span's
 * detail, for logs without attrs.trace_id / attrs.span_id). */
export async function unlinkedLogLinesBetween(db: Db, bundleId: string, fromUs: number, toUs: number, limit = 200): Promise<BundleLogRow[]> {
  return (await db
    .select()
    .from(bundleLogs)
    .where(and(where({ bundleId, fromUs, toUs }), isNull(bundleLogs.spanId)))
    .orderBy(asc(bundleLogs.seq))
    .limit(limit)) as BundleLogRow[];
}

/** Lines per time bucket of `bucketUs` from `fromUs` (for the timeline's ticks); errors counted apart. */
export async function logTickCounts(db: Db, bundleId: string, fromUs: number, bucketUs: number): Promise<{ bucket: number; n: number; errors: number }[]> {
  const bucket = sql<number>`cast((${bundleLogs.tsUs} - ${fromUs}) / ${bucketUs} as integer)`;
  const rows = (await db
    .select({ bucket, n: count(), errors: sql<number>`sum(case when ${bundleLogs.level} in ('error', 'fatal', 'critical') then 1 else 0 end)` })
    .from(bundleLogs)
    .where(and(eq(bundleLogs.bundleId, bundleId), sql`${bundleLogs.tsUs} is not null`))
    .groupBy(bucket)) as { bucket: number; n: number; errors: number }[];
  return rows.map((r) => ({ bucket: Number(r.bucket), n: Number(r.n), errors: Number(r.errors) }));
}
