// Bundle files at rest: sealed (AES-256-GCM, lib/crypto) into this instance's scratch folder, then
// handed to the blob store (lib/storage: a local folder or an S3-compatible bucket). Every upload
// gets its own object name, so a loser of a race deletes only its own object; the database's
// unique keys decide which upload is the bundle. Reads copy the object into scratch (unless the
// store is a local folder) and decrypt there.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { decryptFile, encryptFile } from '@/lib/crypto/file-cipher';
import { keyFilePath, loadKeyring, type Keyring } from '@/lib/crypto/keyring';
import type { Config } from '@/lib/env';
import { blobStoreFromConfig, FolderStore, MissingObjectError, type BlobStore } from '@/lib/storage';

export interface StorageConfig {
  /** The local bundle folder: the store when `store` is not given; scratch defaults beneath it. */
  bundleDir: string;
  /** Defaults to X400_DATA_KEY, else the key file beside the bundle folder (the data folder). */
  keyring?: Keyring;
  /** Defaults to the folder store on `bundleDir`. */
  store?: BlobStore;
  /** This instance's scratch folder; defaults to `<bundleDir>/.incoming`. */
  scratchDir?: string;
}

export interface SealedFile {
  tempPath: string;
  keyId: string;
}

const INCOMING = '.incoming';
const rings = new Map<string, Keyring>();
const folderStores = new Map<string, FolderStore>();

export function keyringFor(storage: StorageConfig): Keyring {
  if (storage.keyring) return storage.keyring;
  return cachedKeyring(keyFilePath(path.dirname(path.resolve(/*turbopackIgnore: true*/ storage.bundleDir))), process.env.X400_DATA_KEY ?? null);
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

export function blobStore(cfg: StorageConfig): BlobStore {
  if (cfg.store) return cfg.store;
  const dir = path.resolve(/*turbopackIgnore: true*/ cfg.bundleDir);
  let store = folderStores.get(dir);
  if (!store) {
    store = new FolderStore(dir);
    folderStores.set(dir, store);
  }
  return store;
}

export function scratchDir(cfg: StorageConfig): string {
  return cfg.scratchDir ?? path.join(cfg.bundleDir, INCOMING);
}

// Scratch files are named "<uuid>-<hint>": crash repair removes only names of this shape.
const SCRATCH_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/;

/** A fresh scratch path (an upload in progress, a file being sealed or read); crash repair
 * removes what a dead process left. */
export function incomingPath(cfg: StorageConfig, hint = 'upload'): string {
  const dir = scratchDir(cfg);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${randomUUID()}-${hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}`);
}

const STORED_NAME = /^[0-9a-f-]{36}(\.[0-9a-f]{12})?\.zip\.enc$/;

/** Whether `name` is one the store creates for a bundle (`<bundle id>[.<random>].zip.enc`): the
 * only names crash repair may ever delete, whatever else a misconfigured folder holds. */
export function isStoredBundleName(name: string): boolean {
  return STORED_NAME.test(name);
}

/** A new object name for one upload of a bundle: unique, so concurrent uploads never share one. */
export function newObjectName(bundleId: string): string {
  if (!/^[0-9a-fA-F-]{36}$/.test(bundleId)) throw new Error(`not a bundle id: ${bundleId}`);
  return `${bundleId.toLowerCase()}.${randomBytes(6).toString('hex')}.zip.enc`;
}

/** Encrypts `source` into a scratch file (slow part, before any check). */
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

/** Puts a sealed file into the store under a new object name; returns that name. */
export async function storeSealedFile(cfg: StorageConfig, sealed: SealedFile, bundleId: string): Promise<string> {
  const name = newObjectName(bundleId);
  try {
    await blobStore(cfg).put(name, sealed.tempPath);
  } finally {
    fs.rmSync(sealed.tempPath, { force: true });
  }
  return name;
}

export function discardSealed(sealed: SealedFile | null): void {
  if (sealed) fs.rmSync(sealed.tempPath, { force: true });
}

/** Runs `use` with a decrypted copy of a stored bundle, removed afterwards. Throws
 * AppError (TAMPERED) when the stored file does not authenticate, MissingObjectError when absent. */
export async function withBundleFile<T>(cfg: StorageConfig, name: string, use: (plainPath: string) => Promise<T>): Promise<T> {
  const store = blobStore(cfg);
  const plain = incomingPath(cfg, 'plain.zip');
  const local = store.localPath(name);
  const fetched = local ? null : incomingPath(cfg, 'fetched.enc');
  try {
    if (fetched) await store.get(name, fetched);
    else if (!fs.existsSync(local!)) throw new MissingObjectError(name);
    await decryptFile(fetched ?? local!, plain, keyringFor(cfg));
    return await use(plain);
  } finally {
    fs.rmSync(plain, { force: true });
    if (fetched) fs.rmSync(fetched, { force: true });
  }
}

/** Runs `use` with the stored (still encrypted) file as a local path. */
export async function withSealedFile<T>(cfg: StorageConfig, name: string, use: (sealedPath: string) => Promise<T>): Promise<T> {
  const store = blobStore(cfg);
  const local = store.localPath(name);
  if (local) {
    if (!fs.existsSync(local)) throw new MissingObjectError(name);
    return use(local);
  }
  const fetched = incomingPath(cfg, 'fetched.enc');
  try {
    await store.get(name, fetched);
    return await use(fetched);
  } finally {
    fs.rmSync(fetched, { force: true });
  }
}

export async function removeBundleFile(cfg: StorageConfig, name: string | null): Promise<void> {
  if (name) await blobStore(cfg).delete(name);
}

export async function bundleFileExists(cfg: StorageConfig, name: string): Promise<boolean> {
  return blobStore(cfg).exists(name);
}

/** Objects in the store that no bundle row names and that are older than `olderThan`: left by a
 * crash between the upload and the insert. Younger ones may belong to an upload in progress. */
export async function strayObjects(cfg: StorageConfig, known: Set<string>, olderThan: Date, alsoOurs: (name: string) => boolean = () => false): Promise<string[]> {
  const out: string[] = [];
  for await (const o of blobStore(cfg).list()) {
    if ((isStoredBundleName(o.name) || alsoOurs(o.name)) && !known.has(o.name) && o.modifiedAt < olderThan) out.push(o.name);
  }
  return out;
}

/** Removes the scratch files this instance's processes created (recognised by name); returns how
 * many. Called at start, before this instance has any work in progress. */
export function clearIncoming(cfg: StorageConfig): number {
  const dir = scratchDir(cfg);
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) return 0;
  let removed = 0;
  for (const entry of fs.readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })) {
    if (!entry.isFile() || !SCRATCH_NAME.test(entry.name)) continue;
    fs.rmSync(path.join(dir, entry.name), { force: true });
    removed++;
  }
  return removed;
}

/** The store as configured: bundle folder or bucket, the scratch folder, and the data key (or
 * the key file beside the database). */
export function storageFromConfig(cfg: Pick<Config, 'bundleDir' | 'dataDir' | 'dataKey' | 'scratchDir' | 's3'>): StorageConfig {
  return {
    bundleDir: cfg.bundleDir,
    keyring: cachedKeyring(keyFilePath(cfg.dataDir), cfg.dataKey),
    store: blobStoreFromConfig(cfg),
    scratchDir: cfg.scratchDir,
  };
}
