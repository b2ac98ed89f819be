// GET /api/bundles/:id/where: whether the console already has a bundle with this id, and on which
// ticket (the ticket page's pre-upload check asks before sending the file).
import { findBundle } from '@/db/queries/bundles';
import { defineRoute } from '@/lib/server/route';
import { bundleParams } from '../access';

export const GET = defineRoute({ permission: 'bundle:upload', params: bundleParams }, async ({ db, params }) => {
  const bundle = await findBundle(db, params.id);
  if (!bundle) return { known: false };
  return { known: true, ticketId: bundle.ticketId, fileName: bundle.fileName, state: bundle.state };
});
