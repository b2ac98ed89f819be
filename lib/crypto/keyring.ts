// Data keys for bundle encryption at rest: X400_DATA_KEY (32 bytes, base64 or hex) when set,
// otherwise a key file generated on first use (mode 0600) beside the database. The file keeps
// earlier keys until `x400-support keys rotate` has re-encrypted everything under the new one.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';


export interface Keyring {
  currentId: string;
  keys: Map<string, Buffer>;
  file: string;
  fromEnv: boolean;
}

interface KeyFile {
  current: string;
  keys: Record<string, string>;
}

export const KEY_FILE_NAME = 'x400-data.key';

/**
 * The one rule for where the data key file lives: in the data folder, beside the database. (Given
 * only a bundle folder, its parent is the data folder, as X400_BUNDLE_DIR defaults to <data>/bundles.)
 */
export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

export function parseDataKey(raw: string): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new AppError('INTERNAL', 'X400_DATA_KEY must be 32 bytes, as 64 hex digits or base64 (e.g. `openssl rand -base64 32`).');
  return key;
}

const idFor = (key: Buffer, prefix: string) => `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

function readKeyFile(file: string): KeyFile | null {
  if (!fs.existsSync(file)) return null;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  if (!parsed.current || !parsed.keys?.[parsed.current]) throw new AppError('INTERNAL', `The key file ${file} is damaged: it names no current key.`);
  return parsed;
}

function writeKeyFile(file: string, content: KeyFile, exclusive: boolean): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(content, null, 2)}\n`;
  if (exclusive) {
    try {
      fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return true;
}

/** Loads (creating on first use) the keyring; `envKey` is X400_DATA_KEY. */
export function loadKeyring(file: string, envKey: string | null | undefined): Keyring {
  let stored = readKeyFile(file);
  if (!stored && !envKey) {
    const key = randomBytes(32);
    const id = idFor(key, 'k');
    // Two processes starting at once must end up with one key: the first writer wins.
    if (!writeKeyFile(file, { current: id, keys: { [id]: key.toString('base64') } }, true)) stored = readKeyFile(file);
    else stored = readKeyFile(file);
  }
  const keys = new Map<string, Buffer>(Object.entries(stored?.keys ?? {}).map(([id, b64]) => [id, Buffer.from(b64, 'base64')]));
  if (envKey) {
    const key = parseDataKey(envKey);
    const id = idFor(key, 'env');
    keys.set(id, key);
    return { currentId: id, keys, file, fromEnv: true };
  }
  return { currentId: stored!.current, keys, file, fromEnv: false };
}

/** Adds a fresh key as current (file keyring only); old keys stay until `dropUnusedKeys`. */
export function addNewKey(ring: Keyring): Keyring {
  if (ring.fromEnv) throw new AppError('CONFLICT', 'The data key comes from X400_DATA_KEY: set a new value there to rotate; stored files are then re-encrypted under it.');
  const key = randomBytes(32);
  const id = idFor(key, 'k');
  const keys = new Map(ring.keys).set(id, key);
  writeKeyFile(ring.file, { current: id, keys: Object.fromEntries([...keys].map(([k, v]) => [k, v.toString('base64')])) }, false);
  return { ...ring, currentId: id, keys };
}

export function dropUnusedKeys(ring: Keyring, inUse: Set<string>): Keyring {
  if (ring.fromEnv) return ring;
  const keys = new Map([...ring.keys].filter(([id]) => id === ring.currentId || inUse.has(id)));
  writeKeyFile(ring.file, { current: ring.currentId, keys: Object.fromEntries([...keys].map(([k, v]) => [k, v.toString('base64')])) }, false);
  return { ...ring, keys };
}
