// Accounts: sign-in, sessions and user management. The web app and the CLI both call these.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import {
  findLiveApiToken,
  findLiveSession,
  insertApiToken,
  insertSession,
  revokeApiToken,
  markApiTokenUsed,
  revokeOtherSessions,
  revokeSession,
  revokeUserApiTokens,
  revokeUserSessions,
  touchSession,
} from '@/db/queries/sessions';
import { countUsers, findUserByEmail, findUserById, insertUser, normalizeEmail, updateUser } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { ROLES, type Role, type Session, type User } from '@/db/schema';
import { generatePassword, hashPassword, needsRehash, passwordProblem, verifyPassword } from './password';
import { requirePermission } from './guard';
import { accountDelayMs, accountKey, addressKey, addressLockedUntil, recordSignInFailure, recordSignInSuccess } from './throttle';
import { hashToken, newToken } from './tokens';

/** Who does something: a signed-in user, or the operator at the server's shell (id null). */
export type Actor = { id: string | null; email: string; role: Role };
export const SYSTEM_ACTOR = { id: null, email: 'system', role: 'admin' } as const satisfies Actor;
export const CLI_ACTOR = { id: null, email: 'cli', role: 'admin' } as const satisfies Actor;

export type SignInResult =
  | { ok: true; token: string; user: User; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'throttled'; retryAt?: Date };

// A hash to compare against when the account does not exist, so both paths cost the same.
let dummyHash: Promise<string> | null = null;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string; userAgent?: string | null; ttlHours: number; now?: Date; wait?: (ms: number) => Promise<void> },
): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const email = normalizeEmail(input.email);
  const keys = [accountKey(email), addressKey(input.ip)];
  const retryAt = await addressLockedUntil(db, input.ip, now);
  if (retryAt) {
    await appendAudit(db, { at: now, actorEmail: email, action: 'auth.sign_in_throttled', ip: input.ip });
    return { ok: false, reason: 'throttled', retryAt };
  }
  // Slowed down, never locked: a wrong-password storm on an account cannot keep its owner out.
  const delay = await accountDelayMs(db, email, now);
  if (delay > 0) await (input.wait ?? sleep)(delay);
  const user = await findUserByEmail(db, email);
  dummyHash ??= hashPassword('not-a-real-password');
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid || user.disabled) {
    await recordSignInFailure(db, keys, now);
    await appendAudit(db, {
      at: now,
      actorId: user?.id,
      actorEmail: email,
      action: 'auth.sign_in_failed',
      detail: { reason: !user ? 'unknown account' : user.disabled ? 'account disabled' : 'wrong password' },
      ip: input.ip,
    });
    return { ok: false, reason: 'invalid' };
  }
  await recordSignInSuccess(db, email);
  if (needsRehash(user.passwordHash)) await updateUser(db, user.id, { passwordHash: await hashPassword(input.password) }, now);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + input.ttlHours * 3600_000);
  await insertSession(db, { tokenHash: hashToken(token), userId: user.id, now, expiresAt, ip: input.ip, userAgent: input.userAgent });
  await appendAudit(db, { at: now, actorId: user.id, actorEmail: user.email, action: 'auth.sign_in', ip: input.ip });
  return { ok: true, token, user, expiresAt };
}

export async function sessionFromToken(db: Db, token: string | undefined, now = new Date()): Promise<{ session: Session; user: User } | null> {
  if (!token) return null;
  const found = await findLiveSession(db, hashToken(token), now);
  if (!found) return null;
  // Write last-seen at most once a minute: reads stay reads.
  if (now.getTime() - found.session.lastSeenAt.getTime() > 60_000) await touchSession(db, found.session.id, now);
  return found;
}

export async function userFromApiToken(db: Db, token: string | undefined, now = new Date()): Promise<User | null> {
  if (!token) return null;
  const found = await findLiveApiToken(db, hashToken(token));
  if (!found) return null;
  await markApiTokenUsed(db, found.token.id, now);
  return found.user;
}

export async function signOut(db: Db, token: string, user: Pick<User, 'id' | 'email'>, now = new Date()): Promise<void> {
  await revokeSession(db, hashToken(token), now);
  await appendAudit(db, { at: now, actorId: user.id, actorEmail: user.email, action: 'auth.sign_out' });
}


export function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new AppError('INVALID_INPUT', `Unknown role "${value}": use one of ${ROLES.join(', ')}.`);
  }
  return value as Role;
}

/** Creates an account. Without a password, one is generated and returned once. */
export async function createUser(
  db: Db,
  input: { email: string; role: Role; name?: string; password?: string | null },
  actor: Actor,
  now = new Date(),
): Promise<{ user: User; generatedPassword: string | null }> {
  requirePermission(actor, 'settings:manage');
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('INVALID_INPUT', `"${input.email}" is not an email address.`);
  if (await findUserByEmail(db, email)) throw new AppError('CONFLICT', `A user with email ${email} already exists.`);
  const generatedPassword = input.password ? null : generatePassword();
  const password = input.password ?? generatedPassword!;
  const problem = passwordProblem(password);
  if (problem) throw new AppError('INVALID_INPUT', problem);
  const passwordHash = await hashPassword(password);
  const user = await withTransaction(db, async (tx) => {
    const created = await insertUser(tx, { email, name: input.name, role: input.role, passwordHash, now });
    await appendAudit(tx, {
      at: now,
      actorId: actor.id,
      actorEmail: actor.email,
      action: 'user.create',
      targetType: 'user',
      targetId: created.id,
      detail: { email, role: input.role },
    });
    return created;
  });
  return { user, generatedPassword };
}

export async function changeRole(db: Db, userId: string, role: Role, actor: Actor, now = new Date()): Promise<User> {
  requirePermission(actor, 'settings:manage');
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('NOT_FOUND', 'No such user.');
  if (user.id === actor.id && role !== 'admin') throw new AppError('CONFLICT', 'You cannot remove your own admin role.');
  return withTransaction(db, async (tx) => {
    const updated = (await updateUser(tx, userId, { role }, now))!;
    await revokeUserSessions(tx, userId, now);
    await appendAudit(tx, {
      at: now,
      actorId: actor.id,
      actorEmail: actor.email,
      action: 'user.role_change',
      targetType: 'user',
      targetId: userId,
      detail: { email: user.email, from: user.role, to: role },
    });
    return updated;
  });
}

export async function setUserDisabled(
  db: Db,
  email: string,
  disabled: boolean,
  actor: Actor,
  now = new Date(),
): Promise<User> {
  requirePermission(actor, 'settings:manage');
  const user = await findUserByEmail(db, email);
  if (!user) throw new AppError('NOT_FOUND', `No user with email ${normalizeEmail(email)}.`);
  if (user.id === actor.id) throw new AppError('CONFLICT', 'You cannot disable your own account.');
  return withTransaction(db, async (tx) => {
    const updated = (await updateUser(tx, user.id, { disabled }, now))!;
    if (disabled) await revokeUserSessions(tx, user.id, now);
    await appendAudit(tx, {
      at: now,
      actorId: actor.id,
      actorEmail: actor.email,
      action: disabled ? 'user.disable' : 'user.enable',
      targetType: 'user',
      targetId: user.id,
      detail: { email: user.email },
    });
    return updated;
  });
}

export async function resetPassword(db: Db, userId: string, actor: Actor, now = new Date()): Promise<string> {
  requirePermission(actor, 'settings:manage');
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('NOT_FOUND', 'No such user.');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await withTransaction(db, async (tx) => {
    await updateUser(tx, userId, { passwordHash }, now);
    await revokeUserSessions(tx, userId, now);
    await revokeUserApiTokens(tx, userId, now);
    await appendAudit(tx, {
      at: now, actorId: actor.id, actorEmail: actor.email, action: 'user.password_reset', targetType: 'user', targetId: userId,
      detail: { email: user.email },
    });
  });
  return password;
}

/**
 * First start: with no users, create the admin from X400_ADMIN_EMAIL / X400_ADMIN_PASSWORD, or
 * `admin@x400.local` with a generated one-time password that the caller prints.
 */
export async function ensureFirstAdmin(
  db: Db,
  env: { adminEmail: string | null; adminPassword: string | null },
): Promise<{ email: string; password: string | null } | null> {
  if ((await countUsers(db)) > 0) return null;
  const email = env.adminEmail ?? 'admin@x400.local';
  const { generatedPassword } = await createUser(db, { email, role: 'admin', name: 'Administrator', password: env.adminPassword }, SYSTEM_ACTOR);
  return { email, password: generatedPassword };
}

/** A personal API token for scripts: returned once, stored as its hash. */
export async function createApiToken(db: Db, user: Actor & { id: string }, name: string, now = new Date()): Promise<string> {
  const label = name.trim();
  if (!label) throw new AppError('INVALID_INPUT', 'Name the token, e.g. "upload script".');
  const token = newToken('x400_');
  await withTransaction(db, async (tx) => {
    await insertApiToken(tx, { userId: user.id, name: label.slice(0, 100), tokenHash: hashToken(token), prefix: token.slice(0, 10), now });
    await appendAudit(tx, { at: now, actorId: user.id, actorEmail: user.email, action: 'token.create', targetType: 'user', targetId: user.id, detail: { name: label } });
  });
  return token;
}

export async function revokeOwnApiToken(db: Db, user: Actor & { id: string }, tokenId: string, now = new Date()): Promise<void> {
  if (!(await revokeApiToken(db, tokenId, user.id, now))) throw new AppError('NOT_FOUND', 'No such active token.');
  await appendAudit(db, { at: now, actorId: user.id, actorEmail: user.email, action: 'token.revoke', targetType: 'user', targetId: user.id, detail: { tokenId } });
}

/** A user changes their own password; their other sessions end, this one stays. */
export async function changeOwnPassword(
  db: Db,
  user: Actor & { id: string },
  input: { current: string; next: string; sessionToken: string },
  now = new Date(),
): Promise<void> {
  const stored = await findUserById(db, user.id);
  if (!stored || !(await verifyPassword(input.current, stored.passwordHash))) throw new AppError('INVALID_INPUT', 'The current password is wrong.');
  const problem = passwordProblem(input.next);
  if (problem) throw new AppError('INVALID_INPUT', problem);
  if (input.next === input.current) throw new AppError('INVALID_INPUT', 'Choose a password different from the current one.');
  const passwordHash = await hashPassword(input.next);
  await withTransaction(db, async (tx) => {
    await updateUser(tx, user.id, { passwordHash }, now);
    await revokeOtherSessions(tx, user.id, hashToken(input.sessionToken), now);
    await revokeUserApiTokens(tx, user.id, now);
    await appendAudit(tx, { at: now, actorId: user.id, actorEmail: user.email, action: 'user.password_change', targetType: 'user', targetId: user.id });
  });
}
