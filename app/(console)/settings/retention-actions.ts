'use server';
import { z } from 'zod';
import { config } from '@/lib/env';
import { runPurge, setRetentionPolicy } from '@/lib/purge/service';
import { defineAction } from '@/lib/server/action';
import { ingestDeps } from '@/lib/server/jobs';
import { invalidate } from '@/lib/server/invalidate';

const days = z.coerce.number().int('Whole days').min(1, 'At least 1 day').max(3650, 'At most 3650 days');

export const setRetentionAction = defineAction({ permission: 'settings:manage', input: z.object({ defaultDays: days, quarantineDays: days }) }, async (policy, { user, db }) => {
  await setRetentionPolicy(db, user, policy);
  invalidate.settings();
});

export const previewPurgeAction = defineAction({ permission: 'bundle:purge', input: z.object({}) }, async (_input, { user }) =>
  runPurge(ingestDeps(), user, { dryRun: true, quarantineDays: config().quarantineDays }),
);

export const purgeNowAction = defineAction({ permission: 'bundle:purge', input: z.object({}) }, async (_input, { user }) => {
  const result = await runPurge(ingestDeps(), user, { quarantineDays: config().quarantineDays });
  invalidate.settings();
  return result;
});
