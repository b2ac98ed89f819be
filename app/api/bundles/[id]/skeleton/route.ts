// GET /api/bundles/:id/skeleton: the timeline skeleton (binary, see lib/trace-view/skeleton.ts);
// `?part=ids` its span ids, which the page loads after the rest. Either part is
// sent as stored, gzipped, with `Content-Encoding: gzip`: the browser's network stack inflates it
// on its own thread, outside the page's CPU budget, and the page's worker gets the raw bytes.
// Next.js drops a route's own Content-Encoding header, so next.config.js sets it for this path,
// on every answer: error answers are gzipped here too.
import { gzipSync } from 'node:zlib';
import { defineRoute, type RouteHandler } from '@/lib/server/route';
import { skeletonGz, skeletonTag } from '@/lib/trace-view/store';
import { ifNoneMatch, notModified } from '@/lib/http/etag';
import { bundleParams, parsedBundle } from '../access';

// The browser keeps it (next.config.js: `private, no-cache`) and asks again with its entity tag:
// an unchanged skeleton is a 304 after the same session, role and parse checks as a download.
const route = defineRoute({ permission: 'bundle:contents', params: bundleParams }, async ({ db, params, request }) => {
  const bundle = await parsedBundle(db, params.id);
  const part = new URL(request.url).searchParams.get('part') === 'ids' ? 'ids' : 'tree';
  const known = await skeletonTag(db, bundle.id, part);
  if (known !== null && ifNoneMatch(request, known)) return notModified(known);
  const gz = await skeletonGz(db, bundle.id, part);
  const tag = known ?? (await skeletonTag(db, bundle.id, part));
  return new Response(new Uint8Array(gz), { headers: { 'content-type': 'application/octet-stream', ...(tag ? { etag: tag } : {}) } });
});

export const GET: RouteHandler = Object.assign(
  async (...args: Parameters<RouteHandler>): Promise<Response> => {
    const response = await route(...args);
    if (response.ok || response.status === 304) return response;
    // A short JSON error: gzipped to match the path's Content-Encoding.
    const body = gzipSync(Buffer.from(await response.arrayBuffer()));
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(new Uint8Array(body), { status: response.status, headers });
  },
  { permission: route.permission },
);
