// Users: accounts that sign in to the console.
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { users, type Role, type User } from '../schema';

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function listUsers(db: Db): Promise<User[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(users);
  return Number(row?.n ?? 0);
}

export async function insertUser(
  db: Db,
  input: { email: string; name?: string; role: Role; passwordHash: string; now: Date },
): Promise<User> {
  const [row] = await db
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
    .returning();
  return row;
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Pick<User, 'role' | 'disabled' | 'name' | 'passwordHash'>>,
  now: Date,
): Promise<User | undefined> {
  const [row] = await db.update(users).set({ ...changes, updatedAt: now }).where(eq(users.id, id)).returning();
  return row;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
