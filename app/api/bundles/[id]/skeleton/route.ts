// GET /api/bundles/:id/skeleton: the timeline skeleton (binary, see lib/trace-view/skeleton.ts),
// sent as stored, gzipped, with `Content-Encoding: gzip`: the browser's network stack inflates it
// on its own thread, outside the page's CPU budget, and the page's worker gets the raw bytes.
// Next.js drops a route's own Content-Encoding header, so next.config.js sets it for this path,
// on every answer: error answers are gzipped here too.
import { gzipSync } from 'node:zlib';
import { defineRoute, type RouteHandler } from '@/lib/server/route';
import { skeletonGz } from '@/lib/trace-view/store';
import { bundleParams, parsedBundle } from '../access';

const route = defineRoute({ permission: 'bundle:contents', params: bundleParams }, async ({ db, params }) => {
  const bundle = await parsedBundle(db, params.id);
  const gz = await skeletonGz(db, bundle.id);
  return new Response(new Uint8Array(gz), { headers: { 'content-type': 'application/octet-stream' } });
});

export const GET: RouteHandler = Object.assign(
  async (...args: Parameters<RouteHandler>): Promise<Response> => {
    const response = await route(...args);
    if (response.ok) return response;
    // A short JSON error: gzipped to match the path's Content-Encoding.
    const body = gzipSync(Buffer.from(await response.arrayBuffer()));
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(new Uint8Array(body), { status: response.status, headers });
  },
  { permission: route.permission },
);
