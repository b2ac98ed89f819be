// GET /api/shares/[jobId]/download: the finished share's age-encrypted file, for its requester
// only and until it expires (410 after); audited as bundle.share.download. Anyone else: 404.
import { Readable } from 'node:stream';
import { config } from '@/lib/env';
import { storageFromConfig } from '@/lib/ingest/storage';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';
import { openShareDownload } from '@/lib/share/job';
import { shareErrorResponse } from '@/app/api/share/errors';

export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const user = await authenticateRequest(request, 'bundle:share');
  if (user instanceof Response) return user;
  const { jobId } = await params;
  try {
    const file = await openShareDownload({ db: getDb(), storage: storageFromConfig(config()) }, user, jobId);
    return new Response(Readable.toWeb(file.content) as ReadableStream<Uint8Array>, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'content-length': String(file.size),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    return shareErrorResponse(error, `download of share ${jobId}`);
  }
}
