'use server';
// Admin actions for breach warnings (thresholds and paging level per severity) and the inbound
// paging webhook's signing secret.
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { setPagingSecret, setWarningPolicies } from '@/lib/settings/alerts';
import { SEVERITIES } from '@/lib/sla/policy';
import type { WarningPolicies } from '@/lib/sla/warnings';
import { defineAction } from '@/lib/server/action';
import { invalidate } from '@/lib/server/invalidate';

/** "50, 80" → [50, 80]; a word that is not a whole number is named. */
function parsePercents(sev: number, text: string): number[] {
  const parts = text.split(/[,\s]+/).map((p) => p.replace(/%$/, '').trim()).filter(Boolean);
  return parts.map((p) => {
    if (!/^\d+$/.test(p)) throw new AppError('INVALID_INPUT', `Sev-${sev}: "${p}" is not a whole percentage (e.g. 50, 80).`);
    return Number(p);
  });
}

const fields = Object.fromEntries(SEVERITIES.flatMap((s) => [[`w${s}_thresholds`, z.string().max(100).default('')], [`w${s}_pageAt`, z.string().max(3).default('')]]));

export const saveWarningsAction = defineAction({ permission: 'settings:manage', input: z.object(fields) }, async (input, { user, db }) => {
  const values = input as Record<string, string>;
  const policies = {} as WarningPolicies;
  for (const s of SEVERITIES) {
    const page = values[`w${s}_pageAt`];
    policies[s] = { thresholds: parsePercents(s, values[`w${s}_thresholds`] ?? ''), pageAt: page ? Number(page) : null };
  }
  await setWarningPolicies(db, user, policies);
  invalidate.settings();
});

export const savePagingSecretAction = defineAction(
  { permission: 'settings:manage', input: z.object({ secret: z.string().max(300).default(''), remove: z.string().max(10).default('') }) },
  async ({ secret, remove }, { user, db }) => {
    if (!remove && !secret.trim()) throw new AppError('INVALID_INPUT', 'Paste the signing secret, or tick “remove” to delete it.');
    await setPagingSecret(db, user, remove ? null : secret);
    invalidate.settings();
    return remove ? 'Signing secret removed.' : 'Signing secret saved.';
  },
);
