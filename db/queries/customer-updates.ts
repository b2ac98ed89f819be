// Customer updates (templated e-mails to the customer) and their single-use confirmation links.
import { and, asc, desc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { confirmationLinks, customerUpdates, users, type ConfirmationLink, type CustomerUpdate, type NewCustomerUpdate } from '../schema';

export type NewConfirmationLink = typeof confirmationLinks.$inferInsert;
export type CustomerUpdateRow = CustomerUpdate & { createdByEmail: string | null };

export async function insertCustomerUpdate(db: Db, values: NewCustomerUpdate): Promise<CustomerUpdate> {
  const [row] = await db.insert(customerUpdates).values(values).returning();
  return row;
}

export async function updateCustomerUpdate(db: Db, id: number, changes: Partial<NewCustomerUpdate>): Promise<CustomerUpdate | undefined> {
  const [row] = await db.update(customerUpdates).set(changes).where(eq(customerUpdates.id, id)).returning();
  return row;
}

/** Marks an update sent unless it already is: returns the row only for the caller that did it. */
export async function markCustomerUpdateSent(
  db: Db,
  id: number,
  from: CustomerUpdate['status'][],
  changes: Pick<NewCustomerUpdate, 'sentAt' | 'sentById' | 'messageId' | 'attempts' | 'lastError'>,
): Promise<CustomerUpdate | undefined> {
  const [row] = await db
    .update(customerUpdates)
    .set({ ...changes, status: 'sent' })
    .where(and(eq(customerUpdates.id, id), inArray(customerUpdates.status, from)))
    .returning();
  return row;
}

export async function findCustomerUpdate(db: Db, id: number): Promise<CustomerUpdate | undefined> {
  const [row] = await db.select().from(customerUpdates).where(eq(customerUpdates.id, id)).limit(1);
  return row;
}

/** A ticket's updates, newest first, with who wrote them. */
export async function listTicketCustomerUpdates(db: Db, ticketId: number): Promise<CustomerUpdateRow[]> {
  const rows = await db
    .select({ update: customerUpdates, email: users.email })
    .from(customerUpdates)
    .leftJoin(users, eq(users.id, customerUpdates.createdById))
    .where(eq(customerUpdates.ticketId, ticketId))
    .orderBy(desc(customerUpdates.createdAt), desc(customerUpdates.id));
  return rows.map((r) => ({ ...r.update, createdByEmail: r.email }));
}

/** Updates still waiting for the mail job (embedded: queued again at start). */
export async function listQueuedCustomerUpdates(db: Db): Promise<CustomerUpdate[]> {
  return db.select().from(customerUpdates).where(eq(customerUpdates.status, 'queued')).orderBy(asc(customerUpdates.id));
}

export async function insertConfirmationLink(db: Db, values: NewConfirmationLink): Promise<ConfirmationLink> {
  const [row] = await db.insert(confirmationLinks).values(values).returning();
  return row;
}

export async function findConfirmationLinkByHash(db: Db, tokenHash: string): Promise<ConfirmationLink | undefined> {
  const [row] = await db.select().from(confirmationLinks).where(eq(confirmationLinks.tokenHash, tokenHash)).limit(1);
  return row;
}

/**
 * Uses a link: sets `usedAt` only when it is unused and unexpired, in one statement, so two
 * clicks at once cannot both succeed. Returns the row when this call used it.
 */
export async function useConfirmationLink(db: Db, tokenHash: string, now: Date): Promise<ConfirmationLink | undefined> {
  const [row] = await db
    .update(confirmationLinks)
    .set({ usedAt: now })
    .where(and(eq(confirmationLinks.tokenHash, tokenHash), isNull(confirmationLinks.usedAt), gt(confirmationLinks.expiresAt, now)))
    .returning();
  return row;
}

/** Ends the unused links of an update (a new link replaces them). */
export async function expireUpdateLinks(db: Db, updateId: number, now: Date): Promise<void> {
  await db
    .update(confirmationLinks)
    .set({ expiresAt: now })
    .where(and(eq(confirmationLinks.updateId, updateId), isNull(confirmationLinks.usedAt), gt(confirmationLinks.expiresAt, now)));
}

export async function listTicketConfirmationLinks(db: Db, ticketId: number): Promise<ConfirmationLink[]> {
  return db.select().from(confirmationLinks).where(eq(confirmationLinks.ticketId, ticketId)).orderBy(desc(confirmationLinks.createdAt));
}
