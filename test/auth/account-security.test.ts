// Account changes that must end access, and the domain's own role checks for users and keys.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findUserById, updateUser } from '@/db/queries/users';
import { changeOwnPassword, changeRole, createApiToken, createUser, resetPassword, setUserDisabled, signIn, userFromApiToken } from '@/lib/auth/accounts';
import { loadKeyring } from '@/lib/crypto/keyring';
import { rotateDataKey } from '@/lib/crypto/rotate';
import { memoryDb, seedUser, TEST_PASSWORD } from '../helpers';

describe('API tokens end with the password', () => {
  it('an admin’s password reset revokes the user’s API tokens', async () => {
    const db = memoryDb();
    const admin = await seedUser(db, 'admin');
    const user = await seedUser(db, 'engineer');
    const token = await createApiToken(db, user, 'script');
    expect((await userFromApiToken(db, token))?.id).toBe(user.id);
    await resetPassword(db, user.id, admin);
    expect(await userFromApiToken(db, token)).toBeNull();
  });

  it('changing one’s own password revokes one’s API tokens', async () => {
    const db = memoryDb();
    const user = await seedUser(db, 'engineer');
    const token = await createApiToken(db, user, 'script');
    const signed = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 1 });
    if (!signed.ok) throw new Error('sign-in failed');
    await changeOwnPassword(db, user, { current: TEST_PASSWORD, next: 'another-password-42', sessionToken: signed.token });
    expect(await userFromApiToken(db, token)).toBeNull();
  });
});

describe('the domain checks roles for users and keys', () => {
  it('refuses user management to every role but admin, whatever door the call came through', async () => {
    const db = memoryDb();
    const victim = await seedUser(db, 'engineer', 'victim@test.example');
    for (const role of ['engineer', 'lead', 'manager'] as const) {
      const actor = await seedUser(db, role);
      await expect(createUser(db, { email: `x-${role}@test.example`, role: 'admin', password: 'a-long-password-1' }, actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(changeRole(db, victim.id, 'admin', actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(setUserDisabled(db, victim.email, true, actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(resetPassword(db, victim.id, actor)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await findUserById(db, victim.id)).toMatchObject({ role: 'engineer', disabled: false });
  });

  it('refuses key rotation to non-admins', async () => {
    const db = memoryDb();
    const lead = await seedUser(db, 'lead');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-rotate-'));
    try {
      const storage = { bundleDir: path.join(dir, 'bundles'), keyring: loadKeyring(path.join(dir, 'x400-data.key'), null) };
      await expect(rotateDataKey(db, storage, lead)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('password hashes', () => {
  it('a scrypt hash from before is replaced by argon2id at the next successful sign-in', async () => {
    const db = memoryDb();
    const user = await seedUser(db, 'engineer');
    const salt = randomBytes(16);
    const key = scryptSync(TEST_PASSWORD, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    await updateUser(db, user.id, { passwordHash: ['scrypt', 32768, 8, 1, salt.toString('base64'), key.toString('base64')].join('$') }, new Date());
    const wrong = await signIn(db, { email: user.email, password: 'not-the-password', ip: '10.0.0.1', ttlHours: 1 });
    expect(wrong.ok).toBe(false);
    expect((await findUserById(db, user.id))!.passwordHash).toMatch(/^scrypt\$/);
    const right = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 1 });
    expect(right.ok).toBe(true);
    expect((await findUserById(db, user.id))!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 1 })).ok).toBe(true);
  });
});
