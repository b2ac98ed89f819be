// Request rate limits (uploads, reports, API calls, anonymous callers), on rate-limiter-flexible:
// in memory for the embedded database (keys expire with their window, so memory stays bounded by
// the callers of one window), in PostgreSQL when X400_DATABASE_URL is set, so every instance
// counts the same hits. Sign-in has its own persistent throttle (lib/auth/throttle.ts).
// Keys are a resolved user or token id, or the client address for anonymous requests: never a
// token that was not checked (each bogus token would be a key of its own).
import 'server-only';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { poolOf } from '@/db/client';
import { usesPostgres } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { getDb } from './db';

export const LIMITS = {
  upload: { points: 30, duration: 60 },
  apiToken: { points: 600, duration: 60 },
  reports: { points: 30, duration: 60 },
  /** Requests without a valid session or token, per client address (bogus tokens included). */
  anonymous: { points: 120, duration: 60 },
  /** The customer's confirmation page (opening and using a link), per client address. */
  confirmLink: { points: 20, duration: 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

const holder = globalThis as unknown as { __x400Limiters?: Map<LimitName, RateLimiterAbstract> };

function limiter(name: LimitName): RateLimiterAbstract {
  holder.__x400Limiters ??= new Map();
  let found = holder.__x400Limiters.get(name);
  if (!found) {
    const opts = { keyPrefix: `x400_${name}`, ...LIMITS[name] };
    if (usesPostgres()) {
      found = new RateLimiterPostgres({ ...opts, storeClient: poolOf(getDb()), tableName: 'rate_limits', clearExpiredByTimeout: true, insuranceLimiter: new RateLimiterMemory(opts) });
    } else {
      found = new RateLimiterMemory(opts);
    }
    holder.__x400Limiters.set(name, found);
  }
  return found;
}

/** Records a hit on `key` under the named limit; the seconds to wait when it is over, else null. */
export async function rateLimit(name: LimitName, key: string): Promise<number | null> {
  try {
    await limiter(name).consume(key);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** Forgets every count (tests). */
export function resetRateLimits(): void {
  holder.__x400Limiters?.clear();
}

/** Records a hit; throws RATE_LIMITED (with the seconds to wait) when `key` is over the limit. */
export async function enforceRateLimit(name: LimitName, key: string, what: string): Promise<void> {
  const wait = await rateLimit(name, key);
  if (wait !== null) throw new AppError('RATE_LIMITED', `Too many ${what}: try again in ${wait} s.`, { retryAfter: wait });
}
