// Where bundle files live: one file per bundle under the bundle folder, encrypted at rest
// (AES-256-GCM, lib/crypto) and put in place atomically (sealed under a temporary name, then
// renamed), so a crash leaves either the whole file or a temporary one the next start removes.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { decryptFile, encryptFile } from '@/lib/crypto/file-cipher';
import { KEY_FILE_NAME, loadKeyring, type Keyring } from '@/lib/crypto/keyring';

export interface StorageConfig {
  bundleDir: string;
  /** Defaults to X400_DATA_KEY, else the key file beside the bundle folder (the data folder). */
  keyring?: Keyring;
}

export interface SealedFile {
  tempPath: string;
  keyId: string;
}

const INCOMING = '.incoming';
const rings = new Map<string, Keyring>();

export function keyringFor(storage: StorageConfig): Keyring {
  if (storage.keyring) return storage.keyring;
  return cachedKeyring(path.join(path.dirname(path.resolve(storage.bundleDir)), KEY_FILE_NAME), process.env.X400_DATA_KEY ?? null);
}

function cachedKeyring(file: string, envKey: string | null): Keyring {
  const cacheKey = `${file}|${envKey ?? ''}`;
  let ring = rings.get(cacheKey);
  if (!ring) {
    ring = loadKeyring(file, envKey);
    rings.set(cacheKey, ring);
  }
  return ring;
}

/** Forget cached keyrings (after a rotation in this process). */
export function resetKeyringCache(): void {
  rings.clear();
}

/** A fresh path for an upload in progress; removed at start if the process died. */
export function incomingPath(cfg: StorageConfig, hint = 'upload'): string {
  const dir = path.join(cfg.bundleDir, INCOMING);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${randomUUID()}-${hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}`);
}

const STORED_NAME = /^[0-9a-f-]{36}\.zip\.enc$/;

/** Whether `name` is one the store creates for a bundle (`<bundle id>.zip.enc`): the only names
 * crash repair may ever delete, whatever else a misconfigured folder holds. */
export function isStoredBundleName(name: string): boolean {
  return STORED_NAME.test(name);
}

export function storedName(bundleId: string): string {
  if (!/^[0-9a-fA-F-]{36}$/.test(bundleId)) throw new Error(`not a bundle id: ${bundleId}`);
  return `${bundleId.toLowerCase()}.zip.enc`;
}

export function storedPath(cfg: StorageConfig, name: string): string {
  return path.join(cfg.bundleDir, path.basename(name));
}

/** Encrypts `source` into a temporary file of the store (slow part, before any check). */
export async function sealBundleFile(cfg: StorageConfig, source: string): Promise<SealedFile> {
  const tempPath = `${incomingPath(cfg, 'sealed')}.partial`;
  try {
    const keyId = await encryptFile(source, tempPath, keyringFor(cfg));
    return { tempPath, keyId };
  } catch (error) {
    fs.rmSync(tempPath, { force: true });
    throw error;
  }
}

/** Puts a sealed file in place under the bundle's name (synchronous: no await between a
 * duplicate check and this). Returns the stored name. */
export function placeSealedFile(cfg: StorageConfig, sealed: SealedFile, bundleId: string): string {
  const name = storedName(bundleId);
  fs.renameSync(sealed.tempPath, storedPath(cfg, name));
  return name;
}

export function discardSealed(sealed: SealedFile | null): void {
  if (sealed) fs.rmSync(sealed.tempPath, { force: true });
}

/** Runs `use` with a decrypted copy of a stored bundle, removed afterwards. Throws
 * TamperedFileError when the stored file does not authenticate. */
export async function withBundleFile<T>(cfg: StorageConfig, name: string, use: (plainPath: string) => Promise<T>): Promise<T> {
  const plain = incomingPath(cfg, 'plain.zip');
  try {
    await decryptFile(storedPath(cfg, name), plain, keyringFor(cfg));
    return await use(plain);
  } finally {
    fs.rmSync(plain, { force: true });
  }
}

export function removeBundleFile(cfg: StorageConfig, name: string | null): void {
  if (name) fs.rmSync(storedPath(cfg, name), { force: true });
}

/** Files in the store that no bundle row names: left by a crash between the rename and the insert. */
export function strayFiles(cfg: StorageConfig, known: Set<string>): string[] {
  if (!fs.existsSync(cfg.bundleDir)) return [];
  return fs
    .readdirSync(cfg.bundleDir, { withFileTypes: true })
    .filter((e) => e.isFile() && isStoredBundleName(e.name) && !known.has(e.name))
    .map((e) => e.name);
}

export function clearIncoming(cfg: StorageConfig): void {
  fs.rmSync(path.join(cfg.bundleDir, INCOMING), { recursive: true, force: true });
}

/** The store as configured: bundle folder, and the key file beside the database. */
export function storageFromConfig(cfg: { bundleDir: string; dataDir: string; dataKey: string | null }): StorageConfig {
  return { bundleDir: cfg.bundleDir, keyring: cachedKeyring(path.join(cfg.dataDir, KEY_FILE_NAME), cfg.dataKey) };
}
