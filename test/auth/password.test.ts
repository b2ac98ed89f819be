import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from '@/lib/auth/password';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a random salt, never the password', async () => {
    const a = await hashPassword('correct-horse-battery-1');
    const b = await hashPassword('correct-horse-battery-1');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct-horse');
  });

  it('verifies the right password and refuses a wrong or malformed one', async () => {
    const stored = await hashPassword('correct-horse-battery-1');
    await expect(verifyPassword('correct-horse-battery-1', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct-horse-battery-2', stored)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'plain-text')).resolves.toBe(false);
  });

  it('generates strong passwords and names what is wrong with weak ones', () => {
    expect(generatePassword()).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('long-enough-pass')).toBeNull();
  });
});
