// Cache invalidation named by what changed, in one place: a write says "this ticket changed" or
// "the SLA policy changed", and this module knows every page that shows it (vercel/commerce's
// TAGS, by path here). Acknowledging a ticket refreshes its page, the lists and /board alike.
import 'server-only';
import { revalidatePath } from 'next/cache';
import { PATHS } from './paths';

export const invalidate = {
  /** A ticket's fields, status, clocks, notes or bundles: its page, the queue, the list, the board. */
  ticket(id: number): void {
    revalidatePath(PATHS.ticket(id));
    revalidatePath(PATHS.tickets);
    revalidatePath(PATHS.queue);
    revalidatePath(PATHS.board);
  },
  /** Many tickets at once (bulk assign or status): each page, then the lists and the board once. */
  tickets(ids: readonly number[]): void {
    for (const id of ids) revalidatePath(PATHS.ticket(id));
    revalidatePath(PATHS.tickets);
    revalidatePath(PATHS.queue);
    revalidatePath(PATHS.board);
  },
  /** A user's saved ticket-list views. */
  savedViews(): void {
    revalidatePath(PATHS.tickets);
  },
  /** The escalation board alone (an escalation action, a webhook retry). */
  board(): void {
    revalidatePath(PATHS.board);
  },
  /** The SLA policy (calendar, targets, escalation webhook): settings, and every page with a clock. */
  slaPolicy(): void {
    revalidatePath(PATHS.settings);
    revalidatePath(PATHS.board);
    revalidatePath(PATHS.queue);
    revalidatePath(PATHS.tickets);
    revalidatePath(PATHS.newTicket);
  },
  /** Users, tokens, retention: the settings page. */
  settings(): void {
    revalidatePath(PATHS.settings);
  },
};
