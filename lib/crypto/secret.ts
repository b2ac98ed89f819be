// Small secrets that must cross a process boundary (a share's passphrase in a job payload, which
// pg-boss keeps in PostgreSQL): sealed with the current data key (AES-256-GCM), opened by any
// instance that holds the same keyring.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { Keyring } from './keyring';

const PREFIX = 'x400s1';

export function sealSecret(ring: Keyring, plain: string): string {
  const key = ring.keys.get(ring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, ring.currentId, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Throws an AppError (CONFLICT) when the key is gone (rotated away) or the text was altered. */
export function openSecret(ring: Keyring, sealed: string): string {
  const [prefix, keyId, iv, body, tag] = sealed.split('.');
  const key = ring.keys.get(keyId ?? '');
  if (prefix !== PREFIX || !key || !iv || body === undefined || !tag) throw new AppError('CONFLICT', 'A sealed secret cannot be opened with this instance\'s data keys (was the key rotated away?): start again.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('CONFLICT', 'A sealed secret failed its integrity check: start again.');
  }
}
