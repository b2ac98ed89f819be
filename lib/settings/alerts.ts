// Admin settings of issue 10: breach-warning thresholds per severity with their paging level,
// and the signing secret of the inbound paging webhook (sealed with the data key, never shown).
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { readSettings, writeSetting } from '@/db/queries/settings';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import type { Keyring } from '@/lib/crypto/keyring';
import { openSecret, sealSecret } from '@/lib/crypto/secret-box';
import { config } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { keyringFor } from '@/lib/ingest/storage';
import { defaultWarningPolicies, normalizeWarningPolicies, validateWarningPolicies, type WarningPolicies } from '@/lib/sla/warnings';

export const ALERT_SETTING_KEYS = { warnings: 'sla.warnings', pagingSecret: 'paging.inboundSecret' } as const;

/** The data key ring of this server (X400_DATA_KEY, else the key file in the data folder). */
export function serverKeyring(): Keyring {
  return keyringFor({ bundleDir: config().bundleDir });
}

async function save(db: Db, actor: Actor, key: string, value: unknown, now: Date, detail: Record<string, unknown>) {
  await withTransaction(db, async (tx) => {
    await writeSetting(tx, key, value, actor.id, now);
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'settings.update', targetType: 'setting', targetId: key, detail });
  });
}

/** Warning thresholds in force (stored when valid, else 50 % / 80 %, Sev-1 paging at 80 %). */
export async function getWarningPolicies(db: Db): Promise<WarningPolicies> {
  const raw = (await readSettings(db, [ALERT_SETTING_KEYS.warnings])).get(ALERT_SETTING_KEYS.warnings);
  return normalizeWarningPolicies(raw) ?? defaultWarningPolicies();
}

export async function setWarningPolicies(db: Db, actor: Actor, policies: WarningPolicies, now = new Date()): Promise<WarningPolicies> {
  requirePermission(actor, 'settings:manage');
  const problems = validateWarningPolicies(policies);
  if (problems.length) throw new AppError('INVALID_INPUT', problems.join(' '));
  const clean = normalizeWarningPolicies(policies)!;
  await save(db, actor, ALERT_SETTING_KEYS.warnings, clean, now, { warnings: clean });
  return clean;
}

/** Whether a signing secret is set (the secret itself is never shown again). */
export async function hasPagingSecret(db: Db): Promise<boolean> {
  const raw = (await readSettings(db, [ALERT_SETTING_KEYS.pagingSecret])).get(ALERT_SETTING_KEYS.pagingSecret);
  return typeof raw === 'string' && raw.length > 0;
}

/** The inbound paging webhook's signing secret, or null when none is set. */
export async function getPagingSecret(db: Db, ring: Keyring = serverKeyring()): Promise<string | null> {
  const raw = (await readSettings(db, [ALERT_SETTING_KEYS.pagingSecret])).get(ALERT_SETTING_KEYS.pagingSecret);
  if (typeof raw !== 'string' || raw === '') return null;
  return openSecret(raw, ring);
}

/** Sets (or, with null, removes) the signing secret: 16–256 printable characters. */
export async function setPagingSecret(db: Db, actor: Actor, secret: string | null, now = new Date(), ring: Keyring = serverKeyring()): Promise<void> {
  requirePermission(actor, 'settings:manage');
  const value = secret?.trim() ?? '';
  if (value !== '' && (value.length < 16 || value.length > 256 || !/^[\x21-\x7e]+$/.test(value))) {
    throw new AppError('INVALID_INPUT', 'The signing secret is 16–256 printable characters without spaces (copy it from the paging service).');
  }
  await save(db, actor, ALERT_SETTING_KEYS.pagingSecret, value === '' ? '' : sealSecret(value, ring), now, { pagingSecret: value === '' ? 'removed' : 'set' });
}
