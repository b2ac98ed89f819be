// Personal-data findings of a bundle, grouped for people: one row per category and entry with a
// count, instead of hundreds of single rows.
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bundleFindings } from '../schema';

export interface FindingGroup {
  category: string;
  entry: string;
  count: number;
}

/** Findings of a bundle counted by category and entry, largest groups first. */
export async function countFindingsByGroup(db: Db, bundleId: string): Promise<FindingGroup[]> {
  const n = sql<number>`count(*)`.mapWith(Number);
  const rows = await db
    .select({ category: bundleFindings.category, entry: bundleFindings.entry, count: n })
    .from(bundleFindings)
    .where(eq(bundleFindings.bundleId, bundleId))
    .groupBy(bundleFindings.category, bundleFindings.entry)
    .orderBy(desc(n), asc(bundleFindings.category), asc(bundleFindings.entry));
  return rows;
}
