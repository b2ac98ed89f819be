'use server';
import { z } from 'zod';
import { confirmConsent, linkBundle } from '@/lib/ingest/service';
import { defineAction } from '@/lib/server/action';
import { scheduleParse } from '@/lib/server/jobs';
import { invalidate } from '@/lib/server/invalidate';

const ticketId = z.coerce.number().int().positive();
const bundleId = z.string().uuid();

export const confirmConsentAction = defineAction({ permission: 'ticket:write', input: z.object({ ticketId, bundleId }) }, async ({ ticketId, bundleId }, { user, db }) => {
  await confirmConsent(db, user, ticketId, bundleId);
  await scheduleParse(bundleId);
  invalidate.ticket(ticketId);
});

export const linkBundleAction = defineAction({ permission: 'bundle:upload', input: z.object({ ticketId, bundleId }) }, async ({ ticketId, bundleId }, { user, db }) => {
  await linkBundle(db, user, bundleId, ticketId);
  invalidate.ticket(ticketId);
});
