// The server process's one database handle (SQLite file, or a Postgres pool in distributed mode).
import { openDatabase, type AppDb } from '@/db/client';
import { config, databaseTarget } from '@/lib/env';

const holder = globalThis as unknown as { __x400Db?: AppDb };

export function getDb(): AppDb {
  holder.__x400Db ??= openDatabase(databaseTarget(config()), config().appRoot);
  return holder.__x400Db;
}
