// Admin-editable settings: one JSON value per key.
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { settings } from '../schema';

export function readSetting(db: Db, key: string): unknown {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;
}

export function readSettings(db: Db, keys: string[]): Map<string, unknown> {
  const rows = db.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, keys)).all();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export function writeSetting(db: Db, key: string, value: unknown, byId: string | null, now: Date): void {
  db.insert(settings)
    .values({ key, value, updatedAt: now, updatedById: byId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedById: byId } })
    .run();
}
