// The console's own address as the browser used it: the Host (or a proxy's X-Forwarded-Host) and
// the scheme (X-Forwarded-Proto). Read for links sent out (webhooks), the CSRF check, and
// whether the session cookie must be Secure.

/** The first value of a comma-separated forwarded header. */
function first(value: string | null): string | null {
  const v = value?.split(',')[0]?.trim();
  return v ? v : null;
}

/** `host[:port]` in lower case, or null when the request names none. */
export function consoleHost(h: Headers): string | null {
  return (first(h.get('x-forwarded-host')) ?? first(h.get('host')))?.toLowerCase() ?? null;
}

/** True when a proxy says the browser came over HTTPS. */
export function viaHttps(h: Headers): boolean {
  return first(h.get('x-forwarded-proto')) === 'https';
}

/** `proto://host` of the console, for links in messages sent elsewhere; null without a host. */
export function consoleBaseUrl(h: Headers): string | null {
  const host = consoleHost(h);
  if (!host) return null;
  return `${first(h.get('x-forwarded-proto')) ?? 'http'}://${host}`;
}
