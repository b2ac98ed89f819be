// POST /api/share/[bundleId]: "Share externally" — starts the background job that prepares the
// age-encrypted sanitized bundle; answers 202 with the job (poll GET /api/shares/<jobId>, then
// download GET /api/shares/<jobId>/download). Body: `{ passphrase }` or `{ recipient }` (an age
// X25519 public key), optional `purpose`. GET: the caller's own shares of this bundle. Leads and
// admins only.
import { z } from 'zod';
import { shareJobView } from '@/app/api/shares/view';
import { config } from '@/lib/env';
import { storageFromConfig } from '@/lib/ingest/storage';
import { getDb } from '@/lib/server/db';
import { instanceId, jobQueue } from '@/lib/server/jobs';
import { authenticateRequest } from '@/lib/server/session';
import { SHARE_QUEUE, sharesOfBundle, startShare } from '@/lib/share/job';
import { shareErrorResponse } from '../errors';

const purpose = z.string().max(500, 'The purpose must be at most 500 characters long.').optional();
const ByPassphrase = z.strictObject({
  passphrase: z.string('The passphrase must be text.').min(12, 'The passphrase must be at least 12 characters long.').max(200, 'The passphrase must be at most 200 characters long.'),
  purpose,
});
const ByRecipient = z.strictObject({
  recipient: z.string('The recipient must be text.').trim().regex(/^age1[0-9a-z]{58}$/, 'The recipient must be an age public key: "age1" followed by 58 lower-case letters and digits.'),
  purpose,
});

/** The body, or the first reason it is refused. */
function parseBody(raw: unknown): { ok: true; data: z.infer<typeof ByPassphrase> | z.infer<typeof ByRecipient> } | { ok: false; error: string } {
  const hasPassphrase = typeof raw === 'object' && raw !== null && 'passphrase' in raw;
  const hasRecipient = typeof raw === 'object' && raw !== null && 'recipient' in raw;
  if (hasPassphrase === hasRecipient) return { ok: false, error: 'Send either { "passphrase": "…" } or { "recipient": "age1…" }.' };
  const parsed = (hasPassphrase ? ByPassphrase : ByRecipient).safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, error: parsed.error.issues[0]?.message ?? 'Invalid request.' };
}

const BUNDLE_ID = /^[0-9a-fA-F-]{36}$/;

export async function POST(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  const user = await authenticateRequest(request, 'bundle:share');
  if (user instanceof Response) return user;
  const { bundleId } = await params;
  if (!BUNDLE_ID.test(bundleId)) return Response.json({ error: 'No such bundle.' }, { status: 404 });
  const parsed = parseBody(await request.json().catch(() => null));
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const body = parsed.data;
  const to = 'passphrase' in body ? { passphrase: body.passphrase } : { recipient: body.recipient };
  try {
    const cfg = config();
    const deps = { db: getDb(), bundleDir: cfg.bundleDir, storage: storageFromConfig(cfg), instanceId: instanceId(), ttlHours: cfg.shareTtlHours };
    const job = await startShare(deps, user, { bundleId, to, purpose: body.purpose }, (payload) => jobQueue().send(SHARE_QUEUE, payload));
    return Response.json(shareJobView(job), { status: 202, headers: { location: `/api/shares/${job.id}`, 'cache-control': 'no-store' } });
  } catch (error) {
    return shareErrorResponse(error, `share of bundle ${bundleId}`);
  }
}

export async function GET(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  const user = await authenticateRequest(request, 'bundle:share');
  if (user instanceof Response) return user;
  const { bundleId } = await params;
  if (!BUNDLE_ID.test(bundleId)) return Response.json({ error: 'No such bundle.' }, { status: 404 });
  try {
    const jobs = await sharesOfBundle(getDb(), user, bundleId.toLowerCase());
    return Response.json({ shares: jobs.map(shareJobView) }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return shareErrorResponse(error, `shares of bundle ${bundleId}`);
  }
}
