'use server';
// Server actions of the ticket page's post-incident review: save / complete, a lead's waiver, and
// action items tracked to done.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { addReviewActionItem, markActionItemDone, saveReview, waiveReview } from '@/lib/reviews/service';
import { defineAction } from '@/lib/server/action';
import { PATHS } from '@/lib/server/paths';

const ticketId = z.coerce.number().int().positive();

export const saveReviewAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, body: z.string().max(200_000), complete: z.enum(['0', '1']).optional() }) },
  async ({ ticketId, body, complete }, { user, db }) => {
    await saveReview(db, user, ticketId, { body, complete: complete === '1' });
    revalidatePath(PATHS.ticket(ticketId));
  },
);

export const waiveReviewAction = defineAction(
  { permission: 'board:act', input: z.object({ ticketId, reason: z.string().max(4000) }) },
  async ({ ticketId, reason }, { user, db }) => {
    await waiveReview(db, user, ticketId, reason);
    revalidatePath(PATHS.ticket(ticketId));
  },
);

export const addActionItemAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, title: z.string().max(1000), owner: z.string().max(1000).optional() }) },
  async ({ ticketId, title, owner }, { user, db }) => {
    await addReviewActionItem(db, user, ticketId, { title, owner });
    revalidatePath(PATHS.ticket(ticketId));
  },
);

export const actionItemDoneAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, itemId: z.coerce.number().int().positive() }) },
  async ({ ticketId, itemId }, { user, db }) => {
    await markActionItemDone(db, user, ticketId, itemId);
    revalidatePath(PATHS.ticket(ticketId));
  },
);
