// Small secrets kept in the settings table (the paging webhook's signing secret), sealed with the
// data key that encrypts bundles at rest (lib/crypto/keyring): AES-256-GCM, stored as
// "x4s1:<key id>:<nonce>:<ciphertext>:<tag>" (base64url parts). A database dump alone reveals nothing.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { Keyring } from './keyring';

const PREFIX = 'x4s1';

export function sealSecret(plain: string, ring: Keyring): string {
  const key = ring.keys.get(ring.currentId)!;
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(PREFIX));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [PREFIX, ring.currentId, nonce.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
}

export function openSecret(sealed: string, ring: Keyring): string {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== PREFIX) throw new AppError('INTERNAL', 'The stored secret is not in the sealed format.');
  const [, keyId, nonce, body, tag] = parts as [string, string, string, string, string];
  const key = ring.keys.get(keyId);
  if (!key) throw new AppError('INTERNAL', `The stored secret was sealed with data key ${keyId}, which this server does not have: set the secret again.`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(PREFIX));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new AppError('INTERNAL', 'The stored secret does not decrypt (changed or damaged): set it again.');
  }
}
