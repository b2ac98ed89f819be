// `x400-support keys rotate`: a new data key becomes current and every stored bundle file is
// re-encrypted under it (each object replaced whole), then keys nobody uses are dropped.
import fs from 'node:fs';
import type { AppDb } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { listAllBundles, updateBundle } from '@/db/queries/bundles';
import { blobStore, incomingPath, resetKeyringCache, withSealedFile, type StorageConfig } from '@/lib/ingest/storage';
import { MissingObjectError } from '@/lib/storage';
import { decryptFile, encryptFile, encryptedKeyId } from './file-cipher';
import { addNewKey, dropUnusedKeys, type Keyring } from './keyring';

export interface RotationReport {
  newKeyId: string;
  reencrypted: number;
  failed: { bundleId: string; reason: string }[];
}

export async function rotateDataKey(db: AppDb, storage: StorageConfig & { keyring: Keyring }, actor: Actor): Promise<RotationReport> {
  requirePermission(actor, 'settings:manage');
  const ring = storage.keyring.fromEnv ? storage.keyring : addNewKey(storage.keyring);
  const report: RotationReport = { newKeyId: ring.currentId, reencrypted: 0, failed: [] };
  const inUse = new Set<string>();
  for (const bundle of await listAllBundles(db)) {
    if (!bundle.storagePath) continue;
    const name = bundle.storagePath;
    const plain = incomingPath(storage, 'rotate-plain');
    const sealed = `${incomingPath(storage, 'rotate-sealed')}.partial`;
    let oldKeyId: string | null = null;
    try {
      const rotated = await withSealedFile(storage, name, async (file) => {
        oldKeyId = encryptedKeyId(file);
        if (oldKeyId === ring.currentId) return false;
        await decryptFile(file, plain, ring);
        return true;
      });
      if (!rotated) continue;
      await encryptFile(plain, sealed, ring);
      await blobStore(storage).put(name, sealed);
      await updateBundle(db, bundle.id, { keyId: ring.currentId });
      report.reencrypted++;
    } catch (error) {
      if (error instanceof MissingObjectError) continue;
      report.failed.push({ bundleId: bundle.id, reason: (error as Error).message });
      if (oldKeyId) inUse.add(oldKeyId); // the file still needs its old key
    } finally {
      fs.rmSync(plain, { force: true });
      fs.rmSync(sealed, { force: true });
    }
  }
  dropUnusedKeys(ring, inUse);
  resetKeyringCache();
  await appendAudit(db, { at: new Date(), actorId: actor.id, actorEmail: actor.email, action: 'keys.rotate', detail: { keyId: ring.currentId, reencrypted: report.reencrypted, failed: report.failed.length } });
  return report;
}
