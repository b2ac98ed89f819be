// GET /api/bundles/:id/search?q=text: positions of spans whose attributes, events or status
// message contain the text, as little-endian int32s (the name/service match runs in the browser).
import { z } from 'zod';
import { queryOr400, text } from '@/lib/http/query';
import { getDb } from '@/lib/server/db';
import { searchSpanAttributes } from '@/lib/trace-view/store';
import { parsedBundleFor, type BundleRouteContext } from '../access';

const searchQuery = z.object({ q: text(200).optional() });

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const query = queryOr400(searchQuery, request);
  if (query instanceof Response) return query;
  const q = query.q ?? '';
  const hits = await searchSpanAttributes(getDb(), bundle.id, q);
  return new Response(new Uint8Array(hits.buffer as ArrayBuffer, hits.byteOffset, hits.byteLength), { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, max-age=300' } });
}
