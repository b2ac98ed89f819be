// Failed sign-in counters per key; the policy that reads them is lib/auth/throttle.ts.
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { signInThrottle } from '../schema';

export type ThrottleRow = typeof signInThrottle.$inferSelect;

export function readThrottle(db: Db, keys: string[]): ThrottleRow[] {
  if (keys.length === 0) return [];
  return db.select().from(signInThrottle).where(inArray(signInThrottle.key, keys)).all();
}

export function writeThrottle(db: Db, row: ThrottleRow): void {
  db.insert(signInThrottle)
    .values(row)
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: { failures: row.failures, windowStart: row.windowStart, lockedUntil: row.lockedUntil },
    })
    .run();
}

export function clearThrottle(db: Db, key: string): void {
  db.delete(signInThrottle).where(eq(signInThrottle.key, key)).run();
}
