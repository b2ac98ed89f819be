// Sign-in throttling: too many failures lock the account key and the address key for a while.
import type { Db } from '@/db/client';
import { clearThrottle, readThrottle, writeThrottle } from '@/db/queries/throttle';

export const THROTTLE_POLICY = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  accountFailures: 5,
  addressFailures: 20,
} as const;

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** When sign-in is refused for any of the keys, the instant it opens again. */
export async function lockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  let until: Date | null = null;
  for (const row of await readThrottle(db, keys)) {
    if (row.lockedUntil && row.lockedUntil > now && (!until || row.lockedUntil > until)) until = row.lockedUntil;
  }
  return until;
}

export async function recordSignInFailure(db: Db, keys: string[], now: Date): Promise<void> {
  const existing = new Map((await readThrottle(db, keys)).map((r) => [r.key, r]));
  for (const key of keys) {
    const limit = key.startsWith('account:') ? THROTTLE_POLICY.accountFailures : THROTTLE_POLICY.addressFailures;
    const row = existing.get(key);
    const fresh = !row || now.getTime() - row.windowStart.getTime() > THROTTLE_POLICY.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    await writeThrottle(db, {
      key,
      failures,
      windowStart: fresh ? now : row.windowStart,
      lockedUntil: failures >= limit ? new Date(now.getTime() + THROTTLE_POLICY.lockMs) : (row?.lockedUntil ?? null),
    });
  }
}

export async function recordSignInSuccess(db: Db, email: string): Promise<void> {
  await clearThrottle(db, accountKey(email));
}
