// AES-256-GCM for whole files, streamed. Layout: "X4ENC1\n" | key id length (1 byte) | key id |
// 12-byte nonce | ciphertext | 16-byte tag. Decryption writes to a temporary file and keeps it
// only when the tag verifies: a file changed on disk is reported, never served.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@/lib/errors';
import type { Keyring } from './keyring';

const MAGIC = Buffer.from('X4ENC1\n');
const TAG = 16;


export async function encryptFile(source: string, target: string, ring: Keyring): Promise<string> {
  const key = ring.keys.get(ring.currentId)!;
  const nonce = randomBytes(12);
  const id = Buffer.from(ring.currentId, 'ascii');
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const out = fs.createWriteStream(target, { mode: 0o600 });
  out.write(Buffer.concat([MAGIC, Buffer.from([id.length]), id, nonce]));
  await pipeline(fs.createReadStream(source), cipher, out, { end: false });
  await new Promise<void>((resolve, reject) => out.end(cipher.getAuthTag(), (err?: Error | null) => (err ? reject(err) : resolve())));
  return ring.currentId;
}

interface Header {
  keyId: string;
  nonce: Buffer;
  start: number;
}

function readHeader(file: string): Header {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(MAGIC.length + 1 + 255 + 12);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n < MAGIC.length + 1 || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new AppError('TAMPERED', 'not an encrypted bundle file');
    const idLen = head[MAGIC.length]!;
    const keyId = head.subarray(MAGIC.length + 1, MAGIC.length + 1 + idLen).toString('ascii');
    const nonceAt = MAGIC.length + 1 + idLen;
    return { keyId, nonce: Buffer.from(head.subarray(nonceAt, nonceAt + 12)), start: nonceAt + 12 };
  } finally {
    fs.closeSync(fd);
  }
}

export function encryptedKeyId(file: string): string {
  return readHeader(file).keyId;
}

export async function decryptFile(source: string, target: string, ring: Keyring): Promise<void> {
  const { keyId, nonce, start } = readHeader(source);
  const key = ring.keys.get(keyId);
  if (!key) throw new AppError('TAMPERED', `the key ${keyId} that encrypted it is not in the keyring`);
  const size = fs.statSync(source).size;
  if (size < start + TAG) throw new AppError('TAMPERED', 'the file is truncated');
  const tag = Buffer.alloc(TAG);
  const fd = fs.openSync(source, 'r');
  fs.readSync(fd, tag, 0, TAG, size - TAG);
  fs.closeSync(fd);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAuthTag(tag);
  try {
    if (size - TAG > start) await pipeline(fs.createReadStream(source, { start, end: size - TAG - 1 }), decipher, fs.createWriteStream(target, { mode: 0o600 }));
    else {
      decipher.final();
      fs.writeFileSync(target, Buffer.alloc(0), { mode: 0o600 });
    }
  } catch (error) {
    fs.rmSync(target, { force: true });
    if (error instanceof Error && /auth|unable to authenticate/i.test(error.message)) throw new AppError('TAMPERED', 'authentication failed: the file was changed on disk');
    throw error;
  }
}
