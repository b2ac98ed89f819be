// GET /api/ingest/bundles/[bundleId]: a bundle's parse state and progress (polled while parsing).
import { z } from 'zod';
import { findBundle } from '@/db/queries/bundles';
import { AppError } from '@/lib/errors';
import { defineRoute } from '@/lib/server/route';

export const GET = defineRoute({ permission: 'ticket:read', params: z.object({ bundleId: z.string() }) }, async ({ db, params }) => {
  const bundle = await findBundle(db, params.bundleId);
  if (!bundle) throw new AppError('NOT_FOUND', 'No such bundle.');
  return { id: bundle.id, parseState: bundle.parseState, progress: bundle.parseProgress, error: bundle.parseError, spanCount: bundle.spanCount };
});
