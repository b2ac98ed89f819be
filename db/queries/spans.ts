// Reads of a parsed bundle's spans behind the timeline: a paged reader in `pos` order, attribute
// search, one span's detail. (The bulk insert of a parse is `insertSpans` in ./bundles.)
import { and, asc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { dialectOf, type AppDb, type Db } from '../client';
import { bundleKeys, spans } from '../schema';

/**
 * Selects the span rows of one bundle. They carry the bundle's integer key (bundle_keys), not its
 * id: a scalar subquery, so every query stays one statement on either dialect and uses the
 * (bundle_key, …) indexes.
 */
export function spansOf(bundleId: string): SQL {
  return sql`${spans.bundleKey} = (select ${bundleKeys.id} from ${bundleKeys} where ${bundleKeys.bundleId} = ${bundleId})`;
}

/** The bundle's key for its span rows, created on first use (the parse's first insert). */
export async function bundleKeyFor(db: Db, bundleId: string): Promise<number> {
  await db.insert(bundleKeys).values({ bundleId }).onConflictDoNothing();
  const [row] = await db.select({ id: bundleKeys.id }).from(bundleKeys).where(eq(bundleKeys.bundleId, bundleId));
  if (!row) throw new Error(`no span key for bundle ${bundleId}`);
  return row.id;
}

/** What the timeline skeleton needs of a span. */
export interface SkeletonSpanRow {
  pos: number;
  depth: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  parentSeq: number | null;
  service: string;
  name: string;
  startUs: number;
  durationUs: number;
  error: boolean;
}

/**
 * A bundle's spans in `pos` order, a page at a time: keyset pages over the (bundle_key, pos) index,
 * so memory stays at one page however many spans there are (a Postgres cursor later). Call after
 * the layout pass: spans without a position are not read.
 */
export async function* readSkeletonSpans(db: Db, bundleId: string, pageSize = 10_000): AsyncGenerator<SkeletonSpanRow[]> {
  let after = -1;
  for (;;) {
    const page = (await db
      .select({
        pos: spans.pos,
        depth: spans.depth,
        traceId: spans.traceId,
        spanId: spans.spanId,
        parentSpanId: spans.parentSpanId,
        parentSeq: spans.parentSeq,
        service: spans.service,
        name: spans.name,
        startUs: spans.startUs,
        durationUs: spans.durationUs,
        error: spans.error,
      })
      .from(spans)
      .where(and(spansOf(bundleId), gt(spans.pos, after)))
      .orderBy(asc(spans.pos))
      .limit(pageSize)) as SkeletonSpanRow[];
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.pos;
  }
}

/** Positions of spans whose attributes, events or status message contain `text` (case-insensitive). */
export async function searchSpanPositions(db: Db, bundleId: string, text: string, limit: number): Promise<number[]> {
  const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .select({ pos: spans.pos })
    .from(spans)
    .where(
      and(
        spansOf(bundleId),
        or(
          sql`lower(cast(${spans.attributes} as text)) like ${like} escape '\\'`,
          sql`lower(coalesce(${spans.statusMessage}, '')) like ${like} escape '\\'`,
          sql`lower(cast(${spans.events} as text)) like ${like} escape '\\'`,
        ),
      ),
    )
    .orderBy(asc(spans.pos))
    .limit(limit);
  return rows.map((r) => r.pos!);
}

/** The span at tree position `pos`, or undefined. */
export async function findSpanAt(db: Db, bundleId: string, pos: number) {
  const [row] = await db
    .select({
      pos: spans.pos,
      traceId: spans.traceId,
      spanId: spans.spanId,
      parentSpanId: spans.parentSpanId,
      service: spans.service,
      name: spans.name,
      kind: spans.kind,
      startUs: spans.startUs,
      durationUs: spans.durationUs,
      error: spans.error,
      errorCode: spans.errorCode,
      statusMessage: spans.statusMessage,
      attributes: spans.attributes,
      events: spans.events,
      links: spans.links,
    })
    .from(spans)
    .where(and(spansOf(bundleId), eq(spans.pos, pos)))
    .limit(1);
  return row;
}

// Single-span lookups by id (a span link cited in a note or task).

export interface SpanFacts {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  durationUs: number;
  error: boolean;
  errorCode: string | null;
}

export async function findSpanFacts(db: Db, bundleId: string, spanId: string, traceId: string | null): Promise<SpanFacts | null> {
  const where = traceId
    ? and(spansOf(bundleId), eq(spans.spanId, spanId), eq(spans.traceId, traceId))
    : and(spansOf(bundleId), eq(spans.spanId, spanId));
  const rows = (await db
    .select({ traceId: spans.traceId, spanId: spans.spanId, service: spans.service, name: spans.name, durationUs: spans.durationUs, error: spans.error, errorCode: spans.errorCode })
    .from(spans)
    .where(where)
    .limit(1)) as SpanFacts[];
  return rows[0] ? { ...rows[0], durationUs: Number(rows[0].durationUs), error: !!rows[0].error } : null;
}

/**
 * Connection settings for a bulk load of spans (a larger page cache for the indexes); returns
 * the function that restores them. SQLite only: a connection pragma; nothing on PostgreSQL.
 */
export function bulkLoadSettings(db: AppDb): () => void {
  if (dialectOf(db) !== 'sqlite') return () => {};
  const before = db.$client.pragma('cache_size', { simple: true }) as number;
  db.$client.pragma('cache_size = -131072');
  return () => {
    db.$client.pragma(`cache_size = ${Number(before)}`);
  };
}
