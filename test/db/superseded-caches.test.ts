// The migration that drops trace caches written under keys nothing reads any more: a database
// migrated by an earlier build, holding such rows, loses them at the next start; the current
// caches, and other bundles' rows, stay.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

const MIGRATION = '0016_drop_superseded_trace_caches';

/** An app root whose SQLite migrations stop just before `tag`, as an earlier build's did. */
function rootBefore(tag: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-old-root-'));
  const from = path.join(process.cwd(), 'db', 'migrations');
  const to = path.join(root, 'db', 'migrations');
  fs.cpSync(from, to, { recursive: true });
  const journalPath = path.join(to, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at, `${tag} is in the journal`).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return root;
}

describe('superseded trace caches', () => {
  it('are dropped by the next start; the current ones stay', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-superseded-'));
    const file = path.join(dir, 'x400-support.sqlite');
    const oldRoot = rootBefore(MIGRATION);
    try {
      const old = openDatabase(file, oldRoot);
      old.$client.pragma('foreign_keys = OFF');
      const put = old.$client.prepare('insert into bundle_derived (bundle_id, key, value, created_at) values (?, ?, ?, ?)');
      for (const [bundle, key] of [['a', 'timeline-skeleton:v1'], ['a', 'timeline-preview:v1'], ['a', 'timeline-skeleton:v2'], ['a', 'timeline-span-ids:v1'], ['a', 'timeline-preview:v2'], ['b', 'critical-path:v1:0'], ['b', 'timeline-skeleton:v1']]) {
        put.run(bundle, key, Buffer.from('x'), 1);
      }
      await closeDatabase(old);
    } finally {
      fs.rmSync(oldRoot, { recursive: true, force: true });
    }
    const db = openDatabase(file, process.cwd());
    const left = db.$client.prepare('select bundle_id, key from bundle_derived order by bundle_id, key').all();
    expect(left).toEqual([
      { bundle_id: 'a', key: 'timeline-preview:v2' },
      { bundle_id: 'a', key: 'timeline-skeleton:v2' },
      { bundle_id: 'a', key: 'timeline-span-ids:v1' },
      { bundle_id: 'b', key: 'critical-path:v1:0' },
    ]);
    await closeDatabase(db);
  });
});
