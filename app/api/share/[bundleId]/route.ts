// POST /api/share/[bundleId]: "Share externally" — starts the background job that prepares the
// age-encrypted sanitized bundle; answers 202 with the job (poll GET /api/shares/<jobId>, then
// download GET /api/shares/<jobId>/download). Body: `{ passphrase }` or `{ recipient }` (an age
// X25519 public key), optional `purpose`; the passphrase and recipient are checked by the domain
// (lib/share/age.ts), once, for every door. GET: the caller's own shares of this bundle. Leads
// and admins only.
import { z } from 'zod';
import { shareJobView } from '@/app/api/shares/view';
import { config } from '@/lib/env';
import { configuredStorage } from '@/lib/deps';
import { instanceId, jobQueue } from '@/lib/server/jobs';
import { defineRoute } from '@/lib/server/route';
import { SHARE_QUEUE, sharesOfBundle, startShare } from '@/lib/share/job';

const EITHER = 'Send either { "passphrase": "…" } or { "recipient": "age1…" }.';

const shareBody = z
  .strictObject({
    passphrase: z.string('The passphrase must be text.').optional(),
    recipient: z.string('The recipient must be text.').optional(),
    purpose: z.string('The purpose must be text.').max(500, 'The purpose must be at most 500 characters long.').optional(),
  }, EITHER)
  .refine((b) => (b.passphrase === undefined) !== (b.recipient === undefined), EITHER);

const shareParams = z.object({ bundleId: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'No such bundle.') });

export const POST = defineRoute({ permission: 'bundle:share', params: shareParams, body: shareBody }, async ({ db, user, params, body }) => {
  const to = body.passphrase !== undefined ? { passphrase: body.passphrase } : { recipient: body.recipient! };
  const cfg = config();
  const deps = { db, bundleDir: cfg.bundleDir, storage: configuredStorage(), instanceId: instanceId(), ttlHours: cfg.shareTtlHours };
  const job = await startShare(deps, user, { bundleId: params.bundleId, to, purpose: body.purpose }, (payload) => jobQueue().send(SHARE_QUEUE, payload));
  return Response.json(shareJobView(job), { status: 202, headers: { location: `/api/shares/${job.id}`, 'cache-control': 'no-store' } });
});

export const GET = defineRoute({ permission: 'bundle:share', params: shareParams }, async ({ db, user, params }) => {
  const jobs = await sharesOfBundle(db, user, params.bundleId.toLowerCase());
  return Response.json({ shares: jobs.map(shareJobView) }, { headers: { 'cache-control': 'no-store' } });
});
