// The database, its WAL files, uploads in progress and stored bundles are readable by the
// server's user only: files 0600, folders 0700, whatever the process umask.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { incomingPath, sealBundleFile } from '@/lib/ingest/storage';
import { loadKeyring } from '@/lib/crypto/keyring';

let dir: string;
let umask: number;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-modes-'));
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
  fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('files under the data folder', () => {
  it('the database and its WAL files are 0600', () => {
    const file = path.join(dir, 'data', 'x400-support.sqlite');
    const db = openDatabase(file, process.cwd());
    db.$client.exec('create table if not exists probe (x); insert into probe values (1);');
    for (const name of ['x400-support.sqlite', 'x400-support.sqlite-wal', 'x400-support.sqlite-shm']) {
      expect(mode(path.join(dir, 'data', name)), name).toBe(0o600);
    }
    expect(mode(path.join(dir, 'data'))).toBe(0o700);
    db.$client.close();
  });

  it('uploads in progress and sealed bundles are 0600 in 0700 folders', async () => {
    const storage = { bundleDir: path.join(dir, 'bundles'), keyring: loadKeyring(path.join(dir, 'x400-data.key'), null) };
    const upload = incomingPath(storage, 'trace.zip');
    expect(mode(path.dirname(upload))).toBe(0o700);
    const source = path.join(dir, 'plain.zip');
    fs.writeFileSync(source, 'bytes', { mode: 0o600 });
    const sealed = await sealBundleFile(storage, source);
    expect(mode(sealed.tempPath)).toBe(0o600);
  });
});
