// GET /api/ready: readiness (database reachable, migrations applied, bundle store reachable);
// 503 until all three hold. No session: a load balancer asks it. Says only which check failed.
import { config } from '@/lib/env';
import { blobStore, storageFromConfig } from '@/lib/ingest/storage';
import { checkReadiness } from '@/lib/server/readiness';
import { defineRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'public' }, async ({ db }) => {
  const cfg = config();
  const result = await checkReadiness(db, blobStore(storageFromConfig(cfg)), cfg.appRoot);
  return Response.json(
    { status: result.ready ? 'ready' : 'not ready', checks: result.checks },
    { status: result.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
});
