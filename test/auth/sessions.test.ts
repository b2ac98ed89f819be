import { describe, expect, it } from 'vitest';
import { listAudit } from '@/db/queries/audit';
import { apiTokens } from '@/db/schema';
import { changeRole, createApiToken, revokeOwnApiToken, sessionFromToken, setUserDisabled, signIn, signOut, userFromApiToken } from '@/lib/auth/accounts';
import { THROTTLE_POLICY } from '@/lib/auth/throttle';
import { testDb, seedUser, TEST_PASSWORD } from '../helpers';

const T0 = new Date('2026-11-26T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe('sessions', () => {
  it('a sign-in creates a server-side session that expires after its lifetime', async () => {
    const db = await testDb();
    const user = await seedUser(db, 'engineer');
    const result = await signIn(db, { email: 'ENGINEER@test.example ', password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 12, now: T0 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect((await sessionFromToken(db, result.token, later(11 * 3600_000)))?.user.id).toBe(user.id);
    expect(await sessionFromToken(db, result.token, later(12 * 3600_000 + 1))).toBeNull();
    expect(await sessionFromToken(db, 'not-a-token', T0)).toBeNull();
  });

  it('signing out revokes the session', async () => {
    const db = await testDb();
    const user = await seedUser(db, 'lead');
    const result = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 12, now: T0 });
    if (!result.ok) throw new Error('sign-in failed');
    await signOut(db, result.token, user, later(1000));
    expect(await sessionFromToken(db, result.token, later(2000))).toBeNull();
    expect((await listAudit(db)).map((e) => e.action)).toEqual(['auth.sign_out', 'auth.sign_in', 'user.create']);
  });

  it('disabling a user or changing their role ends their sessions', async () => {
    const db = await testDb();
    const admin = await seedUser(db, 'admin');
    const user = await seedUser(db, 'engineer');
    const first = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 12, now: T0 });
    if (!first.ok) throw new Error('sign-in failed');
    await changeRole(db, user.id, 'lead', admin, later(1000));
    expect(await sessionFromToken(db, first.token, later(2000))).toBeNull();

    const second = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 12, now: later(3000) });
    if (!second.ok) throw new Error('sign-in failed');
    await setUserDisabled(db, user.email, true, admin, later(4000));
    expect(await sessionFromToken(db, second.token, later(5000))).toBeNull();
    const third = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 12, now: later(6000) });
    expect(third).toEqual({ ok: false, reason: 'invalid' });
    const actions = (await listAudit(db)).map((e) => e.action);
    expect(actions).toContain('user.role_change');
    expect(actions).toContain('user.disable');
  });

  it('API tokens are shown once, stored hashed, and stop working when revoked', async () => {
    const db = await testDb();
    const user = await seedUser(db, 'engineer');
    const token = await createApiToken(db, user, 'upload script');
    expect(token).toMatch(/^x400_/);
    const [raw] = await db.select({ tokenHash: apiTokens.tokenHash, id: apiTokens.id }).from(apiTokens);
    expect(raw.tokenHash).not.toContain(token);
    expect((await userFromApiToken(db, token))?.id).toBe(user.id);
    const id = raw.id;
    await revokeOwnApiToken(db, user, id);
    expect(await userFromApiToken(db, token)).toBeNull();
  });
});

describe('sign-in throttling', () => {
  it('never locks an account: wrong passwords from anywhere only slow its next attempts down', async () => {
    const db = await testDb();
    const user = await seedUser(db, 'admin');
    const waits: number[] = [];
    const wait = async (ms: number) => {
      waits.push(ms);
    };
    for (let i = 0; i < 12; i++) {
      const r = await signIn(db, { email: user.email, password: 'wrong-password!', ip: `10.0.0.${i}`, ttlHours: 1, now: later(i * 1000), wait });
      expect(r).toEqual({ ok: false, reason: 'invalid' });
    }
    // The owner, from their own address, gets in with the right password, after a bounded delay.
    const owner = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.1.1', ttlHours: 1, now: later(13_000), wait });
    expect(owner.ok).toBe(true);
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(THROTTLE_POLICY.accountMaxDelayMs);
    // Success resets the slowdown.
    waits.length = 0;
    await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.1.1', ttlHours: 1, now: later(14_000), wait });
    expect(waits).toEqual([]);
    expect(await listAudit(db, { action: 'auth.sign_in_throttled' })).toHaveLength(0);
  });

  it(`locks an address after ${THROTTLE_POLICY.addressFailures} failures across accounts`, async () => {
    const db = await testDb();
    const user = await seedUser(db, 'engineer');
    for (let i = 0; i < THROTTLE_POLICY.addressFailures; i++) {
      await signIn(db, { email: `nobody${i}@test.example`, password: 'x', ip: '192.0.2.7', ttlHours: 1, now: later(i) });
    }
    const fromThere = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '192.0.2.7', ttlHours: 1, now: later(100) });
    expect(!fromThere.ok && fromThere.reason).toBe('throttled');
    const fromElsewhere = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '192.0.2.8', ttlHours: 1, now: later(100) });
    expect(fromElsewhere.ok).toBe(true);
  });

  it('failures outside the window do not add up', async () => {
    const db = await testDb();
    const user = await seedUser(db, 'engineer');
    for (let i = 0; i < 10; i++) {
      await signIn(db, { email: user.email, password: 'wrong', ip: '10.0.0.1', ttlHours: 1, now: later(i * (THROTTLE_POLICY.windowMs / 2)), wait: async () => {} });
      if (i % 2 === 1) await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 1, now: later(i * (THROTTLE_POLICY.windowMs / 2) + 1) });
    }
    const r = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.2', ttlHours: 1, now: later(THROTTLE_POLICY.windowMs * 10) });
    expect(r.ok).toBe(true);
  });
});

describe('changing one’s own password', () => {
  it('needs the current password, keeps this session and ends the others', async () => {
    const { changeOwnPassword } = await import('@/lib/auth/accounts');
    const db = await testDb();
    const user = await seedUser(db, 'engineer');
    const here = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.1', ttlHours: 12, now: T0 });
    const elsewhere = await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.2', ttlHours: 12, now: T0 });
    if (!here.ok || !elsewhere.ok) throw new Error('sign-in failed');
    await expect(changeOwnPassword(db, user, { current: 'wrong-password-00', next: 'a-brand-new-password', sessionToken: here.token }, later(1000))).rejects.toThrow(/current password is wrong/);
    await expect(changeOwnPassword(db, user, { current: TEST_PASSWORD, next: 'short', sessionToken: here.token }, later(1000))).rejects.toThrow(/at least 12/);
    await changeOwnPassword(db, user, { current: TEST_PASSWORD, next: 'a-brand-new-password', sessionToken: here.token }, later(1000));
    expect((await sessionFromToken(db, here.token, later(2000)))?.user.id).toBe(user.id);
    expect(await sessionFromToken(db, elsewhere.token, later(2000))).toBeNull();
    expect((await signIn(db, { email: user.email, password: TEST_PASSWORD, ip: '10.0.0.3', ttlHours: 1, now: later(3000) })).ok).toBe(false);
    expect((await signIn(db, { email: user.email, password: 'a-brand-new-password', ip: '10.0.0.3', ttlHours: 1, now: later(4000) })).ok).toBe(true);
    expect(await listAudit(db, { action: 'user.password_change' })).toHaveLength(1);
  });
});
