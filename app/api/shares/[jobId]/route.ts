// GET /api/shares/[jobId]: a share job's state and progress, for its requester (the dialog polls
// it); anyone else gets 404.
import { z } from 'zod';
import { defineRoute } from '@/lib/server/route';
import { shareJobFor } from '@/lib/share/job';
import { shareJobView } from '../view';

const shareJobParams = z.object({ jobId: z.string().regex(/^[0-9a-f-]{36}$/, 'No such share.') });

export const GET = defineRoute({ permission: 'bundle:share', params: shareJobParams }, async ({ db, user, params }) =>
  Response.json(shareJobView(await shareJobFor(db, user, params.jobId)), { headers: { 'cache-control': 'no-store' } }),
);
