// Cross-site request refusal for cookie-authenticated route handlers. Server actions get this from
// Next.js; route handlers do not, and a session cookie is sent by the browser on a form post or a
// no-cors fetch from any page on the same site (another port of the same host is the same site).
// Bearer-token requests carry no ambient credential and are not checked here.
import { consoleHost } from './origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Content types a cookie-authenticated write may use: JSON, multipart, or a raw archive (the
 * ticket page's uploader). `text/plain` and url-encoded forms are what another site can send. */
const WRITE_TYPES = ['application/json', 'multipart/form-data', 'application/zip', 'application/octet-stream'];

/** The console's own host as the browser addressed it (lib/http/origin.ts), or the URL's. */
function ownHost(request: Request): string | null {
  const host = consoleHost(request.headers);
  if (host) return host;
  try {
    return new URL(request.url).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Why a cookie-authenticated request must be refused as cross-site, or null when it may proceed. */
export function crossSiteProblem(request: Request): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return `Refused: this request came from another site (${fetchSite}). Use the console itself, or an API token.`;
  }
  const origin = request.headers.get('origin');
  if (origin !== null) {
    let originHost: string | null = null;
    try {
      originHost = origin === 'null' ? null : new URL(origin).host.toLowerCase();
    } catch {
      originHost = null;
    }
    if (!originHost || originHost !== ownHost(request)) {
      return 'Refused: this request came from another origin. Use the console itself, or an API token.';
    }
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!WRITE_TYPES.includes(type)) {
    return `Refused: send ${WRITE_TYPES.slice(0, 2).join(' or ')} (got ${type || 'no content type'}).`;
  }
  return null;
}
