// GET /api/board: the escalation board as JSON (polled by /board every 15 s).
import { buildBoard } from '@/lib/escalation/board';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const user = await authenticateRequest(request, 'board:read');
  if (user instanceof Response) return user;
  return Response.json(await buildBoard(getDb()), { headers: { 'cache-control': 'no-store' } });
}
