'use server';
// Server actions of the ticket page's customer updates: send (or keep to send by hand) an edited
// template, and record an update sent another way.
import { z } from 'zod';
import { submitCustomerUpdate, markCustomerUpdateSentByHand } from '@/lib/customer-updates/service';
import { SITUATIONS } from '@/lib/customer-updates/templates';
import { config } from '@/lib/env';
import { defineAction } from '@/lib/server/action';
import { scheduleCustomerUpdate } from '@/lib/server/jobs';
import { publicOrigin } from '@/lib/server/origin';
import { invalidate } from '@/lib/server/invalidate';
import { NOTIFY_CHANNELS } from '@/lib/tickets/resolution';

const ticketId = z.coerce.number().int().positive();

const refresh = invalidate.ticket;

export const sendCustomerUpdateAction = defineAction(
  {
    permission: 'ticket:write',
    input: z.object({
      ticketId,
      situation: z.enum(SITUATIONS, { message: 'Choose a situation' }),
      subject: z.string().max(1000),
      body: z.string().max(40_000),
    }),
  },
  async (input, { user, db }) => {
    const cfg = config();
    const baseUrl = await publicOrigin();
    const { update, manualText } = await submitCustomerUpdate(db, user, input, { smtp: cfg.smtp !== null, confirmLinkDays: cfg.confirmLinkDays, baseUrl });
    if (update.status === 'queued') await scheduleCustomerUpdate(update.id, baseUrl);
    refresh(input.ticketId);
    return { updateId: update.id, status: update.status, manualText };
  },
);

export const markUpdateSentAction = defineAction(
  { permission: 'ticket:write', input: z.object({ ticketId, updateId: z.coerce.number().int().positive(), via: z.enum(NOTIFY_CHANNELS, { message: 'Choose how it was sent' }) }) },
  async ({ ticketId, updateId, via }, { user, db }) => {
    await markCustomerUpdateSentByHand(db, user, { ticketId, updateId }, via);
    refresh(ticketId);
  },
);
