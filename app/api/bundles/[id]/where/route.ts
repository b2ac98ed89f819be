// GET /api/bundles/:id/where: whether the console already has a bundle with this id, and on which
// ticket (the ticket page's pre-upload check asks before sending the file).
import { findBundle } from '@/db/queries/bundles';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';
import type { BundleRouteContext } from '../access';

export async function GET(request: Request, { params }: BundleRouteContext) {
  const user = await authenticateRequest(request, 'bundle:upload');
  if (user instanceof Response) return user;
  const bundle = await findBundle(getDb(), (await params).id);
  if (!bundle) return Response.json({ known: false });
  return Response.json({ known: true, ticketId: bundle.ticketId, fileName: bundle.fileName, state: bundle.state });
}
