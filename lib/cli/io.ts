// What a CLI command may touch: output streams, stdin, and the database when it needs one.
import type { AppDb } from '@/db/client';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string | null>;
  db(): AppDb;
  /** Readies the database before a command's first query (migrates Postgres); optional in tests. */
  prepare?(): Promise<void>;
}

export const EXIT = { ok: 0, found: 1, invalid: 2, noConsent: 3, usage: 64, failure: 70 } as const;

export class UsageError extends Error {}

/** A small table for human output. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
