// Server-side sessions and personal API tokens, looked up by the hash of the bearer's token.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, sessions, users, type ApiToken, type Session, type User } from '../schema';

export async function insertSession(
  db: Db,
  input: { tokenHash: string; userId: string; now: Date; expiresAt: Date; ip?: string | null; userAgent?: string | null },
): Promise<Session> {
  const [row] = await db
    .insert(sessions)
    .values({
      id: input.tokenHash,
      userId: input.userId,
      createdAt: input.now,
      lastSeenAt: input.now,
      expiresAt: input.expiresAt,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning();
  return row;
}

/** The live session and its user: not expired, not revoked, user not disabled. */
export async function findLiveSession(db: Db, tokenHash: string, now: Date): Promise<{ session: Session; user: User } | undefined> {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(users.disabled, false)))
    .limit(1);
  return row;
}

export async function touchSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, tokenHash));
}

export async function revokeSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, tokenHash), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Ends every session of the user but the one whose hash is given (after a password change). */
export async function revokeOtherSessions(db: Db, userId: string, keepHash: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.id, keepHash)));
}

export async function insertApiToken(
  db: Db,
  input: { userId: string; name: string; tokenHash: string; prefix: string; now: Date },
): Promise<ApiToken> {
  const [row] = await db
    .insert(apiTokens)
    .values({ id: randomUUID(), userId: input.userId, name: input.name, tokenHash: input.tokenHash, prefix: input.prefix, createdAt: input.now })
    .returning();
  return row;
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function findLiveApiToken(db: Db, tokenHash: string): Promise<{ token: ApiToken; user: User } | undefined> {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.disabled, false)))
    .limit(1);
  return row;
}

export async function markApiTokenUsed(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function revokeApiToken(db: Db, id: string, userId: string, now: Date): Promise<boolean> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length > 0;
}

/** Ends every API token of the user (after a password reset or change). */
export async function revokeUserApiTokens(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}
