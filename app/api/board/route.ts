// GET /api/board: the escalation board as JSON (polled by /board every 15 s).
import { buildBoard } from '@/lib/escalation/board';
import { defineRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'board:read' }, async ({ db }) => Response.json(await buildBoard(db), { headers: { 'cache-control': 'no-store' } }));
