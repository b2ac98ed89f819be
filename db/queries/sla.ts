// SLA pauses: time a ticket waited on the customer (the clocks stop meanwhile).
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { slaPauses, users, type SlaPause } from '../schema';

export type NewSlaPause = typeof slaPauses.$inferInsert;
export type SlaPauseRow = SlaPause & { byEmail: string | null };

export function insertPause(db: Db, values: NewSlaPause): SlaPause {
  return db.insert(slaPauses).values(values).returning().get();
}

export function updatePause(db: Db, id: number, changes: Partial<NewSlaPause>): SlaPause | undefined {
  return db.update(slaPauses).set(changes).where(eq(slaPauses.id, id)).returning().get();
}

export function findOpenPause(db: Db, ticketId: number): SlaPause | undefined {
  return db.select().from(slaPauses).where(and(eq(slaPauses.ticketId, ticketId), isNull(slaPauses.to))).get();
}

export function listTicketPauses(db: Db, ticketId: number): SlaPauseRow[] {
  return db
    .select({ pause: slaPauses, byEmail: users.email })
    .from(slaPauses)
    .leftJoin(users, eq(users.id, slaPauses.byId))
    .where(eq(slaPauses.ticketId, ticketId))
    .orderBy(asc(slaPauses.from), asc(slaPauses.id))
    .all()
    .map((r) => ({ ...r.pause, byEmail: r.byEmail }));
}

/** Pauses of many tickets at once (list, queue, board), keyed by ticket id. */
export function pausesByTicket(db: Db, ticketIds: number[]): Map<number, { from: Date; to: Date | null }[]> {
  const out = new Map<number, { from: Date; to: Date | null }[]>();
  for (let i = 0; i < ticketIds.length; i += 500) {
    const chunk = ticketIds.slice(i, i + 500);
    const rows = db.select({ ticketId: slaPauses.ticketId, from: slaPauses.from, to: slaPauses.to }).from(slaPauses).where(inArray(slaPauses.ticketId, chunk)).all();
    for (const r of rows) {
      let list = out.get(r.ticketId);
      if (!list) out.set(r.ticketId, (list = []));
      list.push({ from: r.from, to: r.to });
    }
  }
  return out;
}
