// Where to send a user after sign-in: only a path on the console's own origin, resolved the way a
// browser will resolve it (`/\evil`, `/%5Cevil`, `/<TAB>/evil` all leave the origin once resolved).
const BASE = 'http://console.invalid';

/** A same-origin path (with query and hash) for `next`, or '/' when it would leave the origin. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || next === '' || !next.startsWith('/')) return '/';
  let resolved: URL;
  try {
    resolved = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (resolved.origin !== BASE) return '/';
  // Decoded backslashes and repeated slashes are resolved again by some clients: refuse them.
  const path = resolved.pathname;
  if (/^\/[\\/]/.test(path) || /^\/[\\/]/.test(safeDecode(path))) return '/';
  if (path === '/login' || path.startsWith('/login/')) return '/';
  return path + resolved.search + resolved.hash;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
