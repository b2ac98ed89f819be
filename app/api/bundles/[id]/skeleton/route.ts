// GET /api/bundles/:id/skeleton: the timeline skeleton (binary, see lib/trace-view/skeleton.ts),
// gzipped as stored; the browser inflates it with DecompressionStream, off the main thread.
import { defineRoute } from '@/lib/server/route';
import { skeletonGz } from '@/lib/trace-view/store';
import { bundleParams, parsedBundle } from '../access';

export const GET = defineRoute({ permission: 'bundle:contents', params: bundleParams }, async ({ db, params }) => {
  const bundle = await parsedBundle(db, params.id);
  const gz = await skeletonGz(db, bundle.id);
  return new Response(new Uint8Array(gz), {
    headers: {
      'content-type': 'application/gzip',
      'content-length': String(gz.length),
      'cache-control': 'private, max-age=3600, no-transform',
    },
  });
});
