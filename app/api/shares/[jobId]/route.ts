// GET /api/shares/[jobId]: a share job's state and progress, for its requester (the dialog polls
// it); anyone else gets 404.
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';
import { shareJobFor } from '@/lib/share/job';
import { shareErrorResponse } from '@/app/api/share/errors';
import { shareJobView } from '../view';

export async function GET(request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const user = await authenticateRequest(request, 'bundle:share');
  if (user instanceof Response) return user;
  const { jobId } = await params;
  try {
    return Response.json(shareJobView(await shareJobFor(getDb(), user, jobId)), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return shareErrorResponse(error, `share ${jobId}`);
  }
}
