// Runs before every request: security headers with a fresh CSP nonce, and the path for the
// sign-in redirect. Not an access check: pages, actions and route handlers check for themselves.
import { NextResponse, type NextRequest } from 'next/server';
import { checkPageQuery } from '@/lib/http/page-queries';

function badRequest(message: string): Response {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><meta charset="utf-8"><title>Bad request</title><body style="font-family:system-ui;margin:3rem"><h1>Bad request</h1><p>${escaped}</p><p><a href="/">Back to the console</a></p></body>`;
  return new Response(html, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' } });
}

/** True when every %-escape in the path decodes: Next.js answers 500 on a malformed one. */
function pathDecodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  if (!pathDecodes(request.nextUrl.pathname)) return badRequest('The address has a malformed %-escape; check the link.');
  const query = checkPageQuery(request.nextUrl.pathname, request.nextUrl.searchParams);
  if (!query.ok) return badRequest(query.error);
  const nonce = btoa(crypto.randomUUID());
  const dev = process.env.NODE_ENV !== 'production';
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-x400-path', request.nextUrl.pathname + request.nextUrl.search);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', csp);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  if (https) response.headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
  return response;
}

// Route handlers under /api are left out: a proxy would buffer request bodies (10 MB cap), and
// uploads stream. Their headers come from next.config.js.
export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' }],
};
