// Polls until a condition holds, for tests that wait on another process or a background job.

/**
 * Calls `check` every `everyMs` until it returns a truthy value (awaited when it is a promise),
 * and returns that value; throws "timed out waiting for <what>" after `timeoutMs`.
 */
export async function until<T>(
  what: string,
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
