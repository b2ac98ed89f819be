// GET /api/bundles/:id/search?q=text: positions of spans whose attributes, events or status
// message contain the text, as little-endian int32s (the name/service match runs in the browser).
import { z } from 'zod';
import { text } from '@/lib/http/query';
import { defineRoute } from '@/lib/server/route';
import { searchSpanAttributes } from '@/lib/trace-view/store';
import { bundleParams, parsedBundle } from '../access';

const searchQuery = z.object({ q: text(200).optional() });

export const GET = defineRoute({ permission: 'bundle:contents', params: bundleParams, query: searchQuery }, async ({ db, params, query }) => {
  const bundle = await parsedBundle(db, params.id);
  const hits = await searchSpanAttributes(db, bundle.id, query.q ?? '');
  return new Response(new Uint8Array(hits.buffer as ArrayBuffer, hits.byteOffset, hits.byteLength), { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, max-age=300' } });
});
