// GET /api/health and the readiness checks behind GET /api/ready: what a load balancer relies on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { checkReadiness } from '@/lib/server/readiness';
import { testDb } from '../helpers';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-ready-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('liveness', () => {
  it('answers 200 without a session and says only that it is up', async () => {
    const response = await health(new Request('http://localhost/api/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('readiness', () => {
  it('is ready when the database answers, its schema is current and the store is writable', async () => {
    const db = await testDb();
    const result = await checkReadiness(db, { bundleDir: tempDir() }, process.cwd());
    expect(result).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', store: 'ok' } });
  });

  it('is not ready when the bundle store is gone, naming only the check', async () => {
    const db = await testDb();
    const missing = path.join(tempDir(), 'nowhere');
    const result = await checkReadiness(db, { bundleDir: missing }, process.cwd());
    expect(result.ready).toBe(false);
    expect(result.checks.store).toBe('unreachable');
    expect(JSON.stringify(result)).not.toContain(missing);
  });

  it("asks the store itself when it can answer (the object store's ready())", async () => {
    const db = await testDb();
    const down = await checkReadiness(db, { ready: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:9000')) }, process.cwd());
    expect(down.checks.store).toBe('unreachable');
    expect(JSON.stringify(down)).not.toContain('10.0.0.5');
    const up = await checkReadiness(db, { ready: async () => true }, process.cwd());
    expect(up.ready).toBe(true);
  });

  it('is not ready while this build ships a migration the database has not applied', async () => {
    const db = await testDb();
    const root = tempDir();
    for (const folder of ['migrations', 'migrations-pg']) {
      const target = path.join(root, 'db', folder);
      fs.cpSync(path.join(process.cwd(), 'db', folder), target, { recursive: true });
      const journalFile = path.join(target, 'meta', '_journal.json');
      const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
      journal.entries.push({ ...journal.entries.at(-1), idx: journal.entries.length, when: Date.now() + 60_000, tag: '9999_future' });
      fs.writeFileSync(journalFile, JSON.stringify(journal));
    }
    const result = await checkReadiness(db, { bundleDir: tempDir() }, root);
    expect(result).toEqual({ ready: false, checks: { database: 'ok', migrations: 'pending', store: 'ok' } });
  });
});
