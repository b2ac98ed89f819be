// GET /api/ingest/bundles/[bundleId]: a bundle's parse state and progress (polled while parsing).
import { findBundle } from '@/db/queries/bundles';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';

export async function GET(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  const user = await authenticateRequest(request, 'ticket:read');
  if (user instanceof Response) return user;
  const bundle = await findBundle(getDb(), (await params).bundleId);
  if (!bundle) return Response.json({ error: 'No such bundle.' }, { status: 404 });
  return Response.json({ id: bundle.id, parseState: bundle.parseState, progress: bundle.parseProgress, error: bundle.parseError, spanCount: bundle.spanCount });
}
