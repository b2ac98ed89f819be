// GET /api/bundles/:id/search?q=text: positions of spans whose attributes, events or status
// message contain the text, as little-endian int32s (the name/service match runs in the browser).
import { getDb } from '@/lib/server/db';
import { searchSpanAttributes } from '@/lib/trace-view/store';
import { parsedBundleFor, type BundleRouteContext } from '../access';

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const q = new URL(request.url).searchParams.get('q') ?? '';
  if (q.length > 200) return Response.json({ error: 'q is limited to 200 characters' }, { status: 400 });
  const hits = await searchSpanAttributes(getDb(), bundle.id, q);
  return new Response(new Uint8Array(hits.buffer as ArrayBuffer, hits.byteOffset, hits.byteLength), { headers: { 'content-type': 'application/octet-stream', 'cache-control': 'private, max-age=300' } });
}
