'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { confirmConsent, linkBundle } from '@/lib/ingest/service';
import { defineAction } from '@/lib/server/action';
import { scheduleParse } from '@/lib/server/jobs';
import { PATHS } from '@/lib/server/paths';

const ticketId = z.coerce.number().int().positive();
const bundleId = z.string().uuid();

export const confirmConsentAction = defineAction({ permission: 'ticket:write', input: z.object({ ticketId, bundleId }) }, async ({ ticketId, bundleId }, { user, db }) => {
  await confirmConsent(db, user, ticketId, bundleId);
  await scheduleParse(bundleId);
  revalidatePath(PATHS.ticket(ticketId));
});

export const linkBundleAction = defineAction({ permission: 'bundle:upload', input: z.object({ ticketId, bundleId }) }, async ({ ticketId, bundleId }, { user, db }) => {
  await linkBundle(db, user, bundleId, ticketId);
  revalidatePath(PATHS.ticket(ticketId));
});
