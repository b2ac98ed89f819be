// Users: accounts that sign in to the console.
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { users, type Role, type User } from '../schema';

export function findUserByEmail(db: Db, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, normalizeEmail(email))).get();
}

export function findUserById(db: Db, id: string): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function listUsers(db: Db): User[] {
  return db.select().from(users).orderBy(asc(users.email)).all();
}

export function countUsers(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
}

export function insertUser(
  db: Db,
  input: { email: string; name?: string; role: Role; passwordHash: string; now: Date },
): User {
  return db
    .insert(users)
    .values({
      id: randomUUID(),
      email: normalizeEmail(input.email),
      name: input.name ?? '',
      role: input.role,
      passwordHash: input.passwordHash,
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning()
    .get();
}

export function updateUser(
  db: Db,
  id: string,
  changes: Partial<Pick<User, 'role' | 'disabled' | 'name' | 'passwordHash'>>,
  now: Date,
): User | undefined {
  return db.update(users).set({ ...changes, updatedAt: now }).where(eq(users.id, id)).returning().get();
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
