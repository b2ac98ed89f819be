'use server';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { TICKET_STATUSES } from '@/db/schema';
import { newTicketInput, TICKET_FIELD_LABELS } from '@/lib/tickets/input';
import { AppError } from '@/lib/errors';
import { acknowledgeTicket, addNote, assignTicket, changeStatus, confirmTriage, createTicket, reopenTicket, updateTicketFields } from '@/lib/tickets/service';
import { defineAction } from '@/lib/server/action';
import { spanCardsFor } from '@/lib/trace-view/span-cards';
import { PATHS } from '@/lib/server/paths';
import { invalidate } from '@/lib/server/invalidate';
import { schedulePaging } from '@/lib/server/jobs';

const ticketId = z.coerce.number().int().positive();

const refresh = invalidate.ticket;

const createTicketRun = defineAction(
  { permission: 'ticket:write', input: newTicketInput, lists: ['components', 'reportedAt'], labels: TICKET_FIELD_LABELS },
  async (input, { user, db }) => (await createTicket(db, user, input)).id,
);

/** Creates the ticket and opens it; on failure returns the error for the form. */
export async function createTicketAction(prev: unknown, form: FormData) {
  const result = await createTicketRun(prev, form);
  if (!result.ok) return result;
  refresh(result.data!);
  redirect(PATHS.ticket(result.data!));
}

export const acknowledgeAction = defineAction({ permission: 'ticket:write', input: z.object({ ticketId }) }, async ({ ticketId }, { user, db }) => {
  await acknowledgeTicket(db, user, ticketId);
  await schedulePaging(ticketId);
  refresh(ticketId);
});

export const confirmTriageAction = defineAction({ permission: 'ticket:write', input: z.object({ ticketId }) }, async ({ ticketId }, { user, db }) => {
  await confirmTriage(db, user, ticketId);
  refresh(ticketId);
});

export const assignAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, assigneeId: z.string().max(100).transform((v) => v || null) }) },
  async ({ ticketId, assigneeId }, { user, db }) => {
    await assignTicket(db, user, ticketId, assigneeId);
    refresh(ticketId);
  },
);

export const addNoteAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, text: z.string().max(10_000) }) },
  async ({ ticketId, text }, { user, db }) => {
    await addNote(db, user, ticketId, text, new Date(), await spanCardsFor(db, text));
    refresh(ticketId);
  },
);

export const changeStatusAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, status: z.enum(TICKET_STATUSES) }) },
  async ({ ticketId, status }, { user, db }) => {
    await changeStatus(db, user, ticketId, status);
    await schedulePaging(ticketId);
    refresh(ticketId);
  },
);

export const reopenAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, reason: z.string().max(2000) }) },
  async ({ ticketId, reason }, { user, db }) => {
    await reopenTicket(db, user, ticketId, reason);
    refresh(ticketId);
  },
);

/** "2026-11-26 21:40" (UTC, as the edit form shows them) or any ISO instant, one per line. */
function reportedLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => (/(Z|[+-]\d\d:?\d\d)$/i.test(l) ? l : `${l.replace(' ', 'T')}Z`));
}

const editTicketInput = newTicketInput
  .pick({ customerContact: true, severity: true, summary: true, components: true, confirmOldReportedAt: true })
  .extend({ ticketId, reportedAt: z.string().max(5000).default('') });

export const updateTicketAction = defineAction(
  { permission: 'ticket:write', input: editTicketInput, lists: ['components'], labels: TICKET_FIELD_LABELS },
  async ({ ticketId, reportedAt, confirmOldReportedAt, ...fields }, { user, db }) => {
    const times = z.array(newTicketInput.shape.reportedAt.unwrap().element).max(50).safeParse(reportedLines(reportedAt));
    if (!times.success) throw new AppError('INVALID_INPUT', `Reported times: one per line, e.g. 2026-11-26 21:40 (UTC). ${times.error.issues[0]?.message ?? ''}`.trim());
    await updateTicketFields(db, user, ticketId, { ...fields, severity: fields.severity as 1 | 2 | 3, reportedAt: times.data }, new Date(), { confirmOldReportedAt });
    refresh(ticketId);
  },
);
