// GET /api/health: liveness. The process is up and answering; no session, nothing else said.
import { defineRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'public' }, () => Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } }));
