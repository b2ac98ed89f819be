// GET /api/bundles/:id/critical-path?trace=k: positions on the critical path of the bundle's
// trace k, computed once on the server and cached with the bundle's derived data.
import { getDb } from '@/lib/server/db';
import { criticalPathOf } from '@/lib/trace-view/store';
import { parsedBundleFor, type BundleRouteContext } from '../access';

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const trace = Number(new URL(request.url).searchParams.get('trace'));
  if (!Number.isInteger(trace) || trace < 0) return Response.json({ error: 'trace must be a whole number' }, { status: 400 });
  return Response.json({ trace, positions: await criticalPathOf(getDb(), bundle.id, trace) }, { headers: { 'cache-control': 'private, max-age=3600' } });
}
