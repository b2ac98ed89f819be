// Tickets, their events and the filters of the ticket list.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../client';
import { searchTicketText, type TicketTextMatch } from './search';
import {
  ticketEvents,
  tickets,
  users,
  type NewTicket,
  type Severity,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
} from '../schema';

export const TICKET_SORTS = ['newest', 'oldest', 'severity', 'updated'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketFilter {
  severity?: Severity[];
  status?: TicketStatus[];
  assigneeId?: string | 'unassigned';
  text?: string;
  releaseVersion?: string;
  /** Only tickets whose mitigate clock still runs (not mitigated): what the SLA filters look at. */
  clockRunning?: boolean;
  sort?: TicketSort;
  limit?: number;
  offset?: number;
}

export type TicketListRow = Ticket & {
  assigneeEmail: string | null;
  assigneeName: string | null;
  /** With a text filter: the note or mitigation text that matched, when that is why the ticket is listed. */
  textMatch?: TicketTextMatch;
};

export async function insertTicket(db: Db, values: NewTicket): Promise<Ticket> {
  const [row] = await db.insert(tickets).values(values).returning();
  return row;
}

export async function findTicket(db: Db, id: number): Promise<Ticket | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id)).limit(1);
  return row;
}

export async function updateTicket(db: Db, id: number, changes: Partial<NewTicket>): Promise<Ticket | undefined> {
  const [row] = await db.update(tickets).set(changes).where(eq(tickets.id, id)).returning();
  return row;
}

function filterWhere(filter: TicketFilter, textMatchIds: number[] = []): SQL | undefined {
  const where: SQL[] = [];
  if (filter.severity?.length) where.push(inArray(tickets.severity, filter.severity));
  if (filter.status?.length) where.push(inArray(tickets.status, filter.status));
  if (filter.assigneeId === 'unassigned') where.push(sql`${tickets.assigneeId} is null`);
  else if (filter.assigneeId) where.push(eq(tickets.assigneeId, filter.assigneeId));
  if (filter.releaseVersion) where.push(eq(tickets.releaseVersion, filter.releaseVersion));
  if (filter.clockRunning) where.push(sql`${tickets.mitigatedAt} is null`);
  const text = filter.text?.trim();
  if (text) {
    // lower() on both sides: SQLite's LIKE ignores ASCII case, Postgres' does not.
    const pattern = `%${text.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const byText = or(
      sql`lower(${tickets.summary}) like ${pattern} escape '\\'`,
      sql`lower(${tickets.customerName}) like ${pattern} escape '\\'`,
      sql`lower(${tickets.customerContact}) like ${pattern} escape '\\'`,
      textMatchIds.length ? inArray(tickets.id, textMatchIds) : undefined,
    )!;
    const asId = /^#?(\d+)$/.exec(text);
    where.push(asId ? or(byText, eq(tickets.id, Number(asId[1])))! : byText);
  }
  return where.length ? and(...where) : undefined;
}

const ORDER: Record<TicketSort, SQL[]> = {
  newest: [desc(tickets.createdAt), desc(tickets.id)],
  oldest: [asc(tickets.createdAt), asc(tickets.id)],
  severity: [asc(tickets.severity), asc(tickets.createdAt)],
  updated: [desc(tickets.updatedAt), desc(tickets.id)],
};

/**
 * The ticket list: filters, sort and page. A text filter matches the summary, customer and
 * contact, the id (`#12`), and the words of notes and mitigation steps (db/queries/search.ts);
 * a row listed for its notes carries the matching snippet.
 */
export async function listTickets(db: Db, filter: TicketFilter = {}): Promise<{ rows: TicketListRow[]; total: number }> {
  const text = filter.text?.trim();
  const matches = text ? await searchTicketText(db, text) : [];
  const matchById = new Map(matches.map((m) => [m.ticketId, m]));
  const where = filterWhere(filter, [...matchById.keys()]);
  const rows = (await db
    .select({ ticket: tickets, assigneeEmail: users.email, assigneeName: users.name })
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(where)
    .orderBy(...ORDER[filter.sort ?? 'newest'])
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0))
    .map((r) => ({ ...r.ticket, assigneeEmail: r.assigneeEmail, assigneeName: r.assigneeName, textMatch: matchById.get(r.ticket.id) }));
  const [count] = await db.select({ n: sql<number>`count(*)` }).from(tickets).where(where);
  const total = Number(count?.n ?? 0);
  return { rows, total };
}

export async function insertTicketEvent(
  db: Db,
  event: { ticketId: number; at: Date; actorId: string | null; kind: string; data?: Record<string, unknown> },
): Promise<TicketEvent> {
  const [row] = await db.insert(ticketEvents).values({ ...event, data: event.data ?? null }).returning();
  return row;
}

export type TicketEventRow = TicketEvent & { actorEmail: string | null };

export async function listTicketEvents(db: Db, ticketId: number): Promise<TicketEventRow[]> {
  const rows = await db
    .select({ event: ticketEvents, actorEmail: users.email })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
  return rows.map((r) => ({ ...r.event, actorEmail: r.actorEmail }));
}

/** The ticket with the people named on it resolved to emails, for the ticket page. */
export async function findTicketWithPeople(db: Db, id: number) {
  const assignee = alias(users, 'assignee');
  const commander = alias(users, 'commander');
  const triage = alias(users, 'triage');
  const diag = alias(users, 'diag');
  const consent = alias(users, 'consent');
  const ack = alias(users, 'ack');
  const [row] = await db
    .select({
      ticket: tickets,
      assignee: assignee.email,
      commander: commander.email,
      triageBy: triage.email,
      diagnosticsBy: diag.email,
      consentBy: consent.email,
      acknowledgedBy: ack.email,
    })
    .from(tickets)
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(commander, eq(commander.id, tickets.incidentCommanderId))
    .leftJoin(triage, eq(triage.id, tickets.triageConfirmedById))
    .leftJoin(diag, eq(diag.id, tickets.diagnosticsGatheredById))
    .leftJoin(consent, eq(consent.id, tickets.consentVerifiedById))
    .leftJoin(ack, eq(ack.id, tickets.acknowledgedById))
    .where(eq(tickets.id, id))
    .limit(1);
  return row;
}
