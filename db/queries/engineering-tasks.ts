// Engineering tasks raised from a ticket; each cites one or more of the ticket's bundle IDs.
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { engineeringTasks, users, type EngineeringTask } from '../schema';

export type NewEngineeringTask = typeof engineeringTasks.$inferInsert;

export async function insertEngineeringTask(db: Db, values: NewEngineeringTask): Promise<EngineeringTask> {
  const [row] = await db.insert(engineeringTasks).values(values).returning();
  return row;
}

export async function listTicketEngineeringTasks(db: Db, ticketId: number): Promise<(EngineeringTask & { createdByEmail: string | null })[]> {
  const rows = await db
    .select({ task: engineeringTasks, createdByEmail: users.email })
    .from(engineeringTasks)
    .leftJoin(users, eq(users.id, engineeringTasks.createdById))
    .where(eq(engineeringTasks.ticketId, ticketId))
    .orderBy(asc(engineeringTasks.createdAt), asc(engineeringTasks.id));
  return rows.map((r) => ({ ...r.task, createdByEmail: r.createdByEmail }));
}
