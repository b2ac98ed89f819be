// GET /api/shares/[jobId]/download: the finished share's age-encrypted file, for its requester
// only and until it expires (409 after); audited as bundle.share.download. Anyone else: 404.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { config } from '@/lib/env';
import { storageFromConfig } from '@/lib/ingest/storage';
import { defineRoute } from '@/lib/server/route';
import { openShareDownload } from '@/lib/share/job';

const params = z.object({ jobId: z.string().regex(/^[0-9a-f-]{36}$/, 'No such share.') });

export const GET = defineRoute({ permission: 'bundle:share', params }, async ({ db, user, params }) => {
  const file = await openShareDownload({ db, storage: storageFromConfig(config()) }, user, params.jobId);
  return new Response(Readable.toWeb(file.content) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'content-length': String(file.size),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
