// Rows of a plain-SQL query on either backend (the few hot reports are written as SQL):
// better-sqlite3's `all`, node-postgres's `execute(…).rows`. Aliases in the SQL should be
// lower case: Postgres folds unquoted names.
import type { SQL } from 'drizzle-orm';
import { dialectOf, type Db } from './client';

export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  if (dialectOf(db) === 'postgres') {
    const result = await (db as unknown as { execute(q: SQL): Promise<{ rows: unknown[] }> }).execute(query);
    return result.rows as T[];
  }
  return db.all<T>(query);
}
