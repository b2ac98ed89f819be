// Conditional GETs of cached, unchanging answers (the timeline skeleton, critical paths).

/**
 * True when the request's If-None-Match names `tag` (RFC 9110 §13.1.2: a list, weak comparison,
 * so a tag a proxy or the compression weakened to W/"…" still matches; `*` matches any).
 */
export function ifNoneMatch(request: Request, tag: string): boolean {
  const header = request.headers.get('if-none-match');
  if (!header) return false;
  return header.split(',').some((t) => {
    const candidate = t.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === tag;
  });
}

/** The 304 answer to a matching conditional GET. */
export function notModified(tag: string): Response {
  return new Response(null, { status: 304, headers: { etag: tag } });
}
