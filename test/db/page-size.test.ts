// The embedded database's page size: 16 KiB for a file SQLite creates, while a file created
// before (with 4 KiB pages) keeps its own, since SQLite cannot change it in WAL mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('SQLite page size', () => {
  it('is 16 KiB for a new database file', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-page-size-'));
    const db = openDatabase(path.join(dir, 'x400-support.sqlite'), process.cwd());
    expect(db.$client.pragma('page_size', { simple: true })).toBe(16384);
    await closeDatabase(db);
  });

  it('stays as it was for an existing database file', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-page-size-'));
    const file = path.join(dir, 'x400-support.sqlite');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('create table before_16k (x)');
    old.close();
    const db = openDatabase(file, process.cwd());
    expect(db.$client.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.$client.prepare('select count(*) as n from before_16k').get()).toEqual({ n: 0 });
    await closeDatabase(db);
  });
});
