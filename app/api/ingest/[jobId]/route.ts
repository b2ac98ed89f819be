// GET /api/ingest/[jobId]: an upload's processing state and progress, for the progress bar.
import { findIngestJob } from '@/db/queries/bundles';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';

export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const user = await authenticateRequest(request, 'ticket:read');
  if (user instanceof Response) return user;
  const job = await findIngestJob(getDb(), (await params).jobId);
  if (!job) return Response.json({ state: 'unknown' }, { status: 404 });
  return Response.json({
    id: job.id,
    state: job.state,
    stage: job.stage,
    progress: job.progress,
    problemCode: job.problemCode,
    problem: job.problem,
    bundleId: job.bundleId,
  });
}
