// Engineering tasks raised from a ticket; each cites one or more of the ticket's bundle IDs.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { engineeringTasks, users, type EngineeringTask } from '../schema';

export type NewEngineeringTask = typeof engineeringTasks.$inferInsert;

export function insertEngineeringTask(db: Db, values: NewEngineeringTask): EngineeringTask {
  return db.insert(engineeringTasks).values(values).returning().get();
}

export function listTicketEngineeringTasks(db: Db, ticketId: number): (EngineeringTask & { createdByEmail: string | null })[] {
  return db
    .select({ task: engineeringTasks, createdByEmail: users.email })
    .from(engineeringTasks)
    .leftJoin(users, eq(users.id, engineeringTasks.createdById))
    .where(eq(engineeringTasks.ticketId, ticketId))
    .orderBy(asc(engineeringTasks.createdAt), asc(engineeringTasks.id))
    .all()
    .map((r) => ({ ...r.task, createdByEmail: r.createdByEmail }));
}
