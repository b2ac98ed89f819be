// Post-incident reviews, their action items, and the evidence the draft reads (first failing spans).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { incidentReviews, reviewActionItems, spans, tickets, type IncidentReview, type ReviewActionItem } from '../schema';
import { spansOf } from './spans';

export type NewIncidentReview = typeof incidentReviews.$inferInsert;

export async function findReview(db: Db, ticketId: number): Promise<IncidentReview | undefined> {
  const [row] = await db.select().from(incidentReviews).where(eq(incidentReviews.ticketId, ticketId)).limit(1);
  return row;
}

export async function upsertReview(db: Db, values: NewIncidentReview): Promise<IncidentReview> {
  const { ticketId, ...rest } = values;
  const [row] = await db.insert(incidentReviews).values(values).onConflictDoUpdate({ target: incidentReviews.ticketId, set: rest }).returning();
  void ticketId;
  return row;
}

export async function insertActionItem(db: Db, values: typeof reviewActionItems.$inferInsert): Promise<ReviewActionItem> {
  const [row] = await db.insert(reviewActionItems).values(values).returning();
  return row;
}

/** Marks an item done unless it already is; returns it only for the caller that did. */
export async function completeActionItem(db: Db, id: number, ticketId: number, doneById: string | null, now: Date): Promise<ReviewActionItem | undefined> {
  const [row] = await db
    .update(reviewActionItems)
    .set({ doneAt: now, doneById })
    .where(and(eq(reviewActionItems.id, id), eq(reviewActionItems.ticketId, ticketId), isNull(reviewActionItems.doneAt)))
    .returning();
  return row;
}

export async function listActionItems(db: Db, ticketId: number): Promise<ReviewActionItem[]> {
  return db.select().from(reviewActionItems).where(eq(reviewActionItems.ticketId, ticketId)).orderBy(asc(reviewActionItems.id));
}

/** Every open action item, oldest first, with its ticket's summary (the weekly report). */
export async function listOpenActionItems(db: Db): Promise<(ReviewActionItem & { ticketSummary: string; severity: number })[]> {
  const rows = await db
    .select({ item: reviewActionItems, summary: tickets.summary, severity: tickets.severity })
    .from(reviewActionItems)
    .innerJoin(tickets, eq(tickets.id, reviewActionItems.ticketId))
    .where(isNull(reviewActionItems.doneAt))
    .orderBy(asc(reviewActionItems.createdAt), asc(reviewActionItems.id));
  return rows.map((r) => ({ ...r.item, ticketSummary: r.summary, severity: r.severity }));
}

/** The earliest failing span of each bundle (by start time). */
export async function firstFailingSpans(db: Db, bundleIds: string[]) {
  const out = [];
  for (const bundleId of bundleIds) {
    const [row] = await db
      .select({ service: spans.service, name: spans.name, spanId: spans.spanId, startUs: spans.startUs, errorCode: spans.errorCode })
      .from(spans)
      .where(and(spansOf(bundleId), eq(spans.error, true)))
      .orderBy(asc(spans.startUs))
      .limit(1);
    if (row) out.push({ bundleId, ...row });
  }
  return out;
}
