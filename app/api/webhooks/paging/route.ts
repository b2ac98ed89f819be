// POST /api/webhooks/paging: the paging service's acknowledgements (README, "Paging webhook").
// No session: the request is authenticated by its X-X400-Signature HMAC alone.
import { AppError } from '@/lib/errors';
import { parseInboundPaging, recordInboundPaging, SIGNATURE_HEADER, verifyPagingSignature } from '@/lib/escalation/inbound';
import { defineRoute } from '@/lib/server/route';
import { getPagingSecret } from '@/lib/settings/alerts';

export const dynamic = 'force-dynamic';

const MAX_BODY = 64 * 1024;

export const POST = defineRoute({ permission: 'public' }, async ({ db, request }) => {
  const secret = await getPagingSecret(db);
  if (!secret) throw new AppError('NOT_SUPPORTED', 'No signing secret is set for the paging webhook (Settings → Escalation webhooks).');
  const body = await request.text();
  if (body.length > MAX_BODY) throw new AppError('TOO_LARGE', 'A paging webhook body is at most 64 KB.');
  const now = new Date();
  const check = verifyPagingSignature(secret, request.headers.get(SIGNATURE_HEADER), body, now);
  if (!check.ok) throw new AppError('UNAUTHORIZED', `Paging webhook refused: ${check.reason}.`);
  const event = parseInboundPaging(body);
  if (typeof event === 'string') throw new AppError('INVALID_INPUT', `Paging webhook: ${event}.`);
  const result = await recordInboundPaging(db, event, now);
  if (result.status === 'replay') throw new AppError('CONFLICT', `Event ${event.id} was already received.`);
  if (result.status === 'unknown-ticket') throw new AppError('NOT_FOUND', `No ticket was paged with dedup_key ${event.dedupKey}.`);
  return Response.json(result, { status: result.status === 'recorded' ? 200 : 202 });
});
