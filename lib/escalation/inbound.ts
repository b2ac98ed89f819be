// Inbound paging webhooks (POST /api/webhooks/paging): the paging service tells the console that
// on-call acknowledged (or resolved) the incident of a ticket. Authenticated by an HMAC-SHA256
// signature over "<timestamp>.<raw body>" with the admin's secret, compared in constant time,
// within a replay window; each event id is accepted once. Recorded on the ticket and the board.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { withTransaction, type Db } from '@/db/client';
import { claimPagingReceipt, findTicketByDedupKey } from '@/db/queries/alerts';
import { appendAudit } from '@/db/queries/audit';
import { insertTicketEvent, updateTicket } from '@/db/queries/tickets';

export const SIGNATURE_HEADER = 'x-x400-signature';
/** Signatures older (or further in the future) than this are refused: a captured request cannot be replayed later. */
export const REPLAY_WINDOW_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The header value a sender puts on `body` at `timestamp` (unix seconds). */
export function signPagingBody(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks `X-X400-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (several v1 values
 * are allowed while a secret is being rotated). Constant-time comparison of the digests.
 */
export function verifyPagingSignature(secret: string, header: string | null, body: string, now: Date): SignatureCheck {
  if (!header) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
  let t: number | null = null;
  const sigs: Buffer[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
    else if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) sigs.push(Buffer.from(v, 'hex'));
  }
  if (t === null || sigs.length === 0) return { ok: false, reason: 'malformed signature header (expected t=<unix seconds>,v1=<hex>)' };
  if (Math.abs(now.getTime() / 1000 - t) > REPLAY_WINDOW_SECONDS) return { ok: false, reason: `signature timestamp outside the ${REPLAY_WINDOW_SECONDS} s window` };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  let match = false;
  for (const s of sigs) if (timingSafeEqual(s, expected)) match = true;
  return match ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

export interface InboundPagingEvent {
  id: string;
  type: 'incident.acknowledged' | 'incident.resolved' | string;
  dedupKey: string;
  agent: string | null;
  occurredAt: Date | null;
}

/**
 * The event of a body shaped like PagerDuty's v3 webhooks:
 * `{ "event": { "id", "event_type", "occurred_at", "agent": { "summary" }, "data": { "dedup_key" | "incident_key" } } }`.
 * Returns a sentence naming the problem when it is not.
 */
export function parseInboundPaging(body: string): InboundPagingEvent | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  const event = (json as { event?: Record<string, unknown> } | null)?.event;
  if (!event || typeof event !== 'object') return 'body has no "event" object';
  const id = event.id;
  const type = event.event_type;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const key = data.dedup_key ?? data.incident_key;
  if (typeof id !== 'string' || !id || id.length > 200) return 'event.id is missing';
  if (typeof type !== 'string' || !type) return 'event.event_type is missing';
  if (typeof key !== 'string' || !key || key.length > 255) return 'event.data.dedup_key is missing';
  const agent = (event.agent as { summary?: unknown } | undefined)?.summary;
  const occurred = typeof event.occurred_at === 'string' ? new Date(event.occurred_at) : null;
  return {
    id,
    type,
    dedupKey: key,
    agent: typeof agent === 'string' ? agent.slice(0, 200) : null,
    occurredAt: occurred && Number.isFinite(occurred.getTime()) ? occurred : null,
  };
}

export type InboundResult =
  | { status: 'recorded'; ticketId: number; action: 'acknowledged' | 'resolved' }
  | { status: 'ignored'; reason: string }
  | { status: 'replay' }
  | { status: 'unknown-ticket' };

/** Records a verified event: the acknowledgement on the ticket (board) and its timeline. */
export async function recordInboundPaging(db: Db, event: InboundPagingEvent, now = new Date()): Promise<InboundResult> {
  const action = event.type === 'incident.acknowledged' ? 'acknowledged' : event.type === 'incident.resolved' ? 'resolved' : null;
  if (!action) return { status: 'ignored', reason: `event type ${event.type} is not recorded` };
  const ticket = await findTicketByDedupKey(db, event.dedupKey);
  if (!ticket) return { status: 'unknown-ticket' };
  return withTransaction(db, async (tx) => {
    if (!(await claimPagingReceipt(tx, { eventId: event.id, ticketId: ticket.id, action, agent: event.agent, receivedAt: now }))) return { status: 'replay' } as const;
    const at = event.occurredAt ?? now;
    if (action === 'acknowledged' && !ticket.pagingAcknowledgedAt) await updateTicket(tx, ticket.id, { pagingAcknowledgedAt: at, pagingAcknowledgedBy: event.agent, updatedAt: now });
    const who = event.agent ? ` by ${event.agent}` : '';
    await insertTicketEvent(tx, { ticketId: ticket.id, at: now, actorId: null, kind: 'paging', data: { summary: `the paging service says the page was ${action}${who}`, inbound: action, eventId: event.id } });
    await appendAudit(tx, { at: now, actorId: null, actorEmail: 'paging-webhook', action: `paging.${action}`, targetType: 'ticket', targetId: String(ticket.id), detail: { eventId: event.id, agent: event.agent } });
    return { status: 'recorded', ticketId: ticket.id, action } as const;
  });
}
