// Resolution and post-resolution steps of the runbook on a ticket: mitigation steps, engineering
// tasks citing bundle IDs, customer notification and confirmation, release tag, learnings, and
// SLA pauses. Like lib/tickets/service.ts, each call checks the role and writes the ticket, its
// timeline event and the audit entry in one transaction.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { listTicketBundles } from '@/db/queries/bundles';
import { insertEngineeringTask } from '@/db/queries/engineering-tasks';
import { findOpenPause, insertPause, updatePause } from '@/db/queries/sla';
import { findTicket, insertTicketEvent, updateTicket } from '@/db/queries/tickets';
import type { EngineeringTask, NewTicket, SlaPause, Ticket } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';

export const NOTIFY_CHANNELS = ['email', 'phone', 'portal', 'chat', 'status page'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** Semantic Versioning 2.0.0 (https://semver.org), with an optional leading "v". */
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The version as stored ("v4.12.1" → "4.12.1"), or null when it is not semver. */
export function parseReleaseVersion(input: string): string | null {
  const v = input.trim();
  return SEMVER.test(v) ? v.replace(/^v/, '') : null;
}

async function load(db: Db, id: number): Promise<Ticket> {
  const ticket = await findTicket(db, id);
  if (!ticket) throw new AppError('NOT_FOUND', `Ticket #${id} does not exist.`);
  return ticket;
}

async function record<T>(
  db: Db,
  actor: Actor,
  ticket: Ticket,
  changes: Partial<NewTicket>,
  event: { kind: string; data: Record<string, unknown> & { summary: string } },
  audit: { action: string; detail?: Record<string, unknown> },
  now: Date,
  extra?: (tx: Db) => Promise<T>,
): Promise<{ ticket: Ticket; extra: T | undefined }> {
  return withTransaction(db, async (tx) => {
    const result = extra ? await extra(tx) : undefined;
    const updated = (await updateTicket(tx, ticket.id, { ...changes, updatedAt: now }))!;
    await insertTicketEvent(tx, { ticketId: ticket.id, at: now, actorId: actor.id, kind: event.kind, data: event.data });
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: audit.action, targetType: 'ticket', targetId: String(ticket.id), detail: audit.detail });
    return { ticket: updated, extra: result };
  });
}

function text(value: string, label: string, max: number): string {
  const v = value.trim();
  if (!v) throw new AppError('INVALID_INPUT', `${label} cannot be empty.`);
  if (v.length > max) throw new AppError('INVALID_INPUT', `${label} is at most ${max.toLocaleString('en-US')} characters.`);
  return v;
}

/** Forms give minutes: the minute the ticket was opened counts as "not before" its opening. */
function openedMinute(ticket: Ticket): number {
  return Math.floor(ticket.createdAt.getTime() / 60_000) * 60_000;
}

function notClosed(ticket: Ticket) {
  if (ticket.status === 'closed') throw new AppError('CONFLICT', `Ticket #${ticket.id} is closed.`);
}

/** Mitigation steps (markdown): configuration updates, retries, patches. */
export async function saveMitigationSteps(db: Db, actor: Actor, ticketId: number, markdown: string, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  notClosed(ticket);
  const steps = text(markdown, 'Mitigation steps', 20_000);
  return (await record(db, actor, ticket, { mitigationSteps: steps }, { kind: 'mitigation_steps', data: { summary: ticket.mitigationSteps ? 'updated the mitigation steps' : 'wrote the mitigation steps' } }, { action: 'ticket.mitigation_steps' }, now)).ticket;
}

export interface EngineeringTaskInput {
  title: string;
  /** An external link (https://…) or a tracker id (e.g. ENG-1234). */
  link: string;
  bundleIds: string[];
  /** Facts of the spans the task cites (a task created from a span), resolved by the caller. */
  spanCards?: unknown[];
}

/** An engineering task where code must change; it must cite one or more of the ticket's bundles. */
export async function addEngineeringTask(db: Db, actor: Actor, ticketId: number, input: EngineeringTaskInput, now = new Date()): Promise<EngineeringTask> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  notClosed(ticket);
  const title = text(input.title, 'Task title', 300);
  const link = text(input.link, 'Task link or id', 2000);
  if (/^[a-z]+:/i.test(link) && !/^https?:\/\//i.test(link)) throw new AppError('INVALID_INPUT', 'The task link must be an http(s) URL or a tracker id such as ENG-1234.');
  const cited = [...new Set(input.bundleIds.map((b) => b.trim()).filter(Boolean))];
  if (cited.length === 0) throw new AppError('INVALID_INPUT', 'Cite at least one of the ticket’s bundle IDs.');
  const own = new Map((await listTicketBundles(db, ticketId)).map((b) => [b.id, b]));
  for (const id of cited) {
    const bundle = own.get(id);
    if (!bundle) throw new AppError('CONFLICT', `Bundle ${id} is not linked to ticket #${ticketId}.`);
    if (bundle.state === 'purged' || bundle.state === 'purging') throw new AppError('CONFLICT', `Bundle ${id} was purged: cite a bundle the engineers can still read.`);
  }
  return (await record(
    db,
    actor,
    ticket,
    {},
    { kind: 'engineering_task', data: { summary: `created engineering task “${title}” (${link}) citing ${cited.join(', ')}`, title, link, bundleIds: cited, ...(input.spanCards?.length ? { spanCards: input.spanCards } : {}) } },
    { action: 'ticket.engineering_task', detail: { title, link, bundleIds: cited } },
    now,
    (tx) => insertEngineeringTask(tx, { ticketId, title, link, bundleIds: cited, spanCards: input.spanCards?.length ? input.spanCards : null, createdById: actor.id, createdAt: now }),
  )).extra!;
}

export async function recordCustomerNotified(
  db: Db,
  actor: Actor,
  ticketId: number,
  input: { at: Date; via: NotifyChannel; message: string },
  now = new Date(),
): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  notClosed(ticket);
  if (!Number.isFinite(input.at.getTime())) throw new AppError('INVALID_INPUT', 'When was the customer notified? The time is not valid.');
  if (input.at.getTime() > now.getTime() + 5 * 60_000) throw new AppError('INVALID_INPUT', 'The notification time is in the future.');
  if (input.at.getTime() < openedMinute(ticket)) throw new AppError('INVALID_INPUT', 'The customer cannot have been notified before the ticket was opened.');
  if (!(NOTIFY_CHANNELS as readonly string[]).includes(input.via)) throw new AppError('INVALID_INPUT', `How was the customer notified? Use one of: ${NOTIFY_CHANNELS.join(', ')}.`);
  const message = text(input.message, 'The message sent to the customer', 10_000);
  return (await record(
    db,
    actor,
    ticket,
    { customerNotifiedAt: input.at, customerNotifiedVia: input.via, customerNotifiedMessage: message },
    { kind: 'customer_notified', data: { summary: `recorded that the customer was notified by ${input.via}`, at: input.at.toISOString(), via: input.via } },
    { action: 'ticket.customer_notified', detail: { via: input.via } },
    now,
  )).ticket;
}

export async function recordCustomerConfirmation(db: Db, actor: Actor, ticketId: number, input: { at: Date; confirmation: string }, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  notClosed(ticket);
  if (!ticket.customerNotifiedAt) throw new AppError('CONFLICT', 'Record how the customer was notified before their confirmation.');
  if (!Number.isFinite(input.at.getTime()) || input.at.getTime() > now.getTime() + 5 * 60_000) throw new AppError('INVALID_INPUT', 'The confirmation time is not valid or in the future.');
  if (input.at.getTime() < ticket.customerNotifiedAt.getTime()) throw new AppError('INVALID_INPUT', 'The customer cannot confirm before they were notified.');
  const confirmation = text(input.confirmation, "The customer's confirmation", 10_000);
  return (await record(
    db,
    actor,
    ticket,
    { customerConfirmedAt: input.at, customerConfirmation: confirmation },
    { kind: 'customer_confirmed', data: { summary: "recorded the customer's confirmation", at: input.at.toISOString() } },
    { action: 'ticket.customer_confirmed' },
    now,
  )).ticket;
}

/** Tags the ticket with the release that shipped its fix (semver), for the CHANGELOG. */
export async function tagRelease(db: Db, actor: Actor, ticketId: number, version: string, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  const parsed = parseReleaseVersion(version);
  if (!parsed) throw new AppError('INVALID_INPUT', `"${version.trim()}" is not a semantic version such as 4.12.1 or 4.13.0-rc.1.`);
  if (ticket.releaseVersion === parsed) return ticket;
  return (await record(
    db,
    actor,
    ticket,
    { releaseVersion: parsed, releaseTaggedAt: now },
    { kind: 'release_tagged', data: { summary: `tagged release ${parsed}${ticket.releaseVersion ? ` (was ${ticket.releaseVersion})` : ''}`, version: parsed } },
    { action: 'ticket.release_tagged', detail: { version: parsed, previous: ticket.releaseVersion } },
    now,
  )).ticket;
}

/** Learnings for the weekly operations report; required before closing. */
export async function saveLearnings(db: Db, actor: Actor, ticketId: number, learnings: string, now = new Date()): Promise<Ticket> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  const body = text(learnings, 'Learnings', 20_000);
  return (await record(
    db,
    actor,
    ticket,
    { learnings: body, learningsCapturedAt: ticket.learningsCapturedAt ?? now },
    { kind: 'learnings', data: { summary: ticket.learnings ? 'updated the learnings' : 'captured the learnings' } },
    { action: 'ticket.learnings' },
    now,
  )).ticket;
}

/** Stops the SLA clocks while the ticket waits on the customer (a bundle, consent, a test). */
export async function pauseSla(db: Db, actor: Actor, ticketId: number, input: { reason: string; from?: Date }, now = new Date()): Promise<SlaPause> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  notClosed(ticket);
  if (ticket.acknowledgedAt && ticket.mitigatedAt) throw new AppError('CONFLICT', 'Both SLA clocks have stopped: there is nothing to pause.');
  if (await findOpenPause(db, ticketId)) throw new AppError('CONFLICT', 'The SLA clocks are already paused: resume them first.');
  const reason = text(input.reason, 'The reason for the pause', 500);
  const from = new Date((input.from ?? now).getTime());
  if (!Number.isFinite(from.getTime()) || from.getTime() > now.getTime() + 60_000) throw new AppError('INVALID_INPUT', 'A pause cannot start in the future.');
  if (from.getTime() < openedMinute(ticket)) throw new AppError('INVALID_INPUT', 'A pause cannot start before the ticket was opened.');
  if (from.getTime() < ticket.createdAt.getTime()) from.setTime(ticket.createdAt.getTime());
  return (await record(
    db,
    actor,
    ticket,
    {},
    { kind: 'sla_paused', data: { summary: `paused the SLA clocks: ${reason}`, reason, from: from.toISOString() } },
    { action: 'ticket.sla_pause', detail: { reason, from: from.toISOString() } },
    now,
    (tx) => insertPause(tx, { ticketId, from, to: null, reason, byId: actor.id }),
  )).extra!;
}

export async function resumeSla(db: Db, actor: Actor, ticketId: number, input: { to?: Date } = {}, now = new Date()): Promise<SlaPause> {
  requirePermission(actor, 'ticket:write');
  const ticket = await load(db, ticketId);
  const open = await findOpenPause(db, ticketId);
  if (!open) throw new AppError('CONFLICT', 'The SLA clocks are not paused.');
  const to = input.to ?? now;
  if (!Number.isFinite(to.getTime()) || to.getTime() > now.getTime() + 60_000) throw new AppError('INVALID_INPUT', 'A pause cannot end in the future.');
  if (to.getTime() < open.from.getTime()) throw new AppError('INVALID_INPUT', 'A pause cannot end before it started.');
  const minutes = Math.round((to.getTime() - open.from.getTime()) / 60_000);
  return (await record(
    db,
    actor,
    ticket,
    {},
    { kind: 'sla_resumed', data: { summary: `resumed the SLA clocks after ${minutes} min paused`, pauseId: open.id } },
    { action: 'ticket.sla_resume', detail: { pauseId: open.id, minutes } },
    now,
    async (tx) => (await updatePause(tx, open.id, { to }))!,
  )).extra!;
}
