// The paging lifecycle (PagerDuty Events API v2): one dedup_key per ticket, stored when it is first
// paged; `trigger` is the page itself (the matrix's "On-call paged" action, recorded by a lead or
// automatically when the Sev-1 page falls due or a warning reaches the paging level); `acknowledge`
// when the ticket is acknowledged and `resolve` when it is mitigated, each sent once, in order,
// through the job queue. https://developer.pagerduty.com/docs/events-api-v2/overview/
import { withTransaction, type Db } from '@/db/client';
import { claimPagingEvent, findPagingEvent, listPagingEvents, updatePagingEvent } from '@/db/queries/alerts';
import { appendAudit } from '@/db/queries/audit';
import { insertEscalationAction, listTicketEscalationActions } from '@/db/queries/escalation';
import { findTicket, insertTicketEvent, updateTicket } from '@/db/queries/tickets';
import type { PagingEvent, Ticket } from '@/db/schema';
import { webhookTarget } from '@/lib/settings';
import { deliverWebhook, type DeliveryOptions } from './webhook';

export type PagingAction = 'trigger' | 'acknowledge' | 'resolve';
export type LifecycleAction = Exclude<PagingAction, 'trigger'>;

/** The dedup_key of a ticket's incident in the paging service. */
export function dedupKeyFor(ticketId: number): string {
  return `x400-ticket-${ticketId}`;
}

/** An Events API v2 acknowledge / resolve event: no payload, only the three keys. */
export function pagerDutyLifecycle(action: LifecycleAction, opts: { routingKey: string | null; dedupKey: string }) {
  return { routing_key: opts.routingKey ?? '', event_action: action, dedup_key: opts.dedupKey };
}

/** Raised while the trigger has not been delivered yet: the job queue retries the event later. */
export class TriggerNotDeliveredYet extends Error {}

/**
 * After the ticket was acknowledged or mitigated (inside the caller's transaction): queues the
 * matching lifecycle event when the ticket was paged; nothing otherwise, or when already queued.
 */
export async function queueLifecycle(tx: Db, ticket: Pick<Ticket, 'id' | 'pagingDedupKey'>, action: LifecycleAction, now: Date): Promise<PagingEvent | undefined> {
  if (!ticket.pagingDedupKey) return undefined;
  return claimPagingEvent(tx, { ticketId: ticket.id, action, dedupKey: ticket.pagingDedupKey, createdAt: now, status: 'pending', attempts: 0 });
}

/** The lifecycle events of a ticket still to send (for a server action to hand to the queue). */
export async function pendingLifecycle(db: Db, ticketId: number): Promise<PagingEvent[]> {
  return (await listPagingEvents(db, [ticketId])).filter((e) => e.status === 'pending' || e.status === 'retrying');
}

/**
 * Pages on-call for a ticket without a lead: records the "On-call paged" action as the system
 * (its webhook is the trigger), stores the dedup_key, and writes the timeline and audit entries.
 * Returns the action id to deliver, or null when the ticket was already paged.
 */
export async function autoPage(db: Db, ticketId: number, reason: string, now: Date): Promise<number | null> {
  const target = await webhookTarget(db, 'page');
  return withTransaction(db, async (tx) => {
    const ticket = await findTicket(tx, ticketId);
    if (!ticket) return null;
    if ((await listTicketEscalationActions(tx, ticketId)).some((a) => a.kind === 'page_oncall')) return null;
    const row = await insertEscalationAction(tx, {
      ticketId,
      kind: 'page_oncall',
      at: now,
      byId: null,
      note: reason,
      webhookStatus: target.url ? 'pending' : 'skipped',
      webhookAttempts: 0,
      webhookResult: target.url ? null : target.missing,
    });
    await updateTicket(tx, ticketId, { pagingDedupKey: ticket.pagingDedupKey ?? dedupKeyFor(ticketId), updatedAt: now });
    await insertTicketEvent(tx, { ticketId, at: now, actorId: null, kind: 'escalation', data: { summary: `paged on-call automatically: ${reason}`, action: 'page_oncall', actionId: row.id, auto: true } });
    await appendAudit(tx, { at: now, actorId: null, actorEmail: 'sla-watch', action: 'escalation.page_oncall', targetType: 'ticket', targetId: String(ticketId), detail: { actionId: row.id, reason } });
    return row.id;
  });
}

const SENT_SUMMARY: Record<LifecycleAction, string> = {
  acknowledge: 'sent “acknowledge” to the paging service',
  resolve: 'sent “resolve” to the paging service',
};

/**
 * Sends one queued acknowledge / resolve event. Waits (throws TriggerNotDeliveredYet, so the
 * queue retries) while the trigger is still being delivered; skips it when the trigger never
 * went out or no paging URL is set. Safe to call twice: a sent event is left alone.
 */
export async function deliverPagingEvent(db: Db, eventId: number, opts: DeliveryOptions & { now?: () => Date } = {}): Promise<PagingEvent | null> {
  const event = await findPagingEvent(db, eventId);
  if (!event || (event.status !== 'pending' && event.status !== 'retrying')) return null;
  const pages = (await listTicketEscalationActions(db, event.ticketId)).filter((a) => a.kind === 'page_oncall');
  if (pages.some((a) => a.webhookStatus === 'pending' || a.webhookStatus === 'retrying')) throw new TriggerNotDeliveredYet(`the page of ticket #${event.ticketId} is still being delivered`);
  const finish = async (changes: Partial<PagingEvent>) => {
    await updatePagingEvent(db, event.id, changes);
    return { ...event, ...changes };
  };
  if (!pages.some((a) => a.webhookStatus === 'delivered')) return finish({ status: 'skipped', result: 'not sent: the page itself was never delivered' });
  const target = await webhookTarget(db, 'page');
  if (!target.url) return finish({ status: 'skipped', result: target.missing });
  const action = event.action as LifecycleAction;
  const result = await deliverWebhook(target.url, pagerDutyLifecycle(action, { routingKey: target.routingKey, dedupKey: event.dedupKey }), {
    ...opts,
    onAttempt: async (attempt, outcome) => {
      await updatePagingEvent(db, event.id, { status: 'retrying', attempts: event.attempts + attempt, result: outcome });
      await opts.onAttempt?.(attempt, outcome);
    },
  });
  const at = (opts.now ?? (() => new Date()))();
  const done = await finish({ status: result.status, attempts: event.attempts + result.attempts, result: result.result });
  await insertTicketEvent(db, {
    ticketId: event.ticketId,
    at,
    actorId: null,
    kind: 'paging',
    data: { summary: result.status === 'delivered' ? SENT_SUMMARY[action] : `could not send “${action}” to the paging service: ${result.result}`, action, dedupKey: event.dedupKey },
  });
  return done;
}
