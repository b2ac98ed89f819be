// PostgreSQL-only plumbing for the few queries whose SQL differs from SQLite's: the connection a
// query runs on (a transaction's own, or one from the pool) and bulk loads through COPY.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

type Queryable = pg.PoolClient | pg.Client;

/**
 * Runs `use` on the connection behind `db`: a drizzle transaction's own client (so the work joins
 * it), or a client borrowed from the pool for the duration.
 */
export async function withPgClient<T>(db: unknown, use: (client: Queryable) => Promise<T>): Promise<T> {
  const client = (db as { session?: { client?: unknown } }).session?.client;
  if (!client) throw new Error('withPgClient: not a drizzle node-postgres handle');
  if (!(client instanceof pg.Pool)) return use(client as Queryable);
  const borrowed = await client.connect();
  try {
    return await use(borrowed);
  } finally {
    borrowed.release();
  }
}

// COPY text format: backslash, newline, carriage return and tab are escaped; NULL is \N.
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeCopy = (text: string): string => text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!);
// PostgreSQL text and jsonb refuse NUL characters, which SQLite stores: they become U+FFFD.
const NUL = /\u0000/g;
const JSON_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/** JSON already serialised (read from SQLite's text columns): copied as its text. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** One value in COPY text format: strings and numbers as they are, booleans t/f, objects as JSON. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escapeCopy(value.replace(NUL, '\ufffd'));
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (value instanceof Date) return String(value.getTime());
      if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`; // bytea hex input, backslash escaped for COPY
      if (value instanceof RawJson) return escapeCopy(value.text.replace(JSON_NUL, '$1\\ufffd'));
      return escapeCopy(JSON.stringify(value).replace(JSON_NUL, '$1\\ufffd'));
  }
}

/**
 * Loads `rows` (values in `columns` order) into `table` with one COPY … FROM STDIN, streamed in
 * chunks: about 20× faster than multi-row INSERTs at a million rows.
 */
export async function copyRows(client: Queryable, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<void> {
  function* lines(): Generator<string> {
    let chunk = '';
    let count = 0;
    for (const row of rows) {
      chunk += row.map(copyValue).join('\t') + '\n';
      if (++count === 2000) {
        yield chunk;
        chunk = '';
        count = 0;
      }
    }
    if (chunk) yield chunk;
  }
  const quoted = columns.map((c) => `"${c}"`).join(', ');
  await pipeline(Readable.from(lines()), client.query(copyFrom(`COPY "${table}" (${quoted}) FROM STDIN`)));
}
