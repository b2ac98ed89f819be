// GET /api/bundles/:id/skeleton: the timeline skeleton (binary, see lib/trace-view/skeleton.ts),
// gzipped as stored; the browser inflates it with DecompressionStream, off the main thread.
import { getDb } from '@/lib/server/db';
import { skeletonGz } from '@/lib/trace-view/store';
import { parsedBundleFor, type BundleRouteContext } from '../access';

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const gz = await skeletonGz(getDb(), bundle.id);
  return new Response(new Uint8Array(gz), {
    headers: {
      'content-type': 'application/gzip',
      'content-length': String(gz.length),
      'cache-control': 'private, max-age=3600, no-transform',
    },
  });
}
