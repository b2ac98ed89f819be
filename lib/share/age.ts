// Encrypts a file to the age format (age-encryption.org/v1), for a passphrase (scrypt) or an
// X25519 recipient `age1…`, so that the standard `age -d` opens it. Streams: no size limit.

import { createCipheriv, randomBytes, scrypt } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Encrypter, Stanza, type Recipient } from 'age-encryption';
import { AppError } from '@/lib/errors';

export type AgeTarget = { passphrase: string } | { recipient: string };

export const PASSPHRASE_MIN = 12;
export const PASSPHRASE_MAX = 200;

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= BECH32_GEN[i];
  }
  return chk;
}

/**
 * Checks an X25519 age recipient (`age1` + 58 bech32 characters, valid checksum); throws a
 * AppError (INVALID_INPUT) that says what is wrong. Returns the key in lower case.
 */
export function validateRecipient(input: string): string {
  const key = input.trim();
  const fail = (why: string): never => {
    throw new AppError('INVALID_INPUT', `The recipient is not an age X25519 public key: ${why}.`);
  };
  if (key.length === 0) fail('it is empty');
  if (/^AGE-SECRET-KEY-/i.test(key)) fail('that is a secret key (AGE-SECRET-KEY-1…); paste the public key that starts with "age1" instead — and keep the secret key private');
  const lower = key.toLowerCase();
  if (!lower.startsWith('age1')) fail('it must start with "age1"');
  if (lower.startsWith('age1pq1') || lower.startsWith('age1tag')) fail('only X25519 keys (age1 followed by 58 characters) are supported, not post-quantum or tag recipients');
  if (lower.length !== 62) fail(`it must be 62 characters long ("age1" and 58 more), not ${lower.length}`);
  if (key !== lower && key !== key.toUpperCase()) fail('it mixes upper and lower case');
  const data = lower.slice(4);
  const bad = [...data].filter((c) => !BECH32_CHARSET.includes(c));
  if (bad.length) fail(`it contains characters that never appear in an age key (${[...new Set(bad)].map((c) => `"${c}"`).join(', ')})`);
  const values = [...data].map((c) => BECH32_CHARSET.indexOf(c));
  // HRP "age" expanded, then the data part (including the 6-character checksum).
  const hrp = 'age';
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  if (bech32Polymod([...expanded, ...values]) !== 1) fail('its checksum does not match (a character was mistyped or lost)');
  return lower;
}

/** Throws a AppError (INVALID_INPUT) for a passphrase that is too short or too long. */
export function validatePassphrase(passphrase: string): string {
  if (passphrase.length < PASSPHRASE_MIN) throw new AppError('INVALID_INPUT', `The passphrase must be at least ${PASSPHRASE_MIN} characters long.`);
  if (passphrase.length > PASSPHRASE_MAX) throw new AppError('INVALID_INPUT', `The passphrase must be at most ${PASSPHRASE_MAX} characters long.`);
  return passphrase;
}

/** scrypt work factor (log2 N) of passphrase files: age's default, what `age -d` accepts. */
const SCRYPT_LOG_N = 18;
const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';

/**
 * The age scrypt recipient (spec: age-encryption.org/v1, "The scrypt recipient type") on Node's
 * native, asynchronous scrypt: the library's own one is synchronous JavaScript that would block
 * the server's event loop for seconds.
 */
class NativeScryptRecipient implements Recipient {
  constructor(private readonly passphrase: string) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(16);
    const N = 2 ** SCRYPT_LOG_N;
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt(Buffer.from(this.passphrase, 'utf8'), Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 }, (err, k) => (err ? reject(err) : resolve(k))),
    );
    const cipher = createCipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
    const body = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
    return [new Stanza(['scrypt', salt.toString('base64').replace(/=+$/, ''), String(SCRYPT_LOG_N)], body)];
  }
}

/** `<bundleId>.sanitized.zip.age` */
export function encryptedFileName(bundleId: string): string {
  return `${bundleId}.sanitized.zip.age`;
}

/** Encrypts `inPath` to `outPath` (overwritten) in the binary age format, streaming; `onBytes`
 * hears how many plaintext bytes were read so far. */
export async function encryptFile(inPath: string, outPath: string, to: AgeTarget, onBytes?: (read: number) => void): Promise<{ bytes: number }> {
  const encrypter = new Encrypter();
  if ('passphrase' in to) encrypter.addRecipient(new NativeScryptRecipient(validatePassphrase(to.passphrase)));
  else encrypter.addRecipient(validateRecipient(to.recipient));
  const source = fs.createReadStream(inPath, { highWaterMark: 1024 * 1024 });
  if (onBytes) {
    let read = 0;
    source.on('data', (chunk) => onBytes((read += chunk.length)));
  }
  const plain = Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>;
  const sealed = await encrypter.encrypt(plain);
  await pipeline(Readable.fromWeb(sealed as unknown as WebReadableStream<Uint8Array>), fs.createWriteStream(outPath));
  return { bytes: fs.statSync(outPath).size };
}
