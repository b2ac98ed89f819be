// Saved views of the ticket list: a name for a set of filters, kept per user. A view is the
// list's query string, so opening it is following a link, and a bookmark works as well.
import type { Db } from '@/db/client';
import { deleteSavedView, insertSavedView, listSavedViews } from '@/db/queries/saved-views';
import type { SavedView } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { readQuery } from '@/lib/http/query';
import { ticketsQuery } from '@/lib/http/page-queries';

export const MAX_VIEWS_PER_USER = 30;
export const MAX_VIEW_NAME = 60;

/**
 * The list's filters as a canonical query string: only the filters the list knows, in a fixed
 * order, without the page number. Throws naming the parameter that is wrong.
 */
export function canonicalViewQuery(query: string): string {
  const parsed = readQuery(ticketsQuery, new URLSearchParams(query.replace(/^\?/, '')));
  if (!parsed.ok) throw new AppError('INVALID_INPUT', parsed.error);
  const out = new URLSearchParams();
  for (const key of Object.keys(ticketsQuery.shape)) {
    if (key === 'page') continue;
    const value = (parsed.data as Record<string, unknown>)[key];
    if (value === undefined || value === '' || (key === 'sort' && value === 'newest')) continue; // newest: the default
    out.set(key, String(value));
  }
  return out.toString();
}

function ownerOf(actor: Actor): string {
  if (!actor.id) throw new AppError('FORBIDDEN', 'Saved views belong to a signed-in user.');
  return actor.id;
}

export async function savedViewsOf(db: Db, actor: Actor): Promise<SavedView[]> {
  requirePermission(actor, 'ticket:read');
  return listSavedViews(db, ownerOf(actor));
}

export async function saveView(db: Db, actor: Actor, input: { name: string; query: string }, now = new Date()): Promise<SavedView> {
  requirePermission(actor, 'ticket:read');
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) throw new AppError('INVALID_INPUT', 'Give the view a name.');
  if (name.length > MAX_VIEW_NAME) throw new AppError('INVALID_INPUT', `A view name is at most ${MAX_VIEW_NAME} characters.`);
  const query = canonicalViewQuery(input.query);
  const userId = ownerOf(actor);
  const existing = await listSavedViews(db, userId);
  if (existing.some((v) => v.name.toLowerCase() === name.toLowerCase())) throw new AppError('CONFLICT', `You already have a view named "${name}": pick another name, or delete that one first.`);
  if (existing.length >= MAX_VIEWS_PER_USER) throw new AppError('CONFLICT', `You have ${MAX_VIEWS_PER_USER} saved views, the most there can be: delete one first.`);
  return insertSavedView(db, { userId, name, query, createdAt: now });
}

/** Deletes one of the actor's own views; another user's view is refused as if it did not exist. */
export async function deleteView(db: Db, actor: Actor, id: number): Promise<SavedView> {
  requirePermission(actor, 'ticket:read');
  const deleted = await deleteSavedView(db, { id, userId: ownerOf(actor) });
  if (!deleted) throw new AppError('NOT_FOUND', 'That view does not exist, or is not yours to delete.');
  return deleted;
}
