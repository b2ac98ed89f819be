'use server';
// Board actions: record an escalation-matrix action in one click (optional note); paging and
// status-page actions then queue the outgoing webhook (lib/server/jobs).
import { headers } from 'next/headers';
import { z } from 'zod';
import { ESCALATION_KINDS } from '@/lib/escalation/matrix';
import { consoleBaseUrl } from '@/lib/http/origin';
import { recordEscalationAction, retryEscalationWebhook } from '@/lib/escalation/service';
import { defineAction } from '@/lib/server/action';
import { scheduleWebhook } from '@/lib/server/jobs';
import { invalidate } from '@/lib/server/invalidate';

/** Queues the webhook: delivered in the background with retries, and kept across restarts. */
async function deliverLater(actionId: number) {
  await scheduleWebhook(actionId, consoleBaseUrl(await headers()));
}

export const recordEscalationActionAction = defineAction(
  {
    permission: 'board:act',
    input: z.object({
      ticketId: z.coerce.number().int().positive(),
      kind: z.enum(ESCALATION_KINDS),
      note: z.string().max(2000).optional(),
      commanderId: z.string().max(100).optional(),
    }),
  },
  async (input, { user, db }) => {
    const row = await recordEscalationAction(db, user, input);
    if (row.webhookStatus === 'pending') await deliverLater(row.id);
    invalidate.ticket(input.ticketId);
    return { id: row.id, webhookStatus: row.webhookStatus };
  },
);

export const retryWebhookAction = defineAction(
  { permission: 'board:act', input: z.object({ actionId: z.coerce.number().int().positive() }) },
  async ({ actionId }, { user, db }) => {
    await retryEscalationWebhook(db, user, actionId);
    await deliverLater(actionId);
    invalidate.board();
  },
);
