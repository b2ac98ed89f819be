// The watched upload folder shared by two instances: each file is claimed by exactly one of them
// (an atomic rename into its claim folder) and ingested once; losing a race is silent; files a
// dead instance had claimed go back into the folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundles, ingestJobs } from '@/db/schema';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { generateGatewayTrace, writeBundle } from '@/test/support/make-bundle';
import { claimDir, claimUpload, startUploadWatcher } from '@/lib/ingest/watcher';
import { memoryDb } from '../helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-watch-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('upload folder shared by instances', () => {
  it('losing the claim race is normal: null, nothing thrown', () => {
    const upload = path.join(dir, 'up');
    fs.mkdirSync(upload);
    fs.writeFileSync(path.join(upload, 'x.zip'), 'x');
    expect(claimUpload(upload, 'A', 'x.zip')).toBe(path.join(claimDir(upload, 'A'), 'x.zip'));
    expect(claimUpload(upload, 'B', 'x.zip')).toBeNull();
  });

  it('20 files, two watchers scanning at once: each ingested exactly once, nothing left behind', async () => {
    const db = memoryDb();
    const upload = path.join(dir, 'up');
    const src = path.join(dir, 'src');
    fs.mkdirSync(upload);
    fs.mkdirSync(src);
    const storage = { bundleDir: path.join(dir, 'store') };
    const actor = { ...CLI_ACTOR, email: 'upload-folder' };
    const quiet = () => {};
    const a = startUploadWatcher({ uploadDir: upload, deps: { db, storage, instanceId: 'A' }, actor, intervalMs: 3_600_000, log: quiet });
    const b = startUploadWatcher({ uploadDir: upload, deps: { db, storage, instanceId: 'B' }, actor, intervalMs: 3_600_000, log: quiet });
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const createdAt = new Date(Date.UTC(2026, 10, 26, 21, 0, i)).toISOString().replace('.000', '');
      const f = writeBundle(src, { metadata: { createdAt }, trace: [...generateGatewayTrace({ spans: 20, seed: 100 + i })].join('') });
      fs.renameSync(f.path, path.join(upload, f.fileName));
      names.push(f.fileName);
    }
    // First pass sees the sizes, the second finds them stable and claims.
    await Promise.all([a.scan(), b.scan()]);
    await Promise.all([a.scan(), b.scan()]);
    await Promise.all([a.scan(), b.scan()]);
    a.stop();
    b.stop();
    expect((await db.select().from(bundles))).toHaveLength(20);
    const jobs = (await db.select().from(ingestJobs));
    expect(jobs).toHaveLength(20);
    expect(new Set(jobs.map((j) => j.fileName))).toEqual(new Set(names));
    expect(jobs.every((j) => j.state === 'done' && j.stage === 'stored')).toBe(true);
    expect(fs.readdirSync(upload).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect(fs.readdirSync(claimDir(upload, 'A'))).toEqual([]);
    expect(fs.readdirSync(claimDir(upload, 'B'))).toEqual([]);
  });

  it('files claimed by an instance that died go back into the folder', async () => {
    const db = memoryDb();
    const upload = path.join(dir, 'up');
    fs.mkdirSync(claimDir(upload, 'dead'), { recursive: true });
    fs.writeFileSync(path.join(claimDir(upload, 'dead'), 'late.zip'), 'x');
    const w = startUploadWatcher({ uploadDir: upload, deps: { db, storage: { bundleDir: path.join(dir, 'store') }, instanceId: 'A' }, actor: CLI_ACTOR, intervalMs: 3_600_000, log: () => {} });
    expect(w.releaseClaims('dead')).toBe(1);
    w.stop();
    expect(fs.existsSync(path.join(upload, 'late.zip'))).toBe(true);
  });
});
