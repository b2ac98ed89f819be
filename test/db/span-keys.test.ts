// Span rows carry their bundle's integer key (bundle_keys), not its id. A database written before
// the key existed is brought over by the migrations: its spans stay readable, under a key each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';
import { countSpans, deleteBundleContents } from '@/db/queries/bundles';
import { findSpanAt } from '@/db/queries/spans';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** An app root whose SQLite migrations stop before the span key (0014). */
function rootBeforeSpanKeys(): string {
  const root = path.join(dir!, 'old-app');
  const from = path.join(process.cwd(), 'db', 'migrations');
  const to = path.join(root, 'db', 'migrations');
  fs.cpSync(from, to, { recursive: true });
  const journalFile = path.join(to, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; tag: string }[] };
  expect(journal.entries.find((e) => e.idx === 14)?.tag).toMatch(/^0014_/);
  journal.entries = journal.entries.filter((e) => e.idx < 14);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return root;
}

const BUNDLE = `insert into bundles (id, sha256, file_name, size, channel, created_at, ingested_at, state, consent_granted, metadata)
  values (?, ?, 'b.zip', 1, 'stable', 0, 0, 'active', 1, '{}')`;
const SPAN = `insert into spans (bundle_id, seq, pos, trace_id, span_id, service, name, kind, start_us, duration_us, error, attributes, events, links)
  values (?, ?, ?, 't1', ?, 'gateway', 'deliver', 'server', 1, 2, 0, '{}', '[]', '[]')`;

describe('span keys', () => {
  it('an older database keeps its spans through the migration, one key per bundle', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-span-keys-'));
    const file = path.join(dir, 'x400-support.sqlite');
    const old = openDatabase(file, rootBeforeSpanKeys());
    old.$client.prepare(BUNDLE).run('bundle-a', 'a'.repeat(64));
    old.$client.prepare(BUNDLE).run('bundle-b', 'b'.repeat(64));
    for (let seq = 0; seq < 3; seq++) old.$client.prepare(SPAN).run('bundle-a', seq, seq, `a${seq}`);
    old.$client.prepare(SPAN).run('bundle-b', 0, 0, 'b0');
    await closeDatabase(old);

    const db = openDatabase(file, process.cwd());
    const columns = (db.$client.prepare('pragma table_info(spans)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('bundle_key');
    expect(columns).not.toContain('bundle_id');
    expect(await countSpans(db, 'bundle-a')).toBe(3);
    expect(await countSpans(db, 'bundle-b')).toBe(1);
    expect((await findSpanAt(db, 'bundle-a', 2))?.spanId).toBe('a2');
    expect((await findSpanAt(db, 'bundle-b', 0))?.spanId).toBe('b0');

    // Removing one bundle's contents leaves the other's spans, and drops the removed one's key.
    await deleteBundleContents(db, 'bundle-a');
    expect(await countSpans(db, 'bundle-a')).toBe(0);
    expect(await countSpans(db, 'bundle-b')).toBe(1);
    expect(db.$client.prepare('select bundle_id from bundle_keys').all()).toEqual([{ bundle_id: 'bundle-b' }]);
    await closeDatabase(db);
  });
});
