// Recording escalation-matrix actions (board:act) and delivering their webhook. Recording writes
// the action row, the ticket's timeline event and the audit entry in one transaction; paging and
// status-page actions then call the outgoing webhook (in the background on the server) and keep
// its result on the action row.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { findEscalationAction, insertEscalationAction, updateEscalationAction } from '@/db/queries/escalation';
import { findTicket, insertTicketEvent, updateTicket } from '@/db/queries/tickets';
import { findUserById } from '@/db/queries/users';
import type { EscalationAction, NewTicket } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { webhookTarget } from '@/lib/settings';
import { KIND_LABELS, matrixAction, type EscalationKind } from './matrix';
import { dedupKeyFor } from './paging';
import { deliverWebhook, pagerDutyTrigger, statusPageUpdate, type DeliveryOptions, type DeliveryResult } from './webhook';


export interface RecordInput {
  ticketId: number;
  kind: EscalationKind;
  note?: string | null;
  /** assign_commander: who becomes incident commander. */
  commanderId?: string | null;
}

/** Records one action of the matrix; returns the row (webhookStatus 'pending' when a webhook will be sent). */
export async function recordEscalationAction(db: Db, actor: Actor, input: RecordInput, now = new Date()): Promise<EscalationAction> {
  requirePermission(actor, 'board:act');
  const ticket = await findTicket(db, input.ticketId);
  if (!ticket) throw new AppError('NOT_FOUND', `Ticket #${input.ticketId} does not exist.`);
  if (ticket.status === 'resolved' || ticket.status === 'closed') throw new AppError('CONFLICT', `Ticket #${ticket.id} is ${ticket.status}: the escalation is over.`);
  const spec = matrixAction(ticket.severity, input.kind);
  if (!spec) throw new AppError('INVALID_INPUT', `The escalation matrix has no “${input.kind.replace(/_/g, ' ')}” for Sev-${ticket.severity}.`);
  const note = input.note?.trim() || null;
  if (note && note.length > 2000) throw new AppError('INVALID_INPUT', 'A note is at most 2,000 characters.');
  const changes: Partial<NewTicket> = {};
  let summary = KIND_LABELS[input.kind].toLowerCase();
  if (input.kind === 'assign_commander') {
    requirePermission(actor, 'ticket:assign-commander');
    const commander = input.commanderId ? await findUserById(db, input.commanderId) : undefined;
    if (!commander || commander.disabled || commander.role === 'manager') throw new AppError('INVALID_INPUT', 'Choose an engineer or lead as incident commander.');
    changes.incidentCommanderId = commander.id;
    summary = `made ${commander.email} incident commander`;
  }
  if (input.kind === 'schedule_sprint') {
    if (!note) throw new AppError('INVALID_INPUT', 'Name the sprint in the note (e.g. “Sprint 48”).');
    changes.sprintScheduled = note.slice(0, 200);
  }
  // One dedup_key per ticket, kept from the first page: acknowledge and resolve name it too.
  if (input.kind === 'page_oncall' && !ticket.pagingDedupKey) changes.pagingDedupKey = dedupKeyFor(ticket.id);
  const webhook = 'webhook' in spec ? spec.webhook : undefined;
  const target = webhook ? await webhookTarget(db, webhook) : null;
  return withTransaction(db, async (tx) => {
    const row = await insertEscalationAction(tx, {
      ticketId: ticket.id,
      kind: input.kind,
      at: now,
      byId: actor.id,
      note,
      webhookStatus: webhook ? (target?.url ? 'pending' : 'skipped') : null,
      webhookAttempts: 0,
      webhookResult: webhook && !target?.url ? target!.missing : null,
    });
    await updateTicket(tx, ticket.id, { ...changes, updatedAt: now });
    await insertTicketEvent(tx, { ticketId: ticket.id, at: now, actorId: actor.id, kind: 'escalation', data: { summary: note ? `${summary}: ${note}` : summary, action: input.kind, actionId: row.id } });
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: `escalation.${input.kind}`, targetType: 'ticket', targetId: String(ticket.id), detail: { actionId: row.id, note } });
    return row;
  });
}

/**
 * Sends the webhook of a recorded paging / status-page action and stores the outcome (status,
 * attempts, the last response) on its row. Safe to call for any action: others are left alone.
 */
export async function deliverEscalationWebhook(
  db: Db,
  actionId: number,
  opts: DeliveryOptions & { baseUrl?: string | null; now?: () => Date } = {},
): Promise<DeliveryResult | null> {
  const action = await findEscalationAction(db, actionId);
  if (!action || (action.webhookStatus !== 'pending' && action.webhookStatus !== 'retrying')) return null;
  const ticket = await findTicket(db, action.ticketId);
  if (!ticket) return null;
  const purpose = action.kind === 'page_oncall' ? 'page' : 'status';
  const target = await webhookTarget(db, purpose);
  if (!target.url) {
    await updateEscalationAction(db, action.id, { webhookStatus: 'skipped', webhookResult: target.missing });
    return null;
  }
  const ticketUrl = opts.baseUrl ? `${opts.baseUrl.replace(/\/$/, '')}/tickets/${ticket.id}` : null;
  const at = (opts.now ?? (() => new Date()))();
  const body =
    action.kind === 'page_oncall'
      ? pagerDutyTrigger(ticket, { routingKey: target.routingKey, note: action.note, at, ticketUrl })
      : statusPageUpdate(ticket, { note: action.note, at, ticketUrl });
  const result = await deliverWebhook(target.url, body, {
    ...opts,
    onAttempt: async (attempt, outcome) => {
      await updateEscalationAction(db, action.id, { webhookStatus: 'retrying', webhookAttempts: action.webhookAttempts + attempt, webhookResult: outcome });
      await opts.onAttempt?.(attempt, outcome);
    },
  });
  await updateEscalationAction(db, action.id, { webhookStatus: result.status, webhookAttempts: action.webhookAttempts + result.attempts, webhookResult: result.result });
  return result;
}

/** Marks a failed delivery for another round of attempts (the caller then delivers it again). */
export async function retryEscalationWebhook(db: Db, actor: Actor, actionId: number): Promise<EscalationAction> {
  requirePermission(actor, 'board:act');
  const action = await findEscalationAction(db, actionId);
  if (!action) throw new AppError('NOT_FOUND', 'That action does not exist.');
  if (action.webhookStatus !== 'failed' && action.webhookStatus !== 'skipped') throw new AppError('CONFLICT', 'Only a failed or skipped delivery can be retried.');
  const target = await webhookTarget(db, action.kind === 'page_oncall' ? 'page' : 'status');
  if (!target.url) throw new AppError('CONFLICT', target.missing);
  await updateEscalationAction(db, action.id, { webhookStatus: 'pending', webhookResult: 'queued for retry' });
  return { ...action, webhookStatus: 'pending' };
}
