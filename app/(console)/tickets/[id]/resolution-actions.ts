'use server';
// Server actions of the ticket page's resolution section and SLA pauses.
import { z } from 'zod';
import { spanCardsFor } from '@/lib/trace-view/span-cards';
import { AppError } from '@/lib/errors';
import { defineAction } from '@/lib/server/action';
import { invalidate } from '@/lib/server/invalidate';
import {
  addEngineeringTask,
  NOTIFY_CHANNELS,
  pauseSla,
  recordCustomerConfirmation,
  recordCustomerNotified,
  resumeSla,
  saveLearnings,
  saveMitigationSteps,
  tagRelease,
} from '@/lib/tickets/resolution';

const ticketId = z.coerce.number().int().positive();
/** A datetime-local value, read as UTC like the rest of the console shows times. */
const utcInstant = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'Enter a date and time (UTC)')
  .transform((s) => new Date(`${s.length === 16 ? `${s}:00` : s}Z`));

const refresh = invalidate.ticket;

export const saveMitigationAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, steps: z.string().max(20_000) }) },
  async ({ ticketId, steps }, { user, db }) => {
    await saveMitigationSteps(db, user, ticketId, steps);
    refresh(ticketId);
  },
);

export const addTaskAction = defineAction(
  {
    permission: 'ticket:write',
    lists: ['bundleIds'],
    input: z.object({ ticketId, title: z.string().max(300), link: z.string().max(2000), bundleIds: z.array(z.string().max(200)).max(50), span: z.string().max(2000).optional() }),
  },
  async ({ ticketId, title, link, bundleIds, span }, { user, db }) => {
    // A task created from a span cites it: its facts are kept with the task, as a note's are.
    const cited = span?.trim() ? await spanCardsFor(db, span) : [];
    if (span?.trim() && cited.length === 0) {
      throw new AppError('INVALID_INPUT', 'The span cited is not a link to a span of a parsed bundle (use "Copy link" in the span\'s detail).', { fieldErrors: { span: ['Not a link to a span of a parsed bundle.'] } });
    }
    await addEngineeringTask(db, user, ticketId, { title, link, bundleIds, spanCards: [...cited, ...(await spanCardsFor(db, `${title} ${link}`)).filter((c) => !cited.some((s) => s.spanId === c.spanId))] });
    refresh(ticketId);
  },
);

export const customerNotifiedAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, at: utcInstant, via: z.enum(NOTIFY_CHANNELS, { message: 'Choose how the customer was notified' }), message: z.string().max(10_000) }) },
  async ({ ticketId, at, via, message }, { user, db }) => {
    await recordCustomerNotified(db, user, ticketId, { at, via, message });
    refresh(ticketId);
  },
);

export const customerConfirmedAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, at: utcInstant, confirmation: z.string().max(10_000) }) },
  async ({ ticketId, at, confirmation }, { user, db }) => {
    await recordCustomerConfirmation(db, user, ticketId, { at, confirmation });
    refresh(ticketId);
  },
);

export const tagReleaseAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, version: z.string().max(100) }) },
  async ({ ticketId, version }, { user, db }) => {
    await tagRelease(db, user, ticketId, version);
    refresh(ticketId);
  },
);

export const saveLearningsAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, learnings: z.string().max(20_000) }) },
  async ({ ticketId, learnings }, { user, db }) => {
    await saveLearnings(db, user, ticketId, learnings);
    refresh(ticketId);
  },
);

export const pauseSlaAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, reason: z.string().max(500), from: z.union([z.literal(''), utcInstant]).optional() }) },
  async ({ ticketId, reason, from }, { user, db }) => {
    await pauseSla(db, user, ticketId, { reason, from: from instanceof Date ? from : undefined });
    refresh(ticketId);
  },
);

export const resumeSlaAction = defineAction({ permission: 'ticket:write', input: z.object({ ticketId }) }, async ({ ticketId }, { user, db }) => {
  await resumeSla(db, user, ticketId);
  refresh(ticketId);
});
