// GET /api/ingest/[jobId]: an upload's processing state and progress, for the progress bar.
import { z } from 'zod';
import { findIngestJob } from '@/db/queries/bundles';
import { defineRoute } from '@/lib/server/route';

export const GET = defineRoute({ permission: 'ticket:read', params: z.object({ jobId: z.string() }) }, async ({ db, params }) => {
  const job = await findIngestJob(db, params.jobId);
  if (!job) return Response.json({ state: 'unknown' }, { status: 404 });
  return {
    id: job.id,
    state: job.state,
    stage: job.stage,
    progress: job.progress,
    problemCode: job.problemCode,
    problem: job.problem,
    bundleId: job.bundleId,
  };
});
