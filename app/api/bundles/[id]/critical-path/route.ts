// GET /api/bundles/:id/critical-path?trace=k: positions on the critical path of the bundle's
// trace k, computed once on the server and cached with the bundle's derived data.
import { z } from 'zod';
import { queryOr400, wholeNumber } from '@/lib/http/query';
import { getDb } from '@/lib/server/db';
import { criticalPathOf } from '@/lib/trace-view/store';
import { parsedBundleFor, type BundleRouteContext } from '../access';

const criticalPathQuery = z.object({ trace: wholeNumber(0, 1_000_000) });

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const query = queryOr400(criticalPathQuery, request);
  if (query instanceof Response) return query;
  const { trace } = query;
  return Response.json({ trace, positions: await criticalPathOf(getDb(), bundle.id, trace) }, { headers: { 'cache-control': 'private, max-age=3600' } });
}
