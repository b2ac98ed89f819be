// `x400-support keys rotate`: a new data key becomes current and every stored bundle file is
// re-encrypted under it (each file replaced atomically), then keys nobody uses are dropped.
import fs from 'node:fs';
import type { AppDb } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { listAllBundles, updateBundle } from '@/db/queries/bundles';
import { incomingPath, resetKeyringCache, storedPath, type StorageConfig } from '@/lib/ingest/storage';
import { decryptFile, encryptFile, encryptedKeyId } from './file-cipher';
import { addNewKey, dropUnusedKeys, type Keyring } from './keyring';

export interface RotationReport {
  newKeyId: string;
  reencrypted: number;
  failed: { bundleId: string; reason: string }[];
}

export async function rotateDataKey(db: AppDb, storage: StorageConfig & { keyring: Keyring }, actor: { id: string | null; email: string }): Promise<RotationReport> {
  const ring = storage.keyring.fromEnv ? storage.keyring : addNewKey(storage.keyring);
  const report: RotationReport = { newKeyId: ring.currentId, reencrypted: 0, failed: [] };
  const inUse = new Set<string>();
  for (const bundle of await listAllBundles(db)) {
    if (!bundle.storagePath) continue;
    const file = storedPath(storage, bundle.storagePath);
    if (!fs.existsSync(file)) continue;
    if (encryptedKeyId(file) === ring.currentId) continue;
    const plain = incomingPath(storage, 'rotate-plain');
    const sealed = `${incomingPath(storage, 'rotate-sealed')}.partial`;
    try {
      await decryptFile(file, plain, ring);
      await encryptFile(plain, sealed, ring);
      fs.renameSync(sealed, file);
      await updateBundle(db, bundle.id, { keyId: ring.currentId });
      report.reencrypted++;
    } catch (error) {
      report.failed.push({ bundleId: bundle.id, reason: (error as Error).message });
      inUse.add(encryptedKeyId(file));
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
