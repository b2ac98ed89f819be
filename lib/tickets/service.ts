// Ticket operations: each writes the ticket, its timeline event and the audit entry in one
// transaction. Server actions and the CLI call these; role checks happen here too.
import { withTransaction, type Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { appendAudit } from '@/db/queries/audit';
import { findTicket, insertTicket, insertTicketEvent, updateTicket } from '@/db/queries/tickets';
import { findUserById } from '@/db/queries/users';
import type { NewTicket, Severity, Ticket, TicketStatus } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { reportedTimesProblem, type NewTicketInput } from './input';
import { queueLifecycle } from '@/lib/escalation/paging';
import { pauseForCustomer, resumeFromCustomer } from './waiting';
import { STATUS_LABELS, statusGuard } from './workflow';
import { findReview } from '@/db/queries/reviews';
import { reviewSettled } from '@/lib/reviews/service';


async function load(db: Db, id: number): Promise<Ticket> {
  const ticket = await findTicket(db, id);
  if (!ticket) throw new AppError('NOT_FOUND', `Ticket #${id} does not exist.`);
  return ticket;
}

async function change(
  db: Db,
  actor: Actor,
  ticket: Ticket,
  changes: Partial<NewTicket>,
  event: { kind: string; data?: Record<string, unknown> },
  now: Date,
  audit?: { action: string; detail?: Record<string, unknown> },
): Promise<Ticket> {
  return withTransaction(db, async (tx) => {
    const updated = (await updateTicket(tx, ticket.id, { ...changes, updatedAt: now }))!;
    await insertTicketEvent(tx, { ticketId: ticket.id, at: now, actorId: actor.id, kind: event.kind, data: event.data });
    if (audit) {
      await appendAudit(tx, {
        at: now,
        actorId: actor.id,
        actorEmail: actor.email,
        action: audit.action,
        targetType: 'ticket',
        targetId: String(ticket.id),
        detail: audit.detail,
      });
    }
    return updated;
  });
}

export async function createTicket(db: Db, actor: Actor, input: NewTicketInput, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const problem = reportedTimesProblem(input.reportedAt, now, now, input.confirmOldReportedAt);
  if (problem) throw new AppError('INVALID_INPUT', problem);
  return withTransaction(db, async (tx) => {
    const ticket = await insertTicket(tx, {
      customerName: input.customerName,
      customerContact: input.customerContact,
      severity: input.severity as Severity,
      summary: input.summary,
      components: input.components,
      reportedAt: input.reportedAt,
      createdById: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await insertTicketEvent(tx, {
      ticketId: ticket.id,
      at: now,
      actorId: actor.id,
      kind: 'created',
      data: { severity: ticket.severity, components: ticket.components },
    });
    await appendAudit(tx, {
      at: now,
      actorId: actor.id,
      actorEmail: actor.email,
      action: 'ticket.create',
      targetType: 'ticket',
      targetId: String(ticket.id),
      detail: { severity: ticket.severity },
    });
    return ticket;
  });
}

export async function assignTicket(db: Db, actor: Actor, ticketId: number, assigneeId: string | null, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  const assignee = assigneeId ? await findUserById(db, assigneeId) : null;
  if (assigneeId && (!assignee || assignee.disabled)) throw new AppError('INVALID_INPUT', 'That user cannot be assigned.');
  if (assignee && assignee.role === 'manager') throw new AppError('INVALID_INPUT', 'Managers cannot be assigned tickets.');
  return change(db, actor, ticket, { assigneeId }, { kind: 'assigned', data: { to: assignee?.email ?? null } }, now, {
    action: 'ticket.assign',
    detail: { to: assignee?.email ?? null },
  });
}

export async function setIncidentCommander(db: Db, actor: Actor, ticketId: number, userId: string, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:assign-commander');
  const ticket = await load(db, ticketId);
  const commander = await findUserById(db, userId);
  if (!commander || commander.disabled) throw new AppError('INVALID_INPUT', 'That user cannot be incident commander.');
  return change(db, actor, ticket, { incidentCommanderId: userId }, { kind: 'incident_commander', data: { to: commander.email } }, now, {
    action: 'ticket.incident_commander',
    detail: { to: commander.email },
  });
}

export async function acknowledgeTicket(db: Db, actor: Actor, ticketId: number, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  if (ticket.acknowledgedAt) throw new AppError('CONFLICT', `Ticket #${ticketId} was already acknowledged.`);
  return withTransaction(db, async (tx) => {
    const updated = await change(
      tx,
      actor,
      ticket,
      { acknowledgedAt: now, acknowledgedById: actor.id, status: ticket.status === 'new' ? 'acknowledged' : ticket.status, assigneeId: ticket.assigneeId ?? actor.id },
      { kind: 'acknowledged' },
      now,
      { action: 'ticket.status', detail: { from: ticket.status, to: 'acknowledged' } },
    );
    await queueLifecycle(tx, updated, 'acknowledge', now);
    return updated;
  });
}

export async function confirmTriage(db: Db, actor: Actor, ticketId: number, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  if (ticket.triageConfirmedAt) throw new AppError('CONFLICT', 'Triage is already confirmed.');
  if (ticket.components.length === 0) throw new AppError('INVALID_INPUT', 'Name at least one impacted component before confirming triage.');
  return change(db, actor, ticket, { triageConfirmedAt: now, triageConfirmedById: actor.id }, { kind: 'checklist', data: { step: 'triage' } }, now);
}

/** `spanCards`: the facts of spans the note links to (lib/trace-view/span-cards.ts), kept with it. */
export async function addNote(db: Db, actor: Actor, ticketId: number, text: string, now = new Date(), spanCards: unknown[] = []): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const body = text.trim();
  if (!body) throw new AppError('INVALID_INPUT', 'A note cannot be empty.');
  if (body.length > 10_000) throw new AppError('INVALID_INPUT', 'A note is at most 10,000 characters.');
  const ticket = await load(db, ticketId);
  return change(db, actor, ticket, {}, { kind: 'note', data: spanCards.length ? { text: body, spanCards } : { text: body } }, now);
}

export async function changeStatus(db: Db, actor: Actor, ticketId: number, to: TicketStatus, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  const problem = statusGuard(ticket, to, to === 'closed' ? { reviewSettled: reviewSettled(ticket, await findReview(db, ticket.id)) } : {});
  if (problem) throw new AppError('INVALID_INPUT', problem);
  const stamps: Partial<NewTicket> = { status: to };
  if (to === 'acknowledged' && !ticket.acknowledgedAt) Object.assign(stamps, { acknowledgedAt: now, acknowledgedById: actor.id });
  if (to === 'mitigated' && !ticket.mitigatedAt) stamps.mitigatedAt = now;
  if (to === 'resolved') stamps.resolvedAt = now;
  if (to === 'closed') stamps.closedAt = now;
  return withTransaction(db, async (tx) => {
    const updated = await change(tx, actor, ticket, stamps, { kind: 'status', data: { from: ticket.status, to } }, now, {
      action: 'ticket.status',
      detail: { from: ticket.status, to },
    });
    // Paged tickets tell the paging service: acknowledge, then resolve once mitigated.
    if (stamps.acknowledgedAt) await queueLifecycle(tx, updated, 'acknowledge', now);
    if (stamps.mitigatedAt) await queueLifecycle(tx, updated, 'resolve', now);
    if (to === 'waiting_on_customer') await pauseForCustomer(tx, actor.id, updated, now);
    else if (ticket.status === 'waiting_on_customer') await resumeFromCustomer(tx, actor.id, ticket.id, now, `status changed to ${STATUS_LABELS[to].toLowerCase()}`);
    return updated;
  });
}

/** Checklist step 2, ticked when a valid bundle is linked to the ticket. */
export async function markDiagnosticsGathered(db: Db, actor: Actor, ticketId: number, bundleId: string, now = new Date()): Promise<Ticket> {
  const ticket = await load(db, ticketId);
  if (ticket.diagnosticsGatheredAt) return ticket;
  return change(
    db,
    actor,
    ticket,
    { diagnosticsGatheredAt: now, diagnosticsGatheredById: actor.id },
    { kind: 'checklist', data: { step: 'diagnostics', bundleId } },
    now,
  );
}

/** Checklist step 3: an engineer confirms the consent that the bundle's metadata shows. */
export async function markConsentVerified(db: Db, actor: Actor, ticketId: number, bundleId: string, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  // The checklist step is stamped once, but every bundle's confirmation is an act of its own:
  // each one reaches the timeline and the audit log.
  return change(
    db,
    actor,
    ticket,
    ticket.consentVerifiedAt ? {} : { consentVerifiedAt: now, consentVerifiedById: actor.id },
    { kind: 'checklist', data: { step: 'consent', bundleId } },
    now,
    { action: 'bundle.consent_confirmed', detail: { bundleId } },
  );
}

export type EditableTicketFields = Partial<Pick<Ticket, 'components' | 'severity' | 'customerContact' | 'summary' | 'reportedAt'>>;

const EDIT_LABELS: Record<keyof EditableTicketFields, string> = {
  severity: 'severity',
  components: 'components',
  customerContact: 'contact',
  summary: 'summary',
  reportedAt: 'reported times',
};

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Edits the ticket's intake fields. Only what changed is written; the timeline event and the
 * audit entry carry each change as { from, to }. A severity change re-targets the SLA clocks
 * (lib/sla/README.md, "Severity changes"). Reported times are checked as at creation, against
 * the ticket's opening.
 */
export async function updateTicketFields(db: Db, actor: Actor, ticketId: number, fields: EditableTicketFields, now = new Date(), opts: { confirmOldReportedAt?: boolean } = {}): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  if (ticket.status === 'closed') throw new AppError('CONFLICT', `Ticket #${ticketId} is closed: reopen it before editing.`);
  if (fields.reportedAt) {
    const problem = reportedTimesProblem(fields.reportedAt, ticket.createdAt, now, opts.confirmOldReportedAt);
    if (problem) throw new AppError('INVALID_INPUT', problem);
  }
  if (fields.summary !== undefined && !fields.summary.trim()) throw new AppError('INVALID_INPUT', 'Summary is required.');
  if (fields.customerContact !== undefined && !fields.customerContact.trim()) throw new AppError('INVALID_INPUT', 'Customer contact is required.');
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const values: Partial<NewTicket> = {};
  for (const key of Object.keys(EDIT_LABELS) as (keyof EditableTicketFields)[]) {
    const to = fields[key];
    if (to === undefined || same(ticket[key], to)) continue;
    changes[key] = { from: ticket[key], to };
    (values as Record<string, unknown>)[key] = to;
  }
  const names = Object.keys(changes) as (keyof EditableTicketFields)[];
  if (names.length === 0) throw new AppError('INVALID_INPUT', 'Nothing changed.');
  return change(db, actor, ticket, values, { kind: 'edited', data: { fields: names.map((k) => EDIT_LABELS[k]), changes } }, now, {
    action: 'ticket.edit',
    detail: { changes },
  });
}

/**
 * Reopens a closed ticket: back to investigating, with the reason on the timeline and in the
 * audit log. The resolution stamps stay (they are history); the clocks that already stopped stay
 * stopped.
 */
export async function reopenTicket(db: Db, actor: Actor, ticketId: number, reason: string, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const why = reason.trim();
  if (!why) throw new AppError('INVALID_INPUT', 'Say why the ticket is reopened.');
  if (why.length > 2000) throw new AppError('INVALID_INPUT', 'A reason is at most 2,000 characters.');
  const ticket = await load(db, ticketId);
  if (ticket.status !== 'closed') throw new AppError('CONFLICT', `Ticket #${ticketId} is not closed.`);
  return change(db, actor, ticket, { status: 'investigating', closedAt: null }, { kind: 'reopened', data: { reason: why, from: 'closed', to: 'investigating' } }, now, {
    action: 'ticket.reopen',
    detail: { reason: why },
  });
}
