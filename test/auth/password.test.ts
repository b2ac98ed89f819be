import { describe, expect, it } from 'vitest';
import { randomBytes, scryptSync } from 'node:crypto';
import { generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword } from '@/lib/auth/password';

/** A hash as the console stored it before argon2id. */
function legacyScrypt(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 32768, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('password hashing', () => {
  it('stores argon2id at OWASP settings with a random salt, never the password', async () => {
    const a = await hashPassword('correct-horse-battery-1');
    const b = await hashPassword('correct-horse-battery-1');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(needsRehash(a)).toBe(false);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct-horse');
  });

  it('verifies the right password and refuses a wrong or malformed one', async () => {
    const stored = await hashPassword('correct-horse-battery-1');
    await expect(verifyPassword('correct-horse-battery-1', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct-horse-battery-2', stored)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'plain-text')).resolves.toBe(false);
  });

  it('still verifies a scrypt hash from before, and marks it for rehashing', async () => {
    const old = legacyScrypt('correct-horse-battery-1');
    await expect(verifyPassword('correct-horse-battery-1', old)).resolves.toBe(true);
    await expect(verifyPassword('correct-horse-battery-2', old)).resolves.toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash('$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
  });

  it('generates strong passwords and names what is wrong with weak ones', () => {
    expect(generatePassword()).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('long-enough-pass')).toBeNull();
  });
});
