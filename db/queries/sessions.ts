// Server-side sessions and personal API tokens, looked up by the hash of the bearer's token.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, sessions, users, type ApiToken, type Session, type User } from '../schema';

export function insertSession(
  db: Db,
  input: { tokenHash: string; userId: string; now: Date; expiresAt: Date; ip?: string | null; userAgent?: string | null },
): Session {
  return db
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
    .returning()
    .get();
}

/** The live session and its user: not expired, not revoked, user not disabled. */
export function findLiveSession(db: Db, tokenHash: string, now: Date): { session: Session; user: User } | undefined {
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(users.disabled, false)))
    .get();
  return row ?? undefined;
}

export function touchSession(db: Db, tokenHash: string, now: Date): void {
  db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, tokenHash)).run();
}

export function revokeSession(db: Db, tokenHash: string, now: Date): void {
  db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, tokenHash), isNull(sessions.revokedAt))).run();
}

export function revokeUserSessions(db: Db, userId: string, now: Date): void {
  db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt))).run();
}

/** Ends every session of the user but the one whose hash is given (after a password change). */
export function revokeOtherSessions(db: Db, userId: string, keepHash: string, now: Date): void {
  db.update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.id, keepHash)))
    .run();
}

export function insertApiToken(
  db: Db,
  input: { userId: string; name: string; tokenHash: string; prefix: string; now: Date },
): ApiToken {
  return db
    .insert(apiTokens)
    .values({ id: randomUUID(), userId: input.userId, name: input.name, tokenHash: input.tokenHash, prefix: input.prefix, createdAt: input.now })
    .returning()
    .get();
}

export function listApiTokens(db: Db, userId: string): ApiToken[] {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all();
}

export function findLiveApiToken(db: Db, tokenHash: string): { token: ApiToken; user: User } | undefined {
  return (
    db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.disabled, false)))
      .get() ?? undefined
  );
}

export function markApiTokenUsed(db: Db, id: string, now: Date): void {
  db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id)).run();
}

export function revokeApiToken(db: Db, id: string, userId: string, now: Date): boolean {
  const res = db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .run();
  return res.changes > 0;
}

/** Ends every API token of the user (after a password reset or change). */
export function revokeUserApiTokens(db: Db, userId: string, now: Date): void {
  db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))).run();
}
