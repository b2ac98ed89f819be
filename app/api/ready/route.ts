// GET /api/ready: readiness (database reachable, migrations applied, bundle store reachable);
// 503 until all three hold. No session: a load balancer asks it. Says only which check failed.
import { config } from '@/lib/env';
import { blobStore } from '@/lib/ingest/storage';
import { checkReadiness } from '@/lib/server/readiness';
import { defineRoute } from '@/lib/server/route';
import { configuredStorage } from '@/lib/deps';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'public' }, async ({ db }) => {
  const result = await checkReadiness(db, blobStore(configuredStorage()), config().appRoot);
  return Response.json(
    { status: result.ready ? 'ready' : 'not ready', checks: result.checks },
    { status: result.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
});
