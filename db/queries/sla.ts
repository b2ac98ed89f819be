// SLA pauses: time a ticket waited on the customer (the clocks stop meanwhile).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { inIds } from '../raw';
import { slaPauses, users, type SlaPause } from '../schema';

export type NewSlaPause = typeof slaPauses.$inferInsert;
export type SlaPauseRow = SlaPause & { byEmail: string | null };

export async function insertPause(db: Db, values: NewSlaPause): Promise<SlaPause> {
  const [row] = await db.insert(slaPauses).values(values).returning();
  return row;
}

export async function updatePause(db: Db, id: number, changes: Partial<NewSlaPause>): Promise<SlaPause | undefined> {
  const [row] = await db.update(slaPauses).set(changes).where(eq(slaPauses.id, id)).returning();
  return row;
}

export async function findOpenPause(db: Db, ticketId: number): Promise<SlaPause | undefined> {
  const [row] = await db.select().from(slaPauses).where(and(eq(slaPauses.ticketId, ticketId), isNull(slaPauses.to))).limit(1);
  return row;
}

export async function listTicketPauses(db: Db, ticketId: number): Promise<SlaPauseRow[]> {
  const rows = await db
    .select({ pause: slaPauses, byEmail: users.email })
    .from(slaPauses)
    .leftJoin(users, eq(users.id, slaPauses.byId))
    .where(eq(slaPauses.ticketId, ticketId))
    .orderBy(asc(slaPauses.from), asc(slaPauses.id));
  return rows.map((r) => ({ ...r.pause, byEmail: r.byEmail }));
}

/** Pauses of many tickets at once (list, queue, board), keyed by ticket id. */
export async function pausesByTicket(db: Db, ticketIds: number[]): Promise<Map<number, { from: Date; to: Date | null }[]>> {
  const out = new Map<number, { from: Date; to: Date | null }[]>();
  if (!ticketIds.length) return out;
  const rows = await db.select({ ticketId: slaPauses.ticketId, from: slaPauses.from, to: slaPauses.to }).from(slaPauses).where(inIds(db, slaPauses.ticketId, ticketIds));
  for (const r of rows) {
    let list = out.get(r.ticketId);
    if (!list) out.set(r.ticketId, (list = []));
    list.push({ from: r.from, to: r.to });
  }
  return out;
}
