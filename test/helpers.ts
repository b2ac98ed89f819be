// Shared test setup: a fresh in-memory database with the real migrations, and seeded users.
import { openDatabase, type AppDb } from '@/db/client';
import type { Role, User } from '@/db/schema';
import { createUser, SYSTEM_ACTOR } from '@/lib/auth/accounts';

export const TEST_PASSWORD = 'correct-horse-battery-1';

export function memoryDb(): AppDb {
  return openDatabase(':memory:', process.cwd());
}

export async function seedUser(db: AppDb, role: Role, email = `${role}@test.example`): Promise<User> {
  return (await createUser(db, { email, role, password: TEST_PASSWORD }, SYSTEM_ACTOR)).user;
}
