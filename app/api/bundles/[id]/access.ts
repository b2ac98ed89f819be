// Shared guard of the bundle-contents endpoints: a signed-in engineer, lead or admin, and a bundle
// whose contents were parsed (which implies confirmed consent). Managers never get contents.
import type { Bundle } from '@/db/schema';
import { findBundle } from '@/db/queries/bundles';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';

export async function parsedBundleFor(request: Request, id: string): Promise<Bundle | Response> {
  const user = await authenticateRequest(request, 'bundle:contents');
  if (user instanceof Response) return user;
  const bundle = await findBundle(getDb(), id);
  if (!bundle) return Response.json({ error: `No bundle ${id}.` }, { status: 404 });
  if (bundle.parseState !== 'parsed' || !bundle.consentConfirmedAt) {
    return Response.json({ error: `Bundle ${id} is not parsed (${bundle.parseState}): its contents are not available.` }, { status: 409 });
  }
  return bundle;
}

export type BundleRouteContext = { params: Promise<{ id: string }> };
