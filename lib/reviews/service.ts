// Post-incident reviews: a Sev-1 or Sev-2 ticket closes only with a completed review or a lead's
// recorded waiver. The draft is written from evidence (draft.ts); the engineer edits it on the
// ticket; action items are tracked to done and the weekly report lists the open ones.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { listTicketBundles } from '@/db/queries/bundles';
import { listTicketEngineeringTasks } from '@/db/queries/engineering-tasks';
import { listTicketEscalationActions } from '@/db/queries/escalation';
import { completeActionItem, findReview, firstFailingSpans, insertActionItem, listActionItems, upsertReview } from '@/db/queries/reviews';
import { listTicketPauses } from '@/db/queries/sla';
import { findTicket, insertTicketEvent } from '@/db/queries/tickets';
import type { IncidentReview, ReviewActionItem, Ticket } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { markdownBlock, markdownText } from '@/lib/reports/markdown-safe';
import { bundleErrorCodes } from '@/lib/customer-updates/facts';
import { KIND_LABELS, type EscalationKind } from '@/lib/escalation/matrix';
import { getSlaPolicy } from '@/lib/settings';
import { CLOCK_LABELS, clockSpecs, clockStatus, explainSpec } from '@/lib/sla/ticket';
import { draftReview, type ReviewEvidence } from './draft';

/** Severities whose tickets need a review (or a waiver) before closing. */
export const REVIEWED_SEVERITIES: readonly number[] = [1, 2];

export function needsReview(ticket: Pick<Ticket, 'severity'>): boolean {
  return REVIEWED_SEVERITIES.includes(ticket.severity);
}

/** Whether the review question is settled: not needed, completed, or waived. */
export function reviewSettled(ticket: Pick<Ticket, 'severity'>, review: IncidentReview | undefined | null): boolean {
  return !needsReview(ticket) || !!review?.completedAt || !!review?.waivedAt;
}

async function loadTicket(db: Db, ticketId: number): Promise<Ticket> {
  const ticket = await findTicket(db, ticketId);
  if (!ticket) throw new AppError('NOT_FOUND', `Ticket #${ticketId} does not exist.`);
  return ticket;
}

function reviewable(ticket: Ticket) {
  if (!needsReview(ticket)) throw new AppError('CONFLICT', `Ticket #${ticket.id} is Sev-${ticket.severity}: only Sev-1 and Sev-2 incidents get a post-incident review.`);
  if (ticket.status === 'closed') throw new AppError('CONFLICT', `Ticket #${ticket.id} is closed.`);
}

export async function gatherReviewEvidence(db: Db, ticket: Ticket, now = new Date()): Promise<ReviewEvidence> {
  const [bundles, actions, tasks, pauses, policy] = await Promise.all([
    listTicketBundles(db, ticket.id),
    listTicketEscalationActions(db, ticket.id),
    listTicketEngineeringTasks(db, ticket.id),
    listTicketPauses(db, ticket.id),
    getSlaPolicy(db),
  ]);
  const parsed = bundles.filter((b) => b.parseState === 'parsed' && b.state !== 'purged' && b.state !== 'purging');
  const failures = (await firstFailingSpans(db, parsed.map((b) => b.id)))
    .map((f) => ({ bundleId: f.bundleId, service: f.service, name: f.name, spanId: f.spanId, startMs: Math.floor(Number(f.startUs) / 1000), errorCode: f.errorCode }))
    .sort((a, b) => a.startMs - b.startMs);
  const specs = clockSpecs(ticket, pauses, policy.targets);
  const sla = (['ack', 'mitigate'] as const).map((name) => {
    const ex = explainSpec(specs[name], policy.calendar, now.getTime());
    return { clock: CLOCK_LABELS[name], state: clockStatus(specs[name], policy.calendar, now.getTime()).text, lines: ex.lines };
  });
  return {
    ticketId: ticket.id,
    severity: ticket.severity,
    summary: ticket.summary,
    customerName: ticket.customerName,
    createdAt: ticket.createdAt,
    acknowledgedAt: ticket.acknowledgedAt,
    mitigatedAt: ticket.mitigatedAt,
    reportedAt: ticket.reportedAt,
    firstFailures: failures,
    sla,
    escalation: actions.map((a) => ({ label: KIND_LABELS[a.kind as EscalationKind] ?? a.kind, at: a.at, by: a.byEmail, note: a.note })),
    mitigationSteps: ticket.mitigationSteps,
    tasks: tasks.map((t) => ({ title: t.title, link: t.link, bundleIds: t.bundleIds })),
    releaseVersion: ticket.releaseVersion,
    errorCodes: bundleErrorCodes(bundles),
  };
}

/** The review as saved, else a fresh draft from the evidence (not saved until the engineer does). */
export async function reviewForTicket(db: Db, actor: Actor, ticketId: number, now = new Date()): Promise<{ review: IncidentReview | null; body: string; items: ReviewActionItem[] }> {
  requirePermission(actor, 'ticket:read');
  const ticket = await loadTicket(db, ticketId);
  const review = (await findReview(db, ticketId)) ?? null;
  const body = review?.body ?? draftReview(await gatherReviewEvidence(db, ticket, now));
  return { review, body, items: await listActionItems(db, ticketId) };
}

async function record(db: Db, actor: Actor, ticketId: number, summary: string, action: string, now: Date, detail?: Record<string, unknown>) {
  await insertTicketEvent(db, { ticketId, at: now, actorId: actor.id, kind: 'review', data: { summary } });
  await appendAudit(db, { at: now, actorId: actor.id, actorEmail: actor.email, action, targetType: 'ticket', targetId: String(ticketId), detail });
}

/** Saves the edited review; `complete` marks it done (what closing needs). */
export async function saveReview(db: Db, actor: Actor, ticketId: number, input: { body: string; complete: boolean }, now = new Date()): Promise<IncidentReview> {
  requirePermission(actor, 'ticket:write');
  const ticket = await loadTicket(db, ticketId);
  reviewable(ticket);
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  if (!body) throw new AppError('INVALID_INPUT', 'The review cannot be empty.');
  if (body.length > 100_000) throw new AppError('INVALID_INPUT', 'The review is at most 100,000 characters.');
  const before = await findReview(db, ticketId);
  return withTransaction(db, async (tx) => {
    const completing = input.complete && !before?.completedAt;
    const row = await upsertReview(tx, {
      ticketId,
      body,
      completedAt: input.complete ? (before?.completedAt ?? now) : null,
      completedById: input.complete ? (before?.completedById ?? actor.id) : null,
      waiverReason: before?.waiverReason ?? null,
      waivedAt: before?.waivedAt ?? null,
      waivedById: before?.waivedById ?? null,
      updatedAt: now,
      updatedById: actor.id,
    });
    await record(tx, actor, ticketId, completing ? 'completed the post-incident review' : 'saved the post-incident review', completing ? 'review.complete' : 'review.save', now);
    return row;
  });
}

/** A lead records that this incident needs no review, and why. */
export async function waiveReview(db: Db, actor: Actor, ticketId: number, reason: string, now = new Date()): Promise<IncidentReview> {
  requirePermission(actor, 'board:act');
  const ticket = await loadTicket(db, ticketId);
  reviewable(ticket);
  const why = reason.trim();
  if (why.length < 10) throw new AppError('INVALID_INPUT', 'Say why no review is needed (at least 10 characters).');
  if (why.length > 2000) throw new AppError('INVALID_INPUT', 'The reason is at most 2,000 characters.');
  const before = await findReview(db, ticketId);
  return withTransaction(db, async (tx) => {
    const row = await upsertReview(tx, {
      ticketId,
      body: before?.body ?? null,
      completedAt: before?.completedAt ?? null,
      completedById: before?.completedById ?? null,
      waiverReason: why,
      waivedAt: now,
      waivedById: actor.id,
      updatedAt: now,
      updatedById: actor.id,
    });
    await record(tx, actor, ticketId, `waived the post-incident review: ${why}`, 'review.waive', now, { reason: why });
    return row;
  });
}

export async function addReviewActionItem(db: Db, actor: Actor, ticketId: number, input: { title: string; owner?: string | null }, now = new Date()): Promise<ReviewActionItem> {
  requirePermission(actor, 'ticket:write');
  const ticket = await loadTicket(db, ticketId);
  if (!needsReview(ticket)) throw new AppError('CONFLICT', 'Only Sev-1 and Sev-2 incidents have review action items.');
  const title = input.title.trim();
  if (!title) throw new AppError('INVALID_INPUT', 'An action item needs a title.');
  if (title.length > 300) throw new AppError('INVALID_INPUT', 'An action item is at most 300 characters.');
  const owner = input.owner?.trim() || null;
  if (owner && owner.length > 200) throw new AppError('INVALID_INPUT', 'The owner is at most 200 characters.');
  return withTransaction(db, async (tx) => {
    const item = await insertActionItem(tx, { ticketId, title, owner, createdById: actor.id, createdAt: now });
    await record(tx, actor, ticketId, `added review action item “${title}”`, 'review.action_item', now, { itemId: item.id });
    return item;
  });
}

export async function markActionItemDone(db: Db, actor: Actor, ticketId: number, itemId: number, now = new Date()): Promise<ReviewActionItem> {
  requirePermission(actor, 'ticket:write');
  await loadTicket(db, ticketId);
  return withTransaction(db, async (tx) => {
    const item = await completeActionItem(tx, itemId, ticketId, actor.id, now);
    if (!item) throw new AppError('CONFLICT', `Ticket #${ticketId} has no open action item #${itemId}.`);
    await record(tx, actor, ticketId, `finished review action item “${item.title}”`, 'review.action_item_done', now, { itemId });
    return item;
  });
}

/** The review as a Markdown file: the saved text (or the draft), then the action items. */
export async function reviewMarkdown(db: Db, actor: Actor, ticketId: number, now = new Date()): Promise<string> {
  const { review, body, items } = await reviewForTicket(db, actor, ticketId, now);
  const lines = [markdownBlock(body.trimEnd()), ''];
  if (review?.waivedAt) lines.push(`> Review waived ${review.waivedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${markdownText(review.waiverReason ?? '')}`, '');
  if (items.length) {
    lines.push('## Action items (tracked)', '');
    for (const i of items) lines.push(`- [${i.doneAt ? 'x' : ' '}] ${markdownText(i.title)}${i.owner ? ` (${markdownText(i.owner)})` : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}
