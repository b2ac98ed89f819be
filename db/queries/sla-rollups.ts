// The stored SLA report contributions of stopped tickets, one row per local day (table
// sla_day_rollups; lib/reports/sla.ts). Database triggers delete a day's row whenever a stopped
// ticket of that day or one of its pauses changes, and bump sla_rollup_version; a report stores
// what it worked out only if the version is still the one it read before reading the tickets.
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { withTransaction, type Db } from '../client';
import { slaDayRollups, slaRollupVersion } from '../schema';

export interface SlaDayRollupRow {
  day: number;
  /** The day's instants [lo, hi), epoch ms. */
  lo: number;
  hi: number;
  policy: string;
  /** JSON: severity → SlaStoppedSummary of that day's stopped tickets. */
  summary: string;
}

/** The current version (read it before reading the tickets a rollup is worked out from). */
export async function slaRollupVersionNow(db: Db): Promise<number> {
  const [row] = await db.select({ version: slaRollupVersion.version }).from(slaRollupVersion).where(eq(slaRollupVersion.id, 1));
  if (row) return Number(row.version);
  // The migration creates the row; put it back if someone emptied the table.
  await db.insert(slaRollupVersion).values({ id: 1, version: 0 }).onConflictDoNothing();
  return slaRollupVersionNow(db);
}

/** Stored rollups of the local days fromDay..toDay (inclusive), by day. */
export async function readSlaDayRollups(db: Db, fromDay: number, toDay: number): Promise<Map<number, SlaDayRollupRow>> {
  const rows = await db.select().from(slaDayRollups).where(and(gte(slaDayRollups.day, fromDay), lte(slaDayRollups.day, toDay)));
  return new Map(rows.map((r) => [r.day, r]));
}

/**
 * Stores (inserts or replaces) rollups worked out from tickets read at `version`, in one
 * transaction, unless a ticket or pause changed since (the version moved): returns whether they
 * were stored. Taking the version row's lock first makes a concurrent change wait for this
 * transaction, so its trigger then deletes what was stored here.
 */
export async function writeSlaDayRollups(db: Db, rows: SlaDayRollupRow[], version: number): Promise<boolean> {
  if (rows.length === 0) return true;
  return withTransaction(db, async (tx) => {
    const held = await tx
      .update(slaRollupVersion)
      .set({ version: sql`${slaRollupVersion.version}` })
      .where(and(eq(slaRollupVersion.id, 1), eq(slaRollupVersion.version, version)))
      .returning({ id: slaRollupVersion.id });
    if (held.length === 0) return false;
    for (let i = 0; i < rows.length; i += 50) {
      await tx
        .insert(slaDayRollups)
        .values(rows.slice(i, i + 50))
        .onConflictDoUpdate({
          target: slaDayRollups.day,
          set: { lo: sql`excluded.lo`, hi: sql`excluded.hi`, policy: sql`excluded.policy`, summary: sql`excluded.summary` },
        });
    }
    return true;
  });
}
