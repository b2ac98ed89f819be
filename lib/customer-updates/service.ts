// Customer updates: drafted from templates, edited by the engineer, checked for personal data,
// then sent by e-mail through the job queue (or kept "to send by hand" without SMTP). A sent
// update ticks the board's update action (restarting its cadence) and, for a mitigated / resolved
// update, records that the customer was notified.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { expireUpdateLinks, findCustomerUpdate, insertCustomerUpdate, markCustomerUpdateSent, updateCustomerUpdate } from '@/db/queries/customer-updates';
import { listTicketEscalationActions } from '@/db/queries/escalation';
import { findTicket, insertTicketEvent } from '@/db/queries/tickets';
import { findUserById } from '@/db/queries/users';
import type { CustomerUpdate, Ticket } from '@/db/schema';
import { SYSTEM_ACTOR, type Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError, type AppErrorCode } from '@/lib/errors';
import { matrixAction } from '@/lib/escalation/matrix';
import { recordEscalationAction } from '@/lib/escalation/service';
import { redactText } from '@/lib/pii';
import { NOTIFY_CHANNELS, recordCustomerNotified, type NotifyChannel } from '@/lib/tickets/resolution';
import { confirmationUrl, mintConfirmationLink } from './confirmation';
import { gatherUpdateFacts } from './facts';
import { isMailAddress, type Mailer } from './mailer';
import { checkOutgoingText, describeFindings, type OutgoingFinding } from './pii-check';
import { CONFIRMATION_LINK_PLACEHOLDER, CONFIRMING_SITUATIONS, draftUpdate, SITUATION_LABELS, SITUATIONS, type Situation, type UpdateDraft } from './templates';

/** A customer update refused for a reason the engineer can act on. */
export class CustomerUpdateError extends AppError {
  constructor(message: string, code: AppErrorCode = 'INVALID_INPUT') {
    super(code, message);
  }
}

/** Sending refused: the text holds personal data. The message names categories and places only. */
export class PersonalDataInUpdateError extends CustomerUpdateError {
  constructor(readonly findings: OutgoingFinding[]) {
    super(describeFindings(findings), 'UNPROCESSABLE');
  }
}

/** Delivery attempts before an update is marked failed (the job queue retries in between). */
export const MAX_SEND_ATTEMPTS = 5;

const MAX_SUBJECT = 200;
const MAX_BODY = 20_000;

async function openTicket(db: Db, ticketId: number): Promise<Ticket> {
  const ticket = await findTicket(db, ticketId);
  if (!ticket) throw new CustomerUpdateError(`Ticket #${ticketId} does not exist.`, 'NOT_FOUND');
  if (ticket.status === 'closed') throw new CustomerUpdateError(`Ticket #${ticket.id} is closed: no more updates go out for it.`, 'CONFLICT');
  return ticket;
}

/** The template for every situation, filled from the ticket now (confirming ones carry the link placeholder). */
export async function customerUpdateDrafts(db: Db, actor: Actor, ticketId: number, now = new Date()): Promise<UpdateDraft[]> {
  requirePermission(actor, 'ticket:write');
  const ticket = await openTicket(db, ticketId);
  const facts = await gatherUpdateFacts(db, ticket, now);
  return SITUATIONS.map((s) => draftUpdate({ ...facts, confirmationLink: CONFIRMING_SITUATIONS.includes(s) ? CONFIRMATION_LINK_PLACEHOLDER : undefined }, s));
}

/** The situation that fits the ticket's status (the form preselects it). */
export function suggestedSituation(ticket: Pick<Ticket, 'status'>): Situation {
  switch (ticket.status) {
    case 'new':
    case 'acknowledged':
      return 'acknowledged';
    case 'mitigated':
      return 'mitigated';
    case 'resolved':
    case 'closed':
      return 'resolved';
    default:
      return 'investigating';
  }
}

export interface SubmitUpdateInput {
  ticketId: number;
  situation: Situation;
  subject: string;
  body: string;
}

export interface SubmitOptions {
  /** SMTP is configured: the update is queued for the mail job; otherwise it is kept to send by hand. */
  smtp: boolean;
  confirmLinkDays: number;
  /** Where the confirmation link points (the console's public origin); needed only by hand. */
  baseUrl: string | null;
}

/**
 * Checks and records an update. Refuses personal data (PersonalDataInUpdateError). With SMTP and a
 * mail address as the ticket's contact it is queued (the caller queues the job); otherwise it is
 * kept "to send by hand" and `manualText` carries the text to copy, confirmation link included
 * (shown once: only the link's hash is stored).
 */
export async function submitCustomerUpdate(
  db: Db,
  actor: Actor,
  input: SubmitUpdateInput,
  opts: SubmitOptions,
  now = new Date(),
): Promise<{ update: CustomerUpdate; manualText: string | null }> {
  requirePermission(actor, 'ticket:write');
  if (!(SITUATIONS as readonly string[]).includes(input.situation)) throw new CustomerUpdateError(`Choose a situation: ${SITUATIONS.join(', ')}.`);
  const subject = input.subject.replace(/\s+/g, ' ').trim();
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (!subject) throw new CustomerUpdateError('The subject cannot be empty.');
  if (subject.length > MAX_SUBJECT) throw new CustomerUpdateError(`The subject is at most ${MAX_SUBJECT} characters.`);
  if (!body) throw new CustomerUpdateError('The message cannot be empty.');
  if (body.length > MAX_BODY) throw new CustomerUpdateError(`The message is at most ${MAX_BODY.toLocaleString('en-US')} characters.`);
  const findings = checkOutgoingText({ subject, body });
  if (findings.length) throw new PersonalDataInUpdateError(findings);
  const ticket = await openTicket(db, input.ticketId);
  const wantsLink = body.includes(CONFIRMATION_LINK_PLACEHOLDER);
  if (wantsLink && !CONFIRMING_SITUATIONS.includes(input.situation)) {
    throw new CustomerUpdateError(`Only a ${CONFIRMING_SITUATIONS.join(' or ')} update may carry the confirmation link: remove ${CONFIRMATION_LINK_PLACEHOLDER}.`);
  }
  const byMail = opts.smtp && isMailAddress(ticket.customerContact);
  if (wantsLink && !byMail && !opts.baseUrl) throw new CustomerUpdateError('The console does not know its public address for the link: set X400_PUBLIC_URL.', 'NOT_SUPPORTED');
  const how = byMail ? 'queued for e-mail' : opts.smtp ? 'to send by hand (the contact is not an e-mail address)' : 'to send by hand (no SMTP server is configured)';
  return withTransaction(db, async (tx) => {
    const update = await insertCustomerUpdate(tx, {
      ticketId: ticket.id,
      situation: input.situation,
      severity: ticket.severity,
      recipient: ticket.customerContact,
      subject,
      body,
      status: byMail ? 'queued' : 'manual',
      createdById: actor.id,
      createdAt: now,
    });
    let manualText: string | null = null;
    if (!byMail) {
      manualText = body;
      if (wantsLink) {
        const { token } = await mintConfirmationLink(tx, { ticketId: ticket.id, updateId: update.id, createdById: actor.id, days: opts.confirmLinkDays }, now);
        manualText = body.split(CONFIRMATION_LINK_PLACEHOLDER).join(confirmationUrl(opts.baseUrl!, token));
      }
    }
    await insertTicketEvent(tx, { ticketId: ticket.id, at: now, actorId: actor.id, kind: 'customer_update', data: { summary: `wrote customer update #${update.id} (${SITUATION_LABELS[input.situation]}): ${how}`, updateId: update.id } });
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'customer_update.submit', targetType: 'ticket', targetId: String(ticket.id), detail: { updateId: update.id, situation: input.situation, status: update.status } });
    return { update, manualText };
  });
}

/**
 * What follows a sent update: the timeline and audit entry, the board's update action (restarting
 * its cadence; for Sev-3 the ETA communication), and for a mitigated / resolved update the
 * "customer notified" step. The board action is recorded by the console on the sender's behalf:
 * engineers send updates, while recording on the board by hand is for leads.
 */
async function afterSent(db: Db, update: CustomerUpdate, sender: Actor, via: NotifyChannel, now: Date): Promise<void> {
  const how = via === 'email' ? 'by e-mail' : `by ${via}`;
  await withTransaction(db, async (tx) => {
    await insertTicketEvent(tx, { ticketId: update.ticketId, at: now, actorId: sender.id, kind: 'customer_update_sent', data: { summary: `sent customer update #${update.id} (${SITUATION_LABELS[update.situation as Situation] ?? update.situation}) ${how}`, updateId: update.id } });
    await appendAudit(tx, { at: now, actorId: sender.id, actorEmail: sender.email, action: 'customer_update.sent', targetType: 'ticket', targetId: String(update.ticketId), detail: { updateId: update.id, via } });
  });
  const ticket = await findTicket(db, update.ticketId);
  if (!ticket) return;
  const onBehalf: Actor = { id: sender.id, email: sender.email, role: SYSTEM_ACTOR.role };
  const kind = matrixAction(ticket.severity, 'update') ? 'update' : matrixAction(ticket.severity, 'communicate_eta') ? 'communicate_eta' : null;
  const alreadyDone = kind === 'communicate_eta' && (await listTicketEscalationActions(db, ticket.id)).some((a) => a.kind === kind);
  if (kind && !alreadyDone) {
    try {
      await recordEscalationAction(db, onBehalf, { ticketId: ticket.id, kind, note: `customer update #${update.id} sent ${how}` }, now);
    } catch (error) {
      // A resolved ticket's escalation is over: the update still went out.
      if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
    }
  }
  if (CONFIRMING_SITUATIONS.includes(update.situation as Situation) && ticket.status !== 'closed') {
    await recordCustomerNotified(db, onBehalf, ticket.id, { at: now, via, message: update.body }, now);
  }
}

async function senderOf(db: Db, update: CustomerUpdate): Promise<Actor> {
  const user = update.createdById ? await findUserById(db, update.createdById) : undefined;
  return user ? { id: user.id, email: user.email, role: user.role } : SYSTEM_ACTOR;
}

export interface DeliveryDeps {
  mailer: Mailer;
  confirmLinkDays: number;
  /** The console's public origin, for the confirmation link. */
  baseUrl: string | null;
  now?: () => Date;
}

/**
 * The mail job: sends one queued update. A confirmation link is minted now (its token exists only
 * in the mail; earlier unused links of this update end). On an SMTP failure the attempt is
 * recorded and the error rethrown so the queue retries, until MAX_SEND_ATTEMPTS marks it failed.
 */
export async function deliverCustomerUpdate(db: Db, updateId: number, deps: DeliveryDeps): Promise<'sent' | 'failed' | 'skipped'> {
  const update = await findCustomerUpdate(db, updateId);
  if (!update || update.status !== 'queued') return 'skipped';
  const now = deps.now ?? (() => new Date());
  let text = update.body;
  if (text.includes(CONFIRMATION_LINK_PLACEHOLDER)) {
    if (!deps.baseUrl) {
      await updateCustomerUpdate(db, update.id, { status: 'failed', lastError: 'The console does not know its public address for the confirmation link: set X400_PUBLIC_URL.' });
      return 'failed';
    }
    const at = now();
    const { token } = await withTransaction(db, async (tx) => {
      await expireUpdateLinks(tx, update.id, at);
      return mintConfirmationLink(tx, { ticketId: update.ticketId, updateId: update.id, createdById: update.createdById, days: deps.confirmLinkDays }, at);
    });
    text = text.split(CONFIRMATION_LINK_PLACEHOLDER).join(confirmationUrl(deps.baseUrl, token));
  }
  const attempts = update.attempts + 1;
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to: update.recipient, subject: update.subject, text, threadId: `<ticket-${update.ticketId}@x400-support>` }));
  } catch (error) {
    // The server's reply may quote the recipient: keep the reason, not the address.
    const reason = redactText(error instanceof Error ? error.message : String(error), null).slice(0, 500);
    const failed = attempts >= MAX_SEND_ATTEMPTS;
    await updateCustomerUpdate(db, update.id, { attempts, lastError: reason, status: failed ? 'failed' : 'queued' });
    if (failed) return 'failed';
    throw error;
  }
  const at = now();
  const sent = await markCustomerUpdateSent(db, update.id, ['queued'], { sentAt: at, sentById: update.createdById, messageId, attempts, lastError: null });
  if (!sent) return 'skipped';
  await afterSent(db, sent, await senderOf(db, sent), 'email', at);
  return 'sent';
}

/** An update kept to send by hand (or one whose e-mail failed) was sent another way: record it. */
export async function markCustomerUpdateSentByHand(
  db: Db,
  actor: Actor,
  ref: { ticketId: number; updateId: number },
  via: NotifyChannel,
  now = new Date(),
): Promise<CustomerUpdate> {
  requirePermission(actor, 'ticket:write');
  if (!(NOTIFY_CHANNELS as readonly string[]).includes(via)) throw new CustomerUpdateError(`How was it sent? Use one of: ${NOTIFY_CHANNELS.join(', ')}.`);
  const update = await findCustomerUpdate(db, ref.updateId);
  if (!update || update.ticketId !== ref.ticketId) throw new CustomerUpdateError(`Ticket #${ref.ticketId} has no customer update #${ref.updateId}.`, 'NOT_FOUND');
  await openTicket(db, update.ticketId);
  const sent = await markCustomerUpdateSent(db, update.id, ['manual', 'failed'], { sentAt: now, sentById: actor.id, messageId: null, attempts: update.attempts, lastError: update.lastError });
  if (!sent) throw new CustomerUpdateError(`Customer update #${update.id} is ${update.status === 'sent' ? 'already sent' : 'still queued for e-mail'}.`, 'CONFLICT');
  await afterSent(db, sent, actor, via, now);
  return sent;
}
