// Rows of a plain-SQL query on either backend (the few hot reports are written as SQL):
// better-sqlite3's `all`, node-postgres's `execute(…).rows`. Aliases in the SQL should be
// lower case: Postgres folds unquoted names.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { dialectOf, type Db } from './client';

export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  if (dialectOf(db) === 'postgres') {
    const result = await (db as unknown as { execute(q: SQL): Promise<{ rows: unknown[] }> }).execute(query);
    return result.rows as T[];
  }
  return db.all<T>(query);
}

/**
 * `column IN (ids)` with the ids bound as one parameter (a JSON array on SQLite, an int array on
 * Postgres): the board asks about 2000 tickets at once, and building a statement with a parameter
 * per id cost more than running it.
 */
export function inIds(db: Db, column: SQLWrapper, ids: readonly number[]): SQL {
  if (ids.some((id) => !Number.isInteger(id))) throw new Error('inIds: ids must be integers');
  if (dialectOf(db) === 'postgres') return sql`${column} = any(${`{${ids.join(',')}}`}::integer[])`;
  return sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}
