// "Share externally": a lead turns a consented bundle into an age-encrypted file of its sanitized
// copy (personal data replaced by markers, plus the inspection report), for a passphrase or an age
// recipient. Temporary files live in the store's .incoming folder and never outlive the call;
// the audit log records who shared which bundle, to whom and what was redacted.

import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { AppDb } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { findBundle } from '@/db/queries/bundles';
import type { Bundle } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import type { BundleLimits } from '@/lib/bundle/archive';
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

async function shareable(db: AppDb, bundleId: string): Promise<Bundle> {
  const bundle = await findBundle(db, bundleId);
  if (!bundle) throw new AppError('NOT_FOUND', `No bundle ${bundleId}.`);
  if (bundle.state === 'purged' || bundle.state === 'purging') throw new AppError('CONFLICT', `Bundle ${bundleId} was purged: there is nothing left to share.`);
  if (!bundle.consentGranted || !bundle.consentConfirmedAt) {
    throw new AppError('CONFLICT', `Consent for bundle ${bundleId} has not been confirmed on its ticket: it cannot be shared.`);
  }
  return bundle;
}

export async function shareBundle(deps: ShareDeps, actor: Actor, request: ShareRequest): Promise<ShareResult> {
  requirePermission(actor, 'bundle:share');
  // Validate the target before any slow work, and name it for the audit without the passphrase.
  const to: AgeTarget = 'passphrase' in request.to ? { passphrase: validatePassphrase(request.to.passphrase) } : { recipient: validateRecipient(request.to.recipient) };
  const bundle = await shareable(deps.db, request.bundleId);
  const now = deps.now ?? (() => new Date());
  const storage = deps.storage ?? { bundleDir: deps.bundleDir };
  const sanitizedPath = incomingPath(storage, `${bundle.id}.sanitized.zip`);
  const encryptedPath = incomingPath(storage, `${bundle.id}.sanitized.zip.age`);
  try {
    const sanitized = await openStoredBundle(deps, bundle, (plainPath) => sanitizeBundle(plainPath, sanitizedPath, { limits: deps.limits, fileName: bundle.fileName }));
    const { bytes } = await encryptFile(sanitizedPath, encryptedPath, to);
    const content = (await fs.promises.open(encryptedPath, 'r')).createReadStream();
    try {
      await appendAudit(deps.db, {
        at: now(),
        actorId: actor.id,
        actorEmail: actor.email,
        action: 'bundle.share',
        targetType: 'bundle',
        targetId: bundle.id,
        detail: {
          to: 'recipient' in to ? to.recipient : 'passphrase',
          method: 'recipient' in to ? 'x25519' : 'passphrase',
          purpose: request.purpose?.slice(0, 500) ?? null,
          fileName: encryptedFileName(bundle.id),
          size: bytes,
          redactions: sanitized.redactions,
        },
      });
    } catch (error) {
      content.destroy();
      throw error;
    }
    return { fileName: encryptedFileName(bundle.id), size: bytes, redactions: sanitized.redactions, content };
  } finally {
    fs.rmSync(sanitizedPath, { force: true });
    fs.rmSync(encryptedPath, { force: true });
  }
}
