// The server process's one database connection, opened (and migrated) on first use.
import { openDatabase, type AppDb } from '@/db/client';
import { config } from '@/lib/env';

const holder = globalThis as unknown as { __x400Db?: AppDb };

export function getDb(): AppDb {
  holder.__x400Db ??= openDatabase(config().databaseFile, config().appRoot);
  return holder.__x400Db;
}
