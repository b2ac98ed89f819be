// One schema, two dialects: what every query relies on, checked on the active backend (SQLite in
// memory, and PostgreSQL in the suite's second pass).
import { eq, sql } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { auditLog, bundleDerived, bundles, spans, tickets, users } from '@/db/schema';
import { bundleKeyFor } from '@/db/queries/spans';
import * as pgSchema from '@/db/schema.pg';
import * as sqliteSchema from '@/db/schema.sqlite';
import { testDb } from '../helpers';

const tableNames = Object.keys(sqliteSchema).filter((k) => k !== 'sqliteKit') as (keyof typeof sqliteSchema & keyof typeof pgSchema)[];

describe('the two schemas', () => {
  it('name every table, column, index and key alike (operators query them)', () => {
    expect(tableNames.length).toBeGreaterThanOrEqual(18);
    for (const key of tableNames) {
      const lite = sqliteTableConfig(sqliteSchema[key] as unknown as SQLiteTable);
      const pg = pgTableConfig(pgSchema[key] as unknown as PgTable);
      expect(pg.name, key).toBe(lite.name);
      expect(pg.columns.map((c) => [c.name, c.notNull, c.primary]), key).toEqual(lite.columns.map((c) => [c.name, c.notNull, c.primary]));
      expect(pg.indexes.map((i) => i.config.name).sort(), key).toEqual(lite.indexes.map((i) => i.config.name).sort());
      expect(pg.foreignKeys.length, key).toBe(lite.foreignKeys.length);
      expect(pg.primaryKeys.map((k) => k.columns.map((c) => c.name)), key).toEqual(lite.primaryKeys.map((k) => k.columns.map((c) => c.name)));
    }
  });
});

async function seedTicket(db: Awaited<ReturnType<typeof testDb>>, createdAt: Date) {
  const [row] = await db
    .insert(tickets)
    .values({ customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 's', components: ['mta', 'queue'], reportedAt: ['2026-11-26T21:40:00Z'], createdAt, updatedAt: createdAt })
    .returning();
  return row!;
}

describe('values round-trip the same on the active backend', () => {
  it('instants as Dates (epoch ms), JSON lists, numbered ids from 1', async () => {
    const db = await testDb();
    const at = new Date('2026-11-26T21:40:00.123Z');
    const first = await seedTicket(db, at);
    const second = await seedTicket(db, new Date(at.getTime() + 1));
    expect([first.id, second.id]).toEqual([1, 2]);
    const [read] = await db.select().from(tickets).where(eq(tickets.id, first.id));
    expect(read!.createdAt).toEqual(at);
    expect(read!.acknowledgedAt).toBeNull();
    expect(read!.components).toEqual(['mta', 'queue']);
  });

  it('raw SQL compares an instant column with epoch milliseconds, and counts come back as numbers', async () => {
    const db = await testDb();
    const at = new Date('2026-11-26T21:40:00.000Z');
    await seedTicket(db, at);
    await seedTicket(db, new Date(at.getTime() + 60_000));
    const [row] = await db
      .select({ n: sql<number>`count(*)`, latest: sql<number>`max(${tickets.createdAt})` })
      .from(tickets)
      .where(sql`${tickets.createdAt} >= ${at.getTime() + 1}`);
    expect(row).toEqual({ n: 1, latest: at.getTime() + 60_000 });
  });

  it('flags, documents, byte sizes past 2^31, microsecond times and blobs', async () => {
    const db = await testDb();
    const now = new Date();
    await db.insert(bundles).values({
      id: 'bundle-1', sha256: 'a'.repeat(64), fileName: 'trace.zip', size: 3_000_000_000, channel: 'stable', createdAt: now, ingestedAt: now,
      state: 'active', consentGranted: true, metadata: { product: 'x400', nested: { list: [1, 'two', null] } },
    });
    const [bundle] = await db.select().from(bundles).where(eq(bundles.id, 'bundle-1'));
    expect(bundle).toMatchObject({ size: 3_000_000_000, consentGranted: true, valid: true, problems: [], parseState: 'pending', parseProgress: 0 });
    expect(bundle!.metadata).toEqual({ product: 'x400', nested: { list: [1, 'two', null] } });

    await db.insert(spans).values({
      bundleKey: await bundleKeyFor(db, 'bundle-1'), seq: 0, traceId: 't', spanId: 's', service: 'gateway', name: 'deliver', kind: 'server',
      startUs: 1_764_193_200_123_456, durationUs: 5_000_000_000, error: true, attributes: { 'http.status': 503 }, events: [], links: [],
    });
    const [span] = await db.select().from(spans);
    expect(span).toMatchObject({ startUs: 1_764_193_200_123_456, durationUs: 5_000_000_000, error: true, pos: null, depth: 0, subtreeSize: 1 });

    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await db.insert(bundleDerived).values({ bundleId: 'bundle-1', key: 'skeleton', value: bytes, createdAt: now });
    const [derived] = await db.select().from(bundleDerived);
    expect(Buffer.compare(derived!.value, bytes)).toBe(0);
  });
});

/** The error a query fails with, including the driver's own (drizzle wraps Postgres errors). */
async function failure(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
    return 'no error';
  } catch (error) {
    return `${(error as Error).message} ${((error as Error).cause as Error | undefined)?.message ?? ''}`;
  }
}

describe('the audit log', () => {
  it('takes new entries but refuses to change or remove one', async () => {
    const db = await testDb();
    await db.insert(users).values({ id: 'u1', email: 'a@x.test', role: 'admin', passwordHash: 'h', createdAt: new Date(), updatedAt: new Date() });
    await db.insert(auditLog).values({ at: new Date(), actorId: 'u1', action: 'user.create', detail: { role: 'admin' } });
    expect(await failure(db.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.id, 1)))).toMatch(/append-only/);
    expect(await failure(db.delete(auditLog))).toMatch(/append-only/);
    const entries = await db.select().from(auditLog);
    expect(entries.map((e) => [e.action, e.detail])).toEqual([['user.create', { role: 'admin' }]]);
  });
});
