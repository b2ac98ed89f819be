// Escalation-matrix actions recorded on the board, and the open tickets the board shows.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { inIds } from '../raw';
import { escalationActions, tickets, users, type EscalationAction, type Ticket, type TicketStatus } from '../schema';

export type NewEscalationAction = typeof escalationActions.$inferInsert;
export type EscalationActionRow = EscalationAction & { byEmail: string | null };

/** Statuses the board shows: the incident is not resolved yet. */
export const BOARD_STATUSES: TicketStatus[] = ['new', 'acknowledged', 'investigating', 'waiting_on_customer', 'mitigated'];

export async function insertEscalationAction(db: Db, values: NewEscalationAction): Promise<EscalationAction> {
  const [row] = await db.insert(escalationActions).values(values).returning();
  return row;
}

export async function updateEscalationAction(db: Db, id: number, changes: Partial<NewEscalationAction>): Promise<void> {
  await db.update(escalationActions).set(changes).where(eq(escalationActions.id, id));
}

export async function findEscalationAction(db: Db, id: number): Promise<EscalationAction | undefined> {
  const [row] = await db.select().from(escalationActions).where(eq(escalationActions.id, id)).limit(1);
  return row;
}

export async function listTicketEscalationActions(db: Db, ticketId: number): Promise<EscalationActionRow[]> {
  return (await actionsForTickets(db, [ticketId])).get(ticketId) ?? [];
}

/** Recorded actions of many tickets, oldest first, keyed by ticket id. */
export async function actionsForTickets(db: Db, ticketIds: number[]): Promise<Map<number, EscalationActionRow[]>> {
  const out = new Map<number, EscalationActionRow[]>();
  if (!ticketIds.length) return out;
  const rows = await db
    .select({ action: escalationActions, byEmail: users.email })
    .from(escalationActions)
    .leftJoin(users, eq(users.id, escalationActions.byId))
    .where(inIds(db, escalationActions.ticketId, ticketIds))
    .orderBy(asc(escalationActions.at), asc(escalationActions.id));
  for (const r of rows) {
    let list = out.get(r.action.ticketId);
    if (!list) out.set(r.action.ticketId, (list = []));
    list.push({ ...r.action, byEmail: r.byEmail });
  }
  return out;
}

export type BoardTicketRow = Ticket & { assigneeEmail: string | null; commanderEmail: string | null };

/**
 * Every ticket the board shows (and the SLA watch looks at), newest first. No cap: the oldest
 * open tickets are the ones most likely to be overdue, so a cap would hide exactly those.
 */
export async function listBoardTickets(db: Db): Promise<BoardTicketRow[]> {
  const rows = await db.select().from(tickets).where(inArray(tickets.status, BOARD_STATUSES)).orderBy(desc(tickets.createdAt));
  const ids = [...new Set(rows.flatMap((t) => [t.assigneeId, t.incidentCommanderId]).filter((x): x is string => !!x))];
  const people = ids.length ? await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(inArray(users.id, ids)) : [];
  const emails = new Map(people.map((u) => [u.id, u.name || u.email]));
  // In place: a copy of 2000 rows of 40 columns cost more than the rest of the listing.
  const out = rows as BoardTicketRow[];
  for (const t of out) {
    t.assigneeEmail = t.assigneeId ? (emails.get(t.assigneeId) ?? null) : null;
    t.commanderEmail = t.incidentCommanderId ? (emails.get(t.incidentCommanderId) ?? null) : null;
  }
  return out;
}

/** Paging / status-page actions whose webhook was queued but not delivered (embedded: resent at start). */
export async function listPendingWebhookActions(db: Db): Promise<EscalationAction[]> {
  return db.select().from(escalationActions).where(inArray(escalationActions.webhookStatus, ['pending', 'retrying'])).orderBy(asc(escalationActions.id));
}
