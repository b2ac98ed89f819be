// A user's saved ticket-list views.
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { savedViews, type SavedView } from '../schema';

export async function listSavedViews(db: Db, userId: string): Promise<SavedView[]> {
  return db.select().from(savedViews).where(eq(savedViews.userId, userId)).orderBy(asc(savedViews.createdAt), asc(savedViews.id));
}

export async function insertSavedView(db: Db, values: { userId: string; name: string; query: string; createdAt: Date }): Promise<SavedView> {
  const [row] = await db.insert(savedViews).values(values).returning();
  return row;
}

/** Deletes the view only if it belongs to `userId`; the deleted row, or undefined. */
export async function deleteSavedView(db: Db, params: { id: number; userId: string }): Promise<SavedView | undefined> {
  const [row] = await db
    .delete(savedViews)
    .where(and(eq(savedViews.id, params.id), eq(savedViews.userId, params.userId)))
    .returning();
  return row;
}
