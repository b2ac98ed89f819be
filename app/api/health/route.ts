// GET /api/health: liveness. The process is up and answering; no session, nothing else said.
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
