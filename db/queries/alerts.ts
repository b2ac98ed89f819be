// Breach warnings that fired, the in-console inbox, and the paging lifecycle events and receipts.
import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { inIds } from '../raw';
import { inboxItems, pagingEvents, pagingReceipts, slaWarnings, tickets, type InboxItem, type PagingEvent, type SlaWarning, type Ticket } from '../schema';

export type NewSlaWarning = typeof slaWarnings.$inferInsert;
export type NewInboxItem = typeof inboxItems.$inferInsert;
export type NewPagingEvent = typeof pagingEvents.$inferInsert;

/**
 * Records that a warning fired; undefined when it had already fired (the unique key on ticket,
 * clock and threshold: two instances evaluating at once notify once).
 */
export async function claimSlaWarning(db: Db, values: NewSlaWarning): Promise<SlaWarning | undefined> {
  const rows = await db.insert(slaWarnings).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function markWarningPaged(db: Db, id: number): Promise<void> {
  await db.update(slaWarnings).set({ paged: true }).where(eq(slaWarnings.id, id));
}

/** Warnings of many tickets, oldest first, keyed by ticket id (the board). */
export async function warningsForTickets(db: Db, ticketIds: number[]): Promise<Map<number, SlaWarning[]>> {
  const out = new Map<number, SlaWarning[]>();
  if (!ticketIds.length) return out;
  const rows = await db.select().from(slaWarnings).where(inIds(db, slaWarnings.ticketId, ticketIds)).orderBy(asc(slaWarnings.firedAt), asc(slaWarnings.id));
  for (const r of rows) {
    let list = out.get(r.ticketId);
    if (!list) out.set(r.ticketId, (list = []));
    list.push(r);
  }
  return out;
}

export async function insertInboxItem(db: Db, values: NewInboxItem): Promise<InboxItem> {
  const [row] = await db.insert(inboxItems).values(values).returning();
  return row;
}

/** A user's inbox, newest first, with the unread count. */
export async function listInbox(db: Db, userId: string, limit = 30): Promise<{ items: InboxItem[]; unread: number }> {
  const items = await db.select().from(inboxItems).where(eq(inboxItems.userId, userId)).orderBy(desc(inboxItems.createdAt), desc(inboxItems.id)).limit(limit);
  const [row] = await db.select({ n: count() }).from(inboxItems).where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt)));
  return { items, unread: Number(row?.n ?? 0) };
}

/** Marks the user's items read (all of them when `ids` is null); returns how many changed. */
export async function markInboxRead(db: Db, userId: string, ids: number[] | null, now: Date): Promise<number> {
  const where = ids === null
    ? and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt))
    : and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt), inArray(inboxItems.id, ids.length ? ids : [-1]));
  const rows = await db.update(inboxItems).set({ readAt: now }).where(where).returning({ id: inboxItems.id });
  return rows.length;
}

/** Queues a lifecycle event once per ticket and action; undefined when it already exists. */
export async function claimPagingEvent(db: Db, values: NewPagingEvent): Promise<PagingEvent | undefined> {
  const rows = await db.insert(pagingEvents).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function findPagingEvent(db: Db, id: number): Promise<PagingEvent | undefined> {
  const [row] = await db.select().from(pagingEvents).where(eq(pagingEvents.id, id)).limit(1);
  return row;
}

export async function updatePagingEvent(db: Db, id: number, changes: Partial<NewPagingEvent>): Promise<void> {
  await db.update(pagingEvents).set(changes).where(eq(pagingEvents.id, id));
}

export async function listPagingEvents(db: Db, ticketIds: number[]): Promise<PagingEvent[]> {
  if (ticketIds.length === 0) return [];
  if (!ticketIds.length) return [];
  return db.select().from(pagingEvents).where(inIds(db, pagingEvents.ticketId, ticketIds)).orderBy(asc(pagingEvents.id));
}

/** Lifecycle events not delivered yet (re-queued on every SLA watch tick). */
export async function listPendingPagingEvents(db: Db): Promise<PagingEvent[]> {
  return db.select().from(pagingEvents).where(inArray(pagingEvents.status, ['pending', 'retrying'])).orderBy(asc(pagingEvents.id));
}

export async function findTicketByDedupKey(db: Db, dedupKey: string): Promise<Ticket | undefined> {
  const [row] = await db.select().from(tickets).where(eq(tickets.pagingDedupKey, dedupKey)).limit(1);
  return row;
}

/** Records an inbound webhook's event id; false when it was seen before (a replay). */
export async function claimPagingReceipt(db: Db, values: typeof pagingReceipts.$inferInsert): Promise<boolean> {
  const rows = await db.insert(pagingReceipts).values(values).onConflictDoNothing().returning({ id: pagingReceipts.id });
  return rows.length > 0;
}
