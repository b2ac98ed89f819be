// The runbook's "customer confirmation" by a single-use link: no account, expires (X400_CONFIRM_LINK_DAYS),
// used once (atomically), stored as the SHA-256 of its token. Using it ticks the ticket's
// "customer confirmed" step, on the timeline and in the audit log.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { findConfirmationLinkByHash, insertConfirmationLink, useConfirmationLink } from '@/db/queries/customer-updates';
import { findTicket, insertTicketEvent, updateTicket } from '@/db/queries/tickets';
import type { ConfirmationLink } from '@/db/schema';
import { hashToken, newToken } from '@/lib/auth/tokens';
import { AppError } from '@/lib/errors';

/** Who the audit log names for a confirmation: the customer has no account. */
export const CONFIRMATION_ACTOR_EMAIL = 'customer (confirmation link)';

export type LinkState = 'usable' | 'used' | 'expired' | 'unknown';

export class ConfirmationLinkError extends AppError {
  constructor(readonly state: Exclude<LinkState, 'usable'> | 'closed') {
    super(state === 'unknown' ? 'NOT_FOUND' : 'CONFLICT', LINK_MESSAGES[state]);
  }
}

/** What the public page says; nothing about the ticket. */
export const LINK_MESSAGES: Record<Exclude<LinkState, 'usable'> | 'closed', string> = {
  used: 'This confirmation link has already been used. Thank you: there is nothing more to do.',
  expired: 'This confirmation link has expired. Reply to our last e-mail and we will record your confirmation.',
  unknown: 'This confirmation link is not valid. Check that the whole address was copied.',
  closed: 'This ticket is already closed: there is nothing more to confirm.',
};

/** Tokens are 43 base64url characters; anything else is not worth a database lookup. */
export function wellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function confirmationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/confirm/${token}`;
}

/** Creates a link (inside the caller's transaction); the token is returned once and never stored. */
export async function mintConfirmationLink(
  db: Db,
  input: { ticketId: number; updateId: number | null; createdById: string | null; days: number },
  now: Date,
): Promise<{ token: string; link: ConfirmationLink }> {
  const token = newToken();
  const link = await insertConfirmationLink(db, {
    ticketId: input.ticketId,
    updateId: input.updateId,
    tokenHash: hashToken(token),
    createdById: input.createdById,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.days * 86_400_000),
  });
  return { token, link };
}

function stateOf(link: ConfirmationLink | undefined, now: Date): LinkState {
  if (!link) return 'unknown';
  if (link.usedAt) return 'used';
  if (link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}

/** What the page shows before the click: the ticket number when usable, else why not. */
export async function peekConfirmationLink(db: Db, token: string, now = new Date()): Promise<{ state: 'usable'; ticketId: number } | { state: Exclude<LinkState, 'usable'> }> {
  if (!wellFormedToken(token)) return { state: 'unknown' };
  const link = await findConfirmationLinkByHash(db, hashToken(token));
  const state = stateOf(link, now);
  return state === 'usable' ? { state, ticketId: link!.ticketId } : { state };
}

/**
 * Uses the link: records the customer's confirmation on its ticket. Single use: the link row is
 * claimed by one conditional UPDATE inside the transaction, so of two clicks at once one wins;
 * a failure afterwards (ticket closed) rolls the claim back.
 */
export async function confirmByLink(db: Db, token: string, now = new Date()): Promise<{ ticketId: number }> {
  if (!wellFormedToken(token)) throw new ConfirmationLinkError('unknown');
  const hash = hashToken(token);
  return withTransaction(db, async (tx) => {
    const link = await useConfirmationLink(tx, hash, now);
    if (!link) {
      const state = stateOf(await findConfirmationLinkByHash(tx, hash), now);
      throw new ConfirmationLinkError(state === 'usable' ? 'used' : state);
    }
    const ticket = await findTicket(tx, link.ticketId);
    if (!ticket) throw new ConfirmationLinkError('unknown');
    if (ticket.status === 'closed') throw new ConfirmationLinkError('closed');
    const via = link.updateId ? `the single-use link sent with customer update #${link.updateId}` : 'the single-use confirmation link';
    await updateTicket(tx, ticket.id, {
      customerConfirmedAt: now,
      customerConfirmation: `Confirmed by the customer through ${via}.`,
      // The link went out with an update: that is the notification, if none was recorded.
      ...(ticket.customerNotifiedAt ? {} : { customerNotifiedAt: link.createdAt, customerNotifiedVia: 'email', customerNotifiedMessage: `Customer update #${link.updateId ?? '?'} with a confirmation link.` }),
      updatedAt: now,
    });
    await insertTicketEvent(tx, { ticketId: ticket.id, at: now, actorId: null, kind: 'customer_confirmed', data: { summary: `the customer confirmed through ${via}`, at: now.toISOString(), linkId: link.id } });
    await appendAudit(tx, { at: now, actorId: null, actorEmail: CONFIRMATION_ACTOR_EMAIL, action: 'ticket.customer_confirmed', targetType: 'ticket', targetId: String(ticket.id), detail: { linkId: link.id, updateId: link.updateId } });
    return { ticketId: ticket.id };
  });
}
