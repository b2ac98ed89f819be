// A parsed bundle's snapshot series, as stored at parse.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { series, type SeriesRow } from '../schema';

export async function listBundleSeries(db: Db, bundleId: string): Promise<SeriesRow[]> {
  return (await db.select().from(series).where(eq(series.bundleId, bundleId)).orderBy(asc(series.idx))) as SeriesRow[];
}
