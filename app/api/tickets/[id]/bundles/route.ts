// POST /api/tickets/[id]/bundles: upload a diagnostic bundle to a ticket (multipart field
// "file", or a raw body with ?name=). Session cookie or personal API token. `?job=<uuid>` lets
// the caller poll /api/ingest/<uuid> for the processing progress while it waits.
import fs from 'node:fs';
import { z } from 'zod';
import { findIngestJob, updateIngestJob } from '@/db/queries/bundles';
import { findTicket } from '@/db/queries/tickets';
import { DEFAULT_LIMITS } from '@/lib/bundle/archive';
import { config } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { text } from '@/lib/http/query';
import { ingestBundleFile, startIngestJob } from '@/lib/ingest/service';
import { retentionPolicy, retentionStatus } from '@/lib/purge/service';
import { ingestDeps } from '@/lib/server/jobs';
import { defineRoute } from '@/lib/server/route';
import { receiveUpload } from '@/lib/server/upload';

const uploadQuery = z.object({
  name: text(1000).optional(),
  job: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID').optional(),
});
const ticketParams = z.object({ id: z.string() });

export const POST = defineRoute(
  { permission: 'bundle:upload', params: ticketParams, query: uploadQuery, rateLimit: { name: 'upload', what: 'uploads' } },
  async ({ request, user, params, query }) => {
    const ticketId = Number(params.id);
    const deps = ingestDeps();
    if (!Number.isInteger(ticketId) || !(await findTicket(deps.db, ticketId))) throw new AppError('NOT_FOUND', `Ticket ${params.id} does not exist.`);

    const jobId = query.job && !(await findIngestJob(deps.db, query.job)) ? query.job : undefined;
    // The job row exists before the body is read: the caller polls it as soon as its upload is
    // sent, which can be before the server has received the last byte.
    if (jobId) {
      await startIngestJob(deps.db, { fileName: query.name ?? 'upload', size: Number(request.headers.get('content-length') ?? 0), ticketId, source: 'upload', actor: user, instanceId: deps.instanceId }, new Date(), jobId);
    }
    const failJob = async (code: string, error: AppError) => {
      if (jobId) await updateIngestJob(deps.db, jobId, { state: 'failed', stage: 'failed', progress: 1, problemCode: code, problem: error.message.slice(0, 2000), finishedAt: new Date() });
    };
    let file;
    try {
      file = await receiveUpload(request, deps.storage, DEFAULT_LIMITS.maxArchiveBytes);
    } catch (error) {
      if (error instanceof AppError) await failJob('UPLOAD_FAILED', error);
      throw error;
    }
    try {
      if (jobId) await updateIngestJob(deps.db, jobId, { fileName: file.fileName.slice(0, 255), size: file.size });
      const outcome = await ingestBundleFile(deps, { filePath: file.path, fileName: file.fileName, ticketId, source: request.headers.get('authorization') ? 'api' : 'upload', actor: user, jobId });
      if (outcome.status === 'rejected') {
        return Response.json({ jobId: outcome.job.id, status: 'rejected', problems: outcome.problems, error: outcome.problems.map((p) => `${p.code}: ${p.message}`).join('; ') }, { status: 422 });
      }
      const elsewhere = outcome.status === 'duplicate' && outcome.bundle.ticketId !== null && outcome.bundle.ticketId !== ticketId ? outcome.bundle.ticketId : null;
      const retention = retentionStatus(outcome.bundle, await retentionPolicy(deps.db, config().quarantineDays));
      return Response.json(
        {
          jobId: outcome.job.id,
          status: outcome.status,
          bundleId: outcome.bundle.id,
          consent: outcome.bundle.consentGranted,
          // A duplicate that lives on another ticket: say which, so the page can offer to link it here.
          ...(elsewhere !== null ? { onTicket: elsewhere } : {}),
          ...(retention.expired ? { warning: `This bundle is past its retention window. ${retention.text}` } : {}),
          message:
            elsewhere !== null
              ? `Already have it: this bundle is on ticket #${elsewhere}.`
              : outcome.status === 'duplicate'
                ? 'Already have it: this bundle was received before.'
                : `Bundle ${outcome.bundle.id} stored.`,
        },
        { status: outcome.status === 'stored' ? 201 : 200 },
      );
    } catch (error) {
      if (error instanceof AppError) await failJob('REFUSED', error);
      throw error;
    } finally {
      fs.rmSync(file.path, { force: true });
    }
  },
);
