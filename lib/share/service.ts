// "Share externally": a lead turns a consented bundle into an age-encrypted file of its sanitized
// copy (personal data replaced by markers, plus the inspection report), for a passphrase or an age
// recipient. `writeSharedFile` is the one implementation: the background job (lib/share/job.ts)
// and the CLI (`shareBundle`) call it. Temporary files live in the scratch folder and never
// outlive the call; the audit log records who shared which bundle, to whom and what was redacted.

import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { AppDb } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { findBundle, listFindings } from '@/db/queries/bundles';
import type { Bundle } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { DEFAULT_LIMITS, type BundleLimits } from '@/lib/bundle/archive';
import type { InspectReport } from '@/lib/bundle/inspect';
import type { RedactionReport } from '@/lib/bundle/redaction';
import { incomingPath, withBundleFile, type StorageConfig } from '@/lib/ingest/storage';
import { encryptedFileName, encryptFile, validatePassphrase, validateRecipient, type AgeTarget } from './age';
import { AppError } from '@/lib/errors';
import type { RedactionCounts } from './redactor';
import { sanitizeBundle } from './sanitize';


export interface ShareDeps {
  db: AppDb;
  bundleDir: string;
  /** The store with its keyring; defaults to `{ bundleDir }` (key from X400_DATA_KEY or the key file). */
  storage?: StorageConfig;
  limits?: Partial<BundleLimits>;
  now?: () => Date;
}

export interface ShareRequest {
  bundleId: string;
  to: AgeTarget;
  purpose?: string;
}

export interface ShareResult {
  /** `<bundleId>.sanitized.zip.age` */
  fileName: string;
  /** Size of the encrypted file in bytes. */
  size: number;
  redactions: RedactionCounts;
  /**
   * The encrypted file. Its temporary file is already unlinked (only this open stream holds it):
   * read it to the end or destroy it.
   */
  content: Readable;
}

/**
 * The one place that turns a stored bundle into a plaintext path: the store encrypts files at
 * rest, so this decrypts to a temporary copy removed when `use` returns.
 */
function openStoredBundle<T>(deps: ShareDeps, bundle: Bundle, use: (plainPath: string) => Promise<T>): Promise<T> {
  if (!bundle.storagePath) throw new AppError('CONFLICT', `Bundle ${bundle.id} has no stored file.`);
  return withBundleFile(deps.storage ?? { bundleDir: deps.bundleDir }, bundle.storagePath, use);
}

export async function shareable(db: AppDb, bundleId: string): Promise<Bundle> {
  const bundle = await findBundle(db, bundleId);
  if (!bundle) throw new AppError('NOT_FOUND', `No bundle ${bundleId}.`);
  if (bundle.state === 'purged' || bundle.state === 'purging') throw new AppError('CONFLICT', `Bundle ${bundleId} was purged: there is nothing left to share.`);
  if (!bundle.consentGranted || !bundle.consentConfirmedAt) {
    throw new AppError('CONFLICT', `Consent for bundle ${bundleId} has not been confirmed on its ticket: it cannot be shared.`);
  }
  return bundle;
}

/**
 * The inspection the bundle's parse recorded: its summary (lib/ingest/service.ts reportSummary)
 * with its findings, as inspectBundle reported them. Null when the bundle is not parsed: the
 * upload's inspection reads no entry before consent, so only the parse's is the whole report.
 */
export async function recordedInspection(db: AppDb, bundle: Bundle, limits?: Partial<BundleLimits>): Promise<InspectReport | null> {
  const summary = bundle.report as (Omit<InspectReport, 'redaction'> & { redaction?: Omit<RedactionReport, 'findings'> }) | null;
  if (bundle.parseState !== 'parsed' || !summary?.redaction) return null;
  // A record from before the report grew a field is not used: the share inspects afresh.
  if (summary.logs === undefined || summary.metrics?.operations === undefined) return null;
  const findings = await listFindings(db, bundle.id, limits?.maxFindings ?? DEFAULT_LIMITS.maxFindings);
  const redaction: RedactionReport = {
    ...summary.redaction,
    findings: findings.map((f) => ({ entry: f.entry, pointer: f.pointer, line: f.line, category: f.category as RedactionReport['findings'][number]['category'], preview: f.preview })),
  };
  // Written key by key, in inspect's order: PostgreSQL's jsonb keeps keys in an order of its own.
  const s = summary;
  return {
    file: s.file,
    sha256: s.sha256,
    size: s.size,
    valid: s.valid,
    problems: s.problems,
    bundleId: s.bundleId,
    channel: s.channel,
    createdAt: s.createdAt,
    entries: s.entries,
    extraEntries: s.extraEntries,
    consent: s.consent,
    retentionDays: s.retentionDays,
    reportedAt: s.reportedAt,
    traceFormat: s.traceFormat,
    entriesRead: s.entriesRead,
    redaction,
    metrics: s.metrics,
    logs: s.logs,
  };
}

/** Where a share stands while it is prepared: the stage, overall progress in [0, 1], and bytes
 * done / total of that stage. */
export interface ShareProgressEvent {
  stage: 'reading' | 'inspecting' | 'sanitizing' | 'encrypting';
  progress: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface SharedFile {
  bundle: Bundle;
  /** Size of the encrypted file in bytes. */
  bytes: number;
  redactions: RedactionCounts;
}

/** The target checked, before any slow work. */
export function checkTarget(to: AgeTarget): AgeTarget {
  return 'passphrase' in to ? { passphrase: validatePassphrase(to.passphrase) } : { recipient: validateRecipient(to.recipient) };
}

/**
 * The one implementation behind every door (the dialog's background job, the CLI, the API):
 * writes the age-encrypted sanitized copy of a shareable bundle to `outPath`, streaming through
 * scratch files (memory stays flat whatever the bundle's size). Removes its scratch files, and
 * `outPath` when it fails. No permission check and no audit: the caller does both.
 */
export async function writeSharedFile(deps: ShareDeps, bundleId: string, to: AgeTarget, outPath: string, onProgress?: (p: ShareProgressEvent) => void): Promise<SharedFile> {
  const target = checkTarget(to);
  const bundle = await shareable(deps.db, bundleId);
  const storage = deps.storage ?? { bundleDir: deps.bundleDir };
  const sanitizedPath = incomingPath(storage, `${bundle.id}.sanitized.zip`);
  let reached = 0;
  // Never backwards (the stages' weights meet at rounding edges).
  const report = (p: ShareProgressEvent) => onProgress?.({ ...p, progress: (reached = Math.max(reached, Math.min(1, p.progress))) });
  let ok = false;
  try {
    report({ stage: 'reading', progress: 0, bytesDone: 0, bytesTotal: bundle.size });
    // The inspection and the rewrite run at once: one progress for both, shown as 'inspecting'
    // until the inspection is done, then 'sanitizing' with the rewrite's bytes.
    let inspectedFraction = 0;
    let rewrite = { done: 0, total: 1 };
    const both = (stage: 'inspecting' | 'sanitizing') => {
      const fraction = 0.35 * inspectedFraction + 0.65 * (rewrite.done / Math.max(rewrite.total, 1));
      const progress = 0.05 + 0.85 * fraction;
      if (stage === 'inspecting') report({ stage, progress, bytesDone: Math.round(inspectedFraction * bundle.size), bytesTotal: bundle.size });
      else report({ stage, progress, bytesDone: rewrite.done, bytesTotal: rewrite.total });
    };
    // A parsed bundle's inspection is on record: the rewrite then has both cores to itself.
    const recorded = await recordedInspection(deps.db, bundle, deps.limits);
    const sanitized = await openStoredBundle(deps, bundle, (plainPath) => {
      both('inspecting');
      return sanitizeBundle(plainPath, sanitizedPath, {
        limits: deps.limits,
        fileName: bundle.fileName,
        report: recorded ?? undefined,
        onInspectProgress: (f) => {
          inspectedFraction = Math.min(1, f);
          both(inspectedFraction < 1 ? 'inspecting' : 'sanitizing');
        },
        onProgress: (done, total) => {
          rewrite = { done, total };
          both(inspectedFraction < 1 ? 'inspecting' : 'sanitizing');
        },
      });
    });
    const plainSize = fs.statSync(sanitizedPath).size;
    const { bytes } = await encryptFile(sanitizedPath, outPath, target, (done) =>
      report({ stage: 'encrypting', progress: 0.9 + 0.1 * (done / Math.max(plainSize, 1)), bytesDone: done, bytesTotal: plainSize }),
    );
    ok = true;
    return { bundle, bytes, redactions: sanitized.redactions };
  } finally {
    fs.rmSync(sanitizedPath, { force: true });
    if (!ok) fs.rmSync(outPath, { force: true });
  }
}

/** The audit entry of a finished share (who, which bundle, to whom, what was redacted). */
export function shareAuditDetail(to: AgeTarget, purpose: string | null | undefined, shared: SharedFile, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    to: 'recipient' in to ? to.recipient : 'passphrase',
    method: 'recipient' in to ? 'x25519' : 'passphrase',
    purpose: purpose?.slice(0, 500) ?? null,
    fileName: encryptedFileName(shared.bundle.id),
    size: shared.bytes,
    redactions: shared.redactions,
    ...extra,
  };
}

/** Shares at once (the CLI): the encrypted file as a stream, audited as bundle.share. */
export async function shareBundle(deps: ShareDeps, actor: Actor, request: ShareRequest): Promise<ShareResult> {
  requirePermission(actor, 'bundle:share');
  const to = checkTarget(request.to);
  const now = deps.now ?? (() => new Date());
  const storage = deps.storage ?? { bundleDir: deps.bundleDir };
  const encryptedPath = incomingPath(storage, `${request.bundleId}.sanitized.zip.age`);
  try {
    const shared = await writeSharedFile(deps, request.bundleId, to, encryptedPath);
    const content = (await fs.promises.open(encryptedPath, 'r')).createReadStream();
    try {
      await appendAudit(deps.db, {
        at: now(),
        actorId: actor.id,
        actorEmail: actor.email,
        action: 'bundle.share',
        targetType: 'bundle',
        targetId: shared.bundle.id,
        detail: shareAuditDetail(to, request.purpose, shared),
      });
    } catch (error) {
      content.destroy();
      throw error;
    }
    return { fileName: encryptedFileName(shared.bundle.id), size: shared.bytes, redactions: shared.redactions, content };
  } finally {
    fs.rmSync(encryptedPath, { force: true });
  }
}
