// Failed sign-in counters per key; the policy that reads them is lib/auth/throttle.ts.
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { signInThrottle } from '../schema';

export type ThrottleRow = typeof signInThrottle.$inferSelect;

export async function readThrottle(db: Db, keys: string[]): Promise<ThrottleRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(signInThrottle).where(inArray(signInThrottle.key, keys));
}

export async function writeThrottle(db: Db, row: ThrottleRow): Promise<void> {
  await db
    .insert(signInThrottle)
    .values(row)
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: { failures: row.failures, windowStart: row.windowStart, lockedUntil: row.lockedUntil },
    });
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
