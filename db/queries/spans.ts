// Spans of a parsed bundle: the bulk load of a parse, the tree-layout pass, and the reads behind
// the timeline (a paged reader in `pos` order, attribute search, one span's detail).
import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { dialectOf, withTransaction, type AppDb, type Db } from '../client';
import { spans } from '../schema';

export type NewSpanRow = typeof spans.$inferInsert;

const SPAN_COLUMNS = [
  'bundle_id', 'seq', 'trace_id', 'span_id', 'parent_span_id', 'service', 'name', 'kind', 'start_us', 'duration_us',
  'error', 'error_code', 'status_message', 'attributes', 'events', 'links',
] as const;

const prepared = new WeakMap<Database.Database, { insert: Database.Statement; layout: Database.Statement }>();

// sqlite-only: prepared statements on the better-sqlite3 handle. A parse writes up to a million
// spans, and at that volume the query builder costs more than SQLite itself.
function statementsFor(db: Db) {
  const client = (db as AppDb).$client;
  let s = prepared.get(client);
  if (!s) {
    s = {
      insert: client.prepare(`insert into spans (${SPAN_COLUMNS.join(', ')}) values (${SPAN_COLUMNS.map(() => '?').join(', ')})`),
      layout: client.prepare('update spans set pos = ?, depth = ?, subtree_size = ?, parent_seq = ? where bundle_id = ? and seq = ?'),
    };
    prepared.set(client, s);
  }
  return s;
}

/** Inserts one batch of spans, all or nothing (in the caller's transaction, or its own). */
export async function insertSpans(db: Db, rows: NewSpanRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (dialectOf(db) === 'postgres') {
    // Correct but slow stand-in: the `pg` helper replaces it with COPY or `unnest`.
    await withTransaction(db, async (tx) => {
      for (let i = 0; i < rows.length; i += 1000) await tx.insert(spans).values(rows.slice(i, i + 1000));
    });
    return;
  }
  await withTransaction(db, async () => {
    const { insert } = statementsFor(db);
    for (const r of rows) {
      insert.run(
        r.bundleId, r.seq, r.traceId, r.spanId, r.parentSpanId ?? null, r.service, r.name, r.kind, r.startUs, r.durationUs,
        r.error ? 1 : 0, r.errorCode ?? null, r.statusMessage ?? null, JSON.stringify(r.attributes), JSON.stringify(r.events), JSON.stringify(r.links),
      );
    }
  });
}

/** The tree layout of spans `from`..`to`-1 (by seq): columns indexed by seq, parentSeq -1 for none. */
export interface SpanLayoutColumns {
  pos: ArrayLike<number>;
  depth: ArrayLike<number>;
  subtreeSize: ArrayLike<number>;
  parentSeq: ArrayLike<number>;
}

/** Writes the layout (pos, depth, subtree size, parent) of spans with seq in [from, to), in one transaction. */
export async function updateSpanLayout(db: Db, bundleId: string, layout: SpanLayoutColumns, from: number, to: number): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    // Correct but slow stand-in: the `pg` helper replaces it with one `update … from unnest(…)`.
    await withTransaction(db, async (tx) => {
      for (let seq = from; seq < to; seq++) {
        const p = layout.parentSeq[seq]!;
        await tx
          .update(spans)
          .set({ pos: layout.pos[seq], depth: layout.depth[seq], subtreeSize: layout.subtreeSize[seq], parentSeq: p >= 0 ? p : null })
          .where(and(eq(spans.bundleId, bundleId), eq(spans.seq, seq)));
      }
    });
    return;
  }
  await withTransaction(db, async () => {
    const { layout: statement } = statementsFor(db);
    for (let seq = from; seq < to; seq++) {
      const p = layout.parentSeq[seq]!;
      statement.run(layout.pos[seq], layout.depth[seq], layout.subtreeSize[seq], p >= 0 ? p : null, bundleId, seq);
    }
  });
}

/** What the timeline skeleton needs of a span. */
export interface SkeletonSpanRow {
  pos: number;
  depth: number;
  subtreeSize: number;
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
 * A bundle's spans in `pos` order, a page at a time: keyset pages over the (bundle_id, pos) index,
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
        subtreeSize: spans.subtreeSize,
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
      .where(and(eq(spans.bundleId, bundleId), gt(spans.pos, after)))
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
        eq(spans.bundleId, bundleId),
        or(
          sql`lower(${spans.attributes}) like ${like} escape '\\'`,
          sql`lower(coalesce(${spans.statusMessage}, '')) like ${like} escape '\\'`,
          sql`lower(${spans.events}) like ${like} escape '\\'`,
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
    .where(and(eq(spans.bundleId, bundleId), eq(spans.pos, pos)))
    .limit(1);
  return row;
}
