// Admin-editable settings: one JSON value per key.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema';

export async function readSetting(db: Db, key: string): Promise<unknown> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).limit(1);
  return row?.value;
}

export async function readSettings(db: Db, keys: string[]): Promise<Map<string, unknown>> {
  const rows = await db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, keys));
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeSetting(db: Db, key: string, value: unknown, byId: string | null, now: Date): Promise<void> {
  await db.insert(settings)
    .values({ key, value, updatedAt: now, updatedById: byId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedById: byId } });
}

/** Reads one row's worth of nothing: proves the database answers (the readiness probe). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.select({ one: sql<number>`1` }).from(settings).limit(1);
}
