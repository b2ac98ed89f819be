// Retention purge: the one implementation behind /settings, `x400-support purge` and the server's
// daily run. A bundle past its window loses its file and everything derived from it; a tombstone
// stays so tickets and tasks that cite it can say "purged on ...". Crash-safe: a bundle is first
// marked `purging`, and a purge (or the next start) finishes every bundle left in that state.
import { withTransaction, type AppDb } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { claimBundleForPurge, deleteBundleRow, findBundle, lockBundleForPurge, insertTombstone, listAllBundles } from '@/db/queries/bundles';
import { readSetting, writeSetting } from '@/db/queries/settings';
import { insertTicketEvent } from '@/db/queries/tickets';
import type { Bundle } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { removeBundleFile, type StorageConfig } from '@/lib/ingest/storage';
import { expireShares, retireSharesOfBundle } from '@/lib/share/job';


export const RETENTION_SETTING = 'retention';
const DAY = 86_400_000;

export interface RetentionPolicy {
  /** Window for bundles whose metadata names none (telemetry.retentionDays). */
  defaultDays: number;
  /** Bundles received without consent are kept this long, metadata only. */
  quarantineDays: number;
}

export async function retentionPolicy(db: AppDb, fallbackQuarantineDays = 7): Promise<RetentionPolicy> {
  const stored = ((await readSetting(db, RETENTION_SETTING)) ?? {}) as Partial<RetentionPolicy>;
  return {
    defaultDays: Number.isInteger(stored.defaultDays) ? stored.defaultDays! : 30,
    quarantineDays: Number.isInteger(stored.quarantineDays) ? stored.quarantineDays! : fallbackQuarantineDays,
  };
}

export async function setRetentionPolicy(db: AppDb, actor: Actor, policy: RetentionPolicy, now = new Date()): Promise<void> {
  requirePermission(actor, 'settings:manage');
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value < 1 || value > 3650) throw new AppError('INVALID_INPUT', `${name} must be a whole number of days from 1 to 3650.`);
  }
  await withTransaction(db, async (tx) => {
    await writeSetting(tx, RETENTION_SETTING, policy, actor.id, now);
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'settings.retention', detail: { ...policy } });
  });
}

export interface PurgeCandidate {
  bundleId: string;
  ticketId: number | null;
  fileName: string;
  bytes: number;
  reason: string;
  expiredAt: string;
}

function candidateFor(bundle: Bundle, policy: RetentionPolicy, now: Date): PurgeCandidate | null {
  const base = { bundleId: bundle.id, ticketId: bundle.ticketId, fileName: bundle.fileName, bytes: bundle.size };
  if (bundle.state === 'purging') return { ...base, reason: 'finishing an interrupted purge', expiredAt: now.toISOString() };
  if (bundle.state === 'quarantined' && !bundle.consentConfirmedAt) {
    const expires = bundle.ingestedAt.getTime() + policy.quarantineDays * DAY;
    return now.getTime() >= expires ? { ...base, reason: `received without consent, quarantine of ${policy.quarantineDays} d over`, expiredAt: new Date(expires).toISOString() } : null;
  }
  if (bundle.state === 'active' || bundle.state === 'quarantined') {
    const days = bundle.retentionDays ?? policy.defaultDays;
    const expires = bundle.createdAt.getTime() + days * DAY;
    const source = bundle.retentionDays ? 'the bundle\'s telemetry.retentionDays' : 'the default';
    return now.getTime() >= expires ? { ...base, reason: `retention window of ${days} d (${source}) over`, expiredAt: new Date(expires).toISOString() } : null;
  }
  return null;
}

export async function purgePlan(db: AppDb, policy: RetentionPolicy, now = new Date()): Promise<PurgeCandidate[]> {
  return (await listAllBundles(db))
    .map((b) => candidateFor(b, policy, now))
    .filter((c): c is PurgeCandidate => c !== null)
    .sort((a, b) => a.expiredAt.localeCompare(b.expiredAt));
}

export interface PurgeResult {
  dryRun: boolean;
  candidates: PurgeCandidate[];
  purged: string[];
  bytes: number;
  /** Share jobs whose encrypted file was removed (download window over, or their bundle purged). */
  sharesExpired: string[];
}

export async function runPurge(
  deps: { db: AppDb; storage: StorageConfig },
  actor: Actor,
  options: { dryRun?: boolean; now?: Date; quarantineDays?: number } = {},
): Promise<PurgeResult> {
  requirePermission(actor, 'bundle:purge');
  const { db, storage } = deps;
  const now = options.now ?? new Date();
  const policy = await retentionPolicy(db, options.quarantineDays);
  const candidates = await purgePlan(db, policy, now);
  const result: PurgeResult = { dryRun: !!options.dryRun, candidates, purged: [], bytes: 0, sharesExpired: [] };
  if (options.dryRun) {
    result.bytes = candidates.reduce((n, c) => n + c.bytes, 0);
    return result;
  }
  for (const candidate of candidates) {
    // Re-read: the window is checked again on the row as it is now, never on a stale plan.
    const bundle = await findBundle(db, candidate.bundleId);
    if (!bundle || !candidateFor(bundle, policy, now) || !(await claimBundleForPurge(db, bundle.id))) continue;
    try {
      await retireSharesOfBundle(deps, bundle.id, now);
      await removeBundleFile(storage, bundle.storagePath);
    } catch {
      continue; // the store did not answer: the bundle stays `purging` and the next run finishes it
    }
    const done = await withTransaction(db, async (tx) => {
      if (!(await lockBundleForPurge(tx, bundle.id))) return false; // a concurrent purge finished it
      await insertTombstone(tx, {
        bundleId: bundle.id,
        sha256: bundle.sha256,
        ticketId: bundle.ticketId,
        size: bundle.size,
        reason: candidate.reason,
        purgedAt: now,
        purgedBy: actor.email,
      });
      await deleteBundleRow(tx, bundle.id);
      if (bundle.ticketId !== null) {
        await insertTicketEvent(tx, { ticketId: bundle.ticketId, at: now, actorId: actor.id, kind: 'bundle_purged', data: { bundleId: bundle.id, reason: candidate.reason } });
      }
      await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'bundle.purge', targetType: 'bundle', targetId: bundle.id, detail: { reason: candidate.reason, bytes: bundle.size, ticketId: bundle.ticketId } });
      return true;
    });
    if (!done) continue;
    result.purged.push(bundle.id);
    result.bytes += bundle.size;
  }
  try {
    result.sharesExpired = await expireShares(deps, now);
  } catch (error) {
    console.error(`purge: expired shares not removed (the next purge retries): ${(error as Error).message}`);
  }
  return result;
}

/** Where a bundle stands against its retention window (the bundle page, the upload answer). */
export interface RetentionStatus {
  /** When the window ends (or ended); null for a purged bundle. */
  expiresAt: Date | null;
  expired: boolean;
  /** One sentence for people. */
  text: string;
}

export function retentionStatus(bundle: Pick<Bundle, 'state' | 'createdAt' | 'ingestedAt' | 'retentionDays' | 'consentConfirmedAt'>, policy: RetentionPolicy, now = new Date()): RetentionStatus {
  if (bundle.state === 'purged' || bundle.state === 'purging') return { expiresAt: null, expired: true, text: 'purged' };
  const quarantine = bundle.state === 'quarantined' && !bundle.consentConfirmedAt;
  const days = quarantine ? policy.quarantineDays : (bundle.retentionDays ?? policy.defaultDays);
  const from = quarantine ? bundle.ingestedAt : bundle.createdAt;
  const expiresAt = new Date(from.getTime() + days * DAY);
  const what = quarantine ? `quarantine of ${days} d from receipt` : `retention window of ${days} d from the bundle's creation`;
  const day = expiresAt.toISOString().slice(0, 16).replace('T', ' ');
  return now.getTime() >= expiresAt.getTime()
    ? { expiresAt, expired: true, text: `Expired ${day} UTC (${what}): the next purge removes it.` }
    : { expiresAt, expired: false, text: `Kept until ${day} UTC (${what}).` };
}
