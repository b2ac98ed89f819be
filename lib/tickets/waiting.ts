// "Waiting on customer": entering the status pauses the SLA clocks; leaving it, or a bundle
// arriving for the ticket, resumes them. Every pause and resume is a timeline event, and the
// pause rows are the same ones "Explain this deadline" subtracts (lib/sla/explain.ts).
// Each function writes inside the caller's transaction (pass the transaction handle).
import type { Db } from '@/db/client';
import { findOpenPause, insertPause, updatePause } from '@/db/queries/sla';
import { findTicket, insertTicketEvent, updateTicket } from '@/db/queries/tickets';
import type { Ticket } from '@/db/schema';

export const WAITING_REASON = 'Waiting on the customer';

/** Opens a pause when the ticket starts waiting (nothing when a pause is open or both clocks stopped). */
export async function pauseForCustomer(tx: Db, actorId: string | null, ticket: Ticket, now: Date): Promise<boolean> {
  if (ticket.acknowledgedAt && ticket.mitigatedAt) return false;
  if (await findOpenPause(tx, ticket.id)) return false;
  await insertPause(tx, { ticketId: ticket.id, from: now, to: null, reason: WAITING_REASON, byId: actorId });
  await insertTicketEvent(tx, {
    ticketId: ticket.id,
    at: now,
    actorId,
    kind: 'sla_paused',
    data: { summary: 'paused the SLA clocks: waiting on the customer', reason: WAITING_REASON, from: now.toISOString(), auto: true },
  });
  return true;
}

/** Closes the open pause (if any); `why` ends the timeline sentence. */
export async function resumeFromCustomer(tx: Db, actorId: string | null, ticketId: number, now: Date, why: string): Promise<boolean> {
  const open = await findOpenPause(tx, ticketId);
  if (!open) return false;
  const to = now.getTime() < open.from.getTime() ? open.from : now;
  await updatePause(tx, open.id, { to });
  const minutes = Math.round((to.getTime() - open.from.getTime()) / 60_000);
  await insertTicketEvent(tx, {
    ticketId,
    at: now,
    actorId,
    kind: 'sla_resumed',
    data: { summary: `resumed the SLA clocks after ${minutes} min paused: ${why}`, pauseId: open.id, auto: true },
  });
  return true;
}

/**
 * A bundle arrived for the ticket: a ticket waiting on the customer goes back to investigating
 * and its clocks resume. Other tickets are left alone.
 */
export async function resumeOnBundle(tx: Db, actorId: string | null, ticketId: number, bundleId: string, now: Date): Promise<void> {
  const ticket = await findTicket(tx, ticketId);
  if (!ticket || ticket.status !== 'waiting_on_customer') return;
  await updateTicket(tx, ticketId, { status: 'investigating', updatedAt: now });
  await insertTicketEvent(tx, { ticketId, at: now, actorId, kind: 'status', data: { from: 'waiting_on_customer', to: 'investigating', bundleId } });
  await resumeFromCustomer(tx, actorId, ticketId, now, `bundle ${bundleId} arrived`);
}
