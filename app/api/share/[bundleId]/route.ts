// POST /api/share/[bundleId]: "Share externally" — the age-encrypted sanitized bundle, as a download.
// Body: `{ passphrase }` or `{ recipient }` (an age X25519 public key). Leads and admins only.
// The passphrase and recipient are checked by the domain (lib/share/age.ts), once, for every door.
import { Readable } from 'node:stream';
import { z } from 'zod';
import { config } from '@/lib/env';
import { defineRoute } from '@/lib/server/route';
import { shareBundle } from '@/lib/share/service';
import { configuredStorage } from '@/lib/deps';

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
  const shared = await shareBundle({ db, bundleDir: config().bundleDir, storage: configuredStorage() }, user, { bundleId: params.bundleId, to, purpose: body.purpose });
  return new Response(Readable.toWeb(shared.content) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${shared.fileName}"`,
      'content-length': String(shared.size),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
