// GET /api/bundles/:id/series?from=&to=&width=: the snapshot charts' data for a time range,
// downsampled on the server to about `width` pixels.
import { getDb } from '@/lib/server/db';
import { snapshotView } from '@/lib/trace-view/snapshot-view';
import { parsedBundleFor, type BundleRouteContext } from '../access';

function num(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const q = new URL(request.url).searchParams;
  return Response.json(await snapshotView(getDb(), bundle.id, { from: num(q.get('from')), to: num(q.get('to')), width: num(q.get('width')) }));
}
