// GET /api/bundles/:id/series?from=&to=&width=: the snapshot charts' data for a time range,
// downsampled on the server to about `width` pixels.
import { z } from 'zod';
import { decimalNumber, queryOr400, wholeNumber } from '@/lib/http/query';
import { getDb } from '@/lib/server/db';
import { snapshotView } from '@/lib/trace-view/snapshot-view';
import { parsedBundleFor, type BundleRouteContext } from '../access';

const seriesQuery = z.object({ from: decimalNumber(-1e15, 1e15).optional(), to: decimalNumber(-1e15, 1e15).optional(), width: wholeNumber(1, 10_000).optional() });

export async function GET(request: Request, { params }: BundleRouteContext) {
  const bundle = await parsedBundleFor(request, (await params).id);
  if (bundle instanceof Response) return bundle;
  const q = queryOr400(seriesQuery, request);
  if (q instanceof Response) return q;
  return Response.json(await snapshotView(getDb(), bundle.id, q));
}
