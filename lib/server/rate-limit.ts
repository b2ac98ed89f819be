// In-process rate limits (sliding window) for uploads and API-token calls; sign-in has its own
// persistent throttle (lib/auth/throttle.ts). One server process, so memory is the right place.
const windows = new Map<string, number[]>();

export const LIMITS = {
  upload: { max: 30, windowMs: 60_000 },
  apiToken: { max: 600, windowMs: 60_000 },
  reports: { max: 30, windowMs: 60_000 },
} as const;

/** Records a hit; returns the seconds to wait when the key is over its limit, else null. */
export function hitRateLimit(key: string, limit: { max: number; windowMs: number }, now = Date.now()): number | null {
  const since = now - limit.windowMs;
  const hits = (windows.get(key) ?? []).filter((t) => t > since);
  if (hits.length >= limit.max) {
    windows.set(key, hits);
    return Math.max(1, Math.ceil((hits[0]! + limit.windowMs - now) / 1000));
  }
  hits.push(now);
  windows.set(key, hits);
  return null;
}

export function tooManyRequests(retryAfter: number, what: string): Response {
  return Response.json({ error: `Too many ${what}: try again in ${retryAfter} s.` }, { status: 429, headers: { 'retry-after': String(retryAfter) } });
}
