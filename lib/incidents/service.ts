// Related tickets and parent incidents over the database: suggestions for a ticket (open tickets,
// across customers, whose bundles' signature overlaps its own, with why and no personal data),
// linking tickets under one parent incident (leads and admins; audited and on both timelines),
// and what /errors shows per code.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import {
  deleteIncidentLink,
  errorCodeFixes,
  findTicketsBrief,
  insertIncidentLink,
  linksTouching,
  openTicketSignatureTerms,
  ticketSignatureTerms,
  ticketsPerErrorCode,
  type RelatedTicketRow,
} from '@/db/queries/incidents';
import { findTicket, insertTicketEvent } from '@/db/queries/tickets';
import type { IncidentLink, Ticket } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { redactText } from '@/lib/pii/mask';
import { errorsSeen, type ErrorSeen } from './errors-seen';
import { linkProblem } from './links';
import { describeShared, isEmptySignature, rankRelated, signatureOf, type Signature } from './signature';

/** A ticket as the related-tickets panel and the links card show it: no contact, text redacted. */
export interface TicketBrief {
  id: number;
  severity: number;
  status: string;
  customerName: string;
  summary: string;
}

function brief(t: RelatedTicketRow | Ticket): TicketBrief {
  return { id: t.id, severity: t.severity, status: t.status, customerName: redactText(t.customerName, null), summary: redactText(t.summary, null) };
}

export interface RelatedSuggestion {
  ticket: TicketBrief;
  shared: Signature;
  /** "error code X400-2003; failing operation x400-mta mta.transfer" */
  why: string;
  identical: boolean;
  /** How it is linked to the ticket looked at already, if it is. */
  link: 'parent' | 'child' | 'sibling' | null;
}

export interface RelatedTickets {
  signature: Signature;
  suggestions: RelatedSuggestion[];
}

/** Open tickets whose evidence looks like this ticket's, best first. */
export async function relatedTickets(db: Db, ticketId: number, limit = 10): Promise<RelatedTickets> {
  const signature = signatureOf(await ticketSignatureTerms(db, ticketId));
  if (isEmptySignature(signature)) return { signature, suggestions: [] };
  const candidates = [...(await openTicketSignatureTerms(db)).entries()].map(([id, terms]) => ({ ticketId: id, signature: signatureOf(terms) }));
  const ranked = rankRelated(ticketId, signature, candidates, limit);
  const rows = new Map((await findTicketsBrief(db, ranked.map((m) => m.ticketId))).map((t) => [t.id, t]));
  const links = await linksTouching(db, [ticketId, ...ranked.map((m) => m.ticketId)]);
  const parentOf = (id: number) => links.find((l) => l.childTicketId === id)?.parentTicketId ?? null;
  const relation = (other: number): RelatedSuggestion['link'] => {
    if (parentOf(ticketId) === other) return 'parent';
    if (parentOf(other) === ticketId) return 'child';
    if (parentOf(other) !== null && parentOf(other) === parentOf(ticketId)) return 'sibling';
    return null;
  };
  return {
    signature,
    suggestions: ranked
      .filter((m) => rows.has(m.ticketId))
      .map((m) => ({ ticket: brief(rows.get(m.ticketId)!), shared: m.shared, why: describeShared(m.shared), identical: m.identical, link: relation(m.ticketId) })),
  };
}

export interface IncidentFamily {
  /** The parent incident this ticket is linked under. */
  parent: (TicketBrief & { linkedAt: Date }) | null;
  /** The tickets linked under this one. */
  children: (TicketBrief & { linkedAt: Date })[];
}

/** The ticket's place in a parent incident: its parent, or its children. */
export async function incidentFamily(db: Db, ticketId: number): Promise<IncidentFamily> {
  const links = await linksTouching(db, [ticketId]);
  const up = links.find((l) => l.childTicketId === ticketId) ?? null;
  const down = links.filter((l) => l.parentTicketId === ticketId);
  const rows = new Map((await findTicketsBrief(db, [...(up ? [up.parentTicketId] : []), ...down.map((l) => l.childTicketId)])).map((t) => [t.id, t]));
  const withLink = (l: IncidentLink, id: number) => (rows.has(id) ? { ...brief(rows.get(id)!), linkedAt: l.linkedAt } : null);
  return {
    parent: up ? withLink(up, up.parentTicketId) : null,
    children: down.map((l) => withLink(l, l.childTicketId)).filter((c): c is NonNullable<typeof c> => !!c),
  };
}

async function load(db: Db, id: number): Promise<Ticket> {
  const ticket = await findTicket(db, id);
  if (!ticket) throw new AppError('NOT_FOUND', `Ticket #${id} does not exist.`);
  return ticket;
}

/**
 * Links `childId` under `parentId` (a lead or an admin). The parent carries the escalation; the
 * child keeps its own SLA clocks and customer updates. On both timelines and in the audit log.
 */
export async function linkIncident(db: Db, actor: Actor, input: { parentId: number; childId: number }, now = new Date()): Promise<IncidentLink> {
  requirePermission(actor, 'incident:link');
  const { parentId, childId } = input;
  if (parentId === childId) throw new AppError('INVALID_INPUT', `Ticket #${childId} cannot be its own parent.`);
  return withTransaction(db, async (tx) => {
    const parent = await load(tx, parentId);
    const child = await load(tx, childId);
    const problem = linkProblem(parent, child, await linksTouching(tx, [parentId, childId]));
    if (problem) throw new AppError('CONFLICT', problem);
    const row = await insertIncidentLink(tx, { childTicketId: childId, parentTicketId: parentId, linkedById: actor.id, linkedAt: now });
    if (!row) throw new AppError('CONFLICT', `Ticket #${childId} was just linked under another incident.`);
    await insertTicketEvent(tx, { ticketId: childId, at: now, actorId: actor.id, kind: 'incident_linked', data: { parentId, childId, role: 'child' } });
    await insertTicketEvent(tx, { ticketId: parentId, at: now, actorId: actor.id, kind: 'incident_linked', data: { parentId, childId, role: 'parent' } });
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'incident.link', targetType: 'ticket', targetId: String(childId), detail: { parentId, childId } });
    return row;
  });
}

/** Takes `childId` out of its parent incident (a lead or an admin). */
export async function unlinkIncident(db: Db, actor: Actor, childId: number, now = new Date()): Promise<IncidentLink> {
  requirePermission(actor, 'incident:link');
  return withTransaction(db, async (tx) => {
    await load(tx, childId);
    const row = await deleteIncidentLink(tx, childId);
    if (!row) throw new AppError('CONFLICT', `Ticket #${childId} is not linked under a parent incident.`);
    const parentId = row.parentTicketId;
    await insertTicketEvent(tx, { ticketId: childId, at: now, actorId: actor.id, kind: 'incident_unlinked', data: { parentId, childId, role: 'child' } });
    await insertTicketEvent(tx, { ticketId: parentId, at: now, actorId: actor.id, kind: 'incident_unlinked', data: { parentId, childId, role: 'parent' } });
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'incident.unlink', targetType: 'ticket', targetId: String(childId), detail: { parentId, childId } });
    return row;
  });
}

/** Per gateway error code: how many tickets saw it, and their latest fix or release. */
export async function errorCodesSeen(db: Db): Promise<Map<string, ErrorSeen>> {
  return errorsSeen(await ticketsPerErrorCode(db), await errorCodeFixes(db));
}
