// POST /api/share/[bundleId]: "Share externally" — the age-encrypted sanitized bundle, as a download.
// Body: `{ passphrase }` or `{ recipient }` (an age X25519 public key). Leads and admins only.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ForbiddenError } from '@/lib/auth/guard';
import { config } from '@/lib/env';
import { UserFacingError } from '@/lib/errors';
import { storageFromConfig } from '@/lib/ingest/storage';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';
import { shareBundle, ShareError } from '@/lib/share/service';
import type { ShareErrorCode } from '@/lib/share/errors';

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

const STATUS: Record<ShareErrorCode, number> = {
  NOT_FOUND: 404,
  PURGED: 409,
  NO_CONSENT: 409,
  NO_FILE: 409,
  BAD_PASSPHRASE: 400,
  BAD_RECIPIENT: 400,
  CANNOT_SANITIZE: 422,
};

export async function POST(request: Request, { params }: { params: Promise<{ bundleId: string }> }) {
  const user = await authenticateRequest(request, 'bundle:share');
  if (user instanceof Response) return user;
  const { bundleId } = await params;
  if (!/^[0-9a-fA-F-]{36}$/.test(bundleId)) return Response.json({ error: 'No such bundle.' }, { status: 404 });
  const parsed = parseBody(await request.json().catch(() => null));
  if (!parsed.ok) return Response.json({ error: parsed.error }, { status: 400 });
  const body = parsed.data;
  const to = 'passphrase' in body ? { passphrase: body.passphrase } : { recipient: body.recipient };
  try {
    const cfg = config();
    const shared = await shareBundle({ db: getDb(), bundleDir: cfg.bundleDir, storage: storageFromConfig(cfg) }, user, { bundleId, to, purpose: body.purpose });
    return new Response(Readable.toWeb(shared.content) as ReadableStream<Uint8Array>, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${shared.fileName}"`,
        'content-length': String(shared.size),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch (error) {
    if (error instanceof ShareError) return Response.json({ error: error.message }, { status: STATUS[error.code] });
    if (error instanceof ForbiddenError) return Response.json({ error: error.message }, { status: 403 });
    // e.g. the stored file fails its integrity check: reported, not served
    if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: 409 });
    console.error(`share of bundle ${bundleId} failed: ${error instanceof Error ? error.name : 'error'}`);
    return Response.json({ error: 'The bundle could not be shared (server error).' }, { status: 500 });
  }
}
