'use server';
// The ticket list's own actions: saved views (per user) and bulk assign / status.
import { z } from 'zod';
import { TICKET_STATUSES } from '@/db/values';
import { bulkAssign, bulkChangeStatus, MAX_BULK_TICKETS, type BulkResult } from '@/lib/tickets/bulk';
import { deleteView, saveView } from '@/lib/tickets/saved-views';
import { defineAction } from '@/lib/server/action';
import { invalidate } from '@/lib/server/invalidate';
import { schedulePaging } from '@/lib/server/jobs';

export const saveViewAction = defineAction(
  { permission: 'ticket:read', input: z.object({ name: z.string().max(200), query: z.string().max(2000) }), labels: { name: 'View name' } },
  async ({ name, query }, { user, db }) => {
    const view = await saveView(db, user, { name, query });
    invalidate.savedViews();
    return { id: view.id, name: view.name, query: view.query };
  },
);

export const deleteViewAction = defineAction(
  { permission: 'ticket:read', input: z.object({ viewId: z.coerce.number().int().positive() }) },
  async ({ viewId }, { user, db }) => {
    await deleteView(db, user, viewId);
    invalidate.savedViews();
  },
);

const bulkInput = z.discriminatedUnion('op', [
  z.object({ op: z.literal('assign'), ticketIds: z.array(z.coerce.number().int().positive()).max(MAX_BULK_TICKETS), assigneeId: z.string().max(100).transform((v) => v || null) }),
  z.object({ op: z.literal('status'), ticketIds: z.array(z.coerce.number().int().positive()).max(MAX_BULK_TICKETS), status: z.enum(TICKET_STATUSES) }),
]);

/** Assigns, or sets the status of, the selected tickets one by one; says which changed and which were refused. */
export const bulkTicketsAction = defineAction(
  { permission: 'ticket:write', input: bulkInput, lists: ['ticketIds'], labels: { ticketIds: 'Selected tickets', assigneeId: 'Assignee', status: 'Status' } },
  async (input, { user, db }): Promise<BulkResult> => {
    const result = input.op === 'assign' ? await bulkAssign(db, user, input.ticketIds, input.assigneeId) : await bulkChangeStatus(db, user, input.ticketIds, input.status);
    // An acknowledged or mitigated ticket that was paged sends acknowledge / resolve now (a job),
    // as on its own page, rather than at the SLA watch's next pass.
    if (input.op === 'status') for (const id of result.changed) await schedulePaging(id);
    invalidate.tickets(result.changed);
    return result;
  },
);
