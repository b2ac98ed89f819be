// Shared test setup: a fresh database with the real migrations (SQLite in memory, or PostgreSQL in
// the suite's second pass: scripts/test-pg.mjs), and seeded users.
import { openDatabase, type AppDb } from '@/db/client';
import { usesPostgres, type Role, type User } from '@/db/schema';
import { createUser, SYSTEM_ACTOR } from '@/lib/auth/accounts';

export const TEST_PASSWORD = 'correct-horse-battery-1';

/** The active backend, empty and migrated: every test that needs a database opens it here. */
export async function testDb(): Promise<AppDb> {
  if (usesPostgres()) return (await import('./pg/database')).postgresTestDb(process.env.X400_DATABASE_URL!);
  return openDatabase(':memory:', process.cwd());
}

/** SQLite in memory, whatever the pass: for tests that are about SQLite itself. */
export function memoryDb(): AppDb {
  return openDatabase(':memory:', process.cwd());
}

export async function seedUser(db: AppDb, role: Role, email = `${role}@test.example`): Promise<User> {
  return (await createUser(db, { email, role, password: TEST_PASSWORD }, SYSTEM_ACTOR)).user;
}
