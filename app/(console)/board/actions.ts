'use server';
// Board actions: record an escalation-matrix action in one click (optional note); paging and
// status-page actions then queue the outgoing webhook (lib/server/jobs).
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { ESCALATION_KINDS } from '@/lib/escalation/matrix';
import { recordEscalationAction, retryEscalationWebhook } from '@/lib/escalation/service';
import { defineAction } from '@/lib/server/action';
import { scheduleWebhook } from '@/lib/server/jobs';
import { PATHS } from '@/lib/server/paths';

async function consoleBaseUrl(): Promise<string | null> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host');
  if (!host) return null;
  const proto = (h.get('x-forwarded-proto') ?? 'http').split(',')[0]!.trim();
  return `${proto}://${host}`;
}

/** Queues the webhook: delivered in the background with retries, and kept across restarts. */
async function deliverLater(actionId: number) {
  await scheduleWebhook(actionId, await consoleBaseUrl());
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
    revalidatePath(PATHS.board);
    revalidatePath(PATHS.ticket(input.ticketId));
    return { id: row.id, webhookStatus: row.webhookStatus };
  },
);

export const retryWebhookAction = defineAction(
  { permission: 'board:act', input: z.object({ actionId: z.coerce.number().int().positive() }) },
  async ({ actionId }, { user, db }) => {
    await retryEscalationWebhook(db, user, actionId);
    await deliverLater(actionId);
    revalidatePath(PATHS.board);
  },
);
