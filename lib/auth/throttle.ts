// Sign-in throttling. An address that keeps failing is refused for a while (per-address limit).
// An account is never locked (anyone could lock out an admin with five wrong passwords): each
// failure on it within the window only slows its next attempts down, right password included.
import type { Db } from '@/db/client';
import { clearThrottle, readThrottle, writeThrottle } from '@/db/queries/throttle';

export const THROTTLE_POLICY = {
  windowMs: 15 * 60_000,
  /** How long an address that failed too often is refused. */
  lockMs: 15 * 60_000,
  addressFailures: 20,
  /** Failures on an account before its attempts are slowed down, and by how much at most. */
  accountFreeFailures: 3,
  accountMaxDelayMs: 8_000,
} as const;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** When sign-in from this address opens again, or null. */
export async function addressLockedUntil(db: Db, ip: string, now: Date): Promise<Date | null> {
  const [row] = await readThrottle(db, [addressKey(ip)]);
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** How long to slow an attempt on this account down: doubling from 500 ms per failure past the
 * free ones in the window, at most accountMaxDelayMs. */
export async function accountDelayMs(db: Db, email: string, now: Date): Promise<number> {
  const [row] = await readThrottle(db, [accountKey(email)]);
  if (!row || now.getTime() - row.windowStart.getTime() > THROTTLE_POLICY.windowMs) return 0;
  const over = row.failures - THROTTLE_POLICY.accountFreeFailures;
  return over <= 0 ? 0 : Math.min(THROTTLE_POLICY.accountMaxDelayMs, 500 * 2 ** (over - 1));
}

export async function recordSignInFailure(db: Db, keys: string[], now: Date): Promise<void> {
  const existing = new Map((await readThrottle(db, keys)).map((r) => [r.key, r]));
  for (const key of keys) {
    const row = existing.get(key);
    const fresh = !row || now.getTime() - row.windowStart.getTime() > THROTTLE_POLICY.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const locks = key.startsWith('address:') && failures >= THROTTLE_POLICY.addressFailures;
    await writeThrottle(db, {
      key,
      failures,
      windowStart: fresh ? now : row.windowStart,
      lockedUntil: locks ? new Date(now.getTime() + THROTTLE_POLICY.lockMs) : (row?.lockedUntil ?? null),
    });
  }
}

export async function recordSignInSuccess(db: Db, email: string): Promise<void> {
  await clearThrottle(db, accountKey(email));
}
