// The blob store seam, run against both implementations: the local folder and an S3-compatible
// bucket (s3rver on loopback). Then ingest on the S3 store: concurrent uploads of one bundle end
// as one bundle row and one object, decided by the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundles, ingestJobs } from '@/db/schema';
import { generateGatewayTrace, writeBundle } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile, parseBundle } from '@/lib/ingest/service';
import { loadKeyring } from '@/lib/crypto/keyring';
import { sweepStrayObjects } from '@/lib/ingest/repair';
import { FolderStore, MissingObjectError, type BlobStore } from '@/lib/storage';
import { createTicket } from '@/lib/tickets/service';
import { memoryDb, seedUser } from '../helpers';
import { startS3rver, type TestS3 } from '../support/s3rver';

const S3_PORT = Number(process.env.X400_TEST_S3_PORT ?? 4121);
let s3: TestS3 | null = null;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-blob-'));
  s3 = await startS3rver(S3_PORT);
});
afterAll(async () => {
  await s3?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const stores: [string, () => BlobStore | null][] = [
  ['folder', () => new FolderStore(path.join(tmp, `folder-${Math.random().toString(36).slice(2)}`))],
  ['s3 (s3rver)', () => s3?.store ?? null],
];

async function names(store: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list()) out.push(o.name);
  return out.sort();
}

function localFile(content: string | Buffer): string {
  const file = path.join(tmp, `local-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, content);
  return file;
}

describe.each(stores)('blob store: %s', (label, make) => {
  it('puts, gets, lists, deletes; a missing object is reported as missing', async (ctx) => {
    const store = make();
    if (!store) return ctx.skip(`${label}: s3rver did not start`);
    await store.ready();
    for (const n of await names(store)) await store.delete(n);
    const big = Buffer.alloc(12 * 1024 * 1024 + 5, 7); // over one multipart part
    await store.put('a.zip.enc', localFile('alpha'));
    await store.put('b.zip.enc', localFile(big));
    expect(await names(store)).toEqual(['a.zip.enc', 'b.zip.enc']);
    const out = path.join(tmp, 'out');
    await store.get('b.zip.enc', out);
    expect(fs.readFileSync(out).equals(big)).toBe(true);
    await store.put('a.zip.enc', localFile('alpha-2')); // same name: replaced
    await store.get('a.zip.enc', out);
    expect(fs.readFileSync(out, 'utf8')).toBe('alpha-2');
    expect(await store.exists('a.zip.enc')).toBe(true);
    await store.delete('a.zip.enc');
    await store.delete('a.zip.enc'); // idempotent
    expect(await store.exists('a.zip.enc')).toBe(false);
    await expect(store.get('a.zip.enc', out)).rejects.toBeInstanceOf(MissingObjectError);
    expect(await names(store)).toEqual(['b.zip.enc']);
    await expect(store.put('../escape', localFile('x'))).rejects.toThrow(/not a stored bundle name/);
    await store.delete('b.zip.enc');
  });
});

describe('ingest on the S3 store', () => {
  it('20 concurrent uploads of one bundle: one bundle row, one object; it parses from the bucket', async (ctx) => {
    if (!s3) return ctx.skip('s3rver did not start');
    for (const n of await names(s3.store)) await s3.store.delete(n);
    const db = memoryDb();
    const engineer = await seedUser(db, 'engineer');
    const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] });
    const keyring = loadKeyring(path.join(tmp, 'key'), null);
    const storage = { bundleDir: path.join(tmp, 'unused'), store: s3.store, scratchDir: path.join(tmp, 'scratch'), keyring };
    fs.mkdirSync(path.join(tmp, 'in'), { recursive: true });
    const b = writeBundle(path.join(tmp, 'in'), { trace: [...generateGatewayTrace({ spans: 400, seed: 3 })].join('') });
    const copies = Array.from({ length: 20 }, (_, i) => {
      const p = path.join(tmp, 'in', `copy-${i}.zip`);
      fs.copyFileSync(b.path, p);
      return p;
    });
    const outcomes = await Promise.all(
      copies.map((p, i) => ingestBundleFile({ db, storage, instanceId: i % 2 ? 'A' : 'B' }, { filePath: p, fileName: b.fileName, ticketId: ticket.id, source: 'api', actor: engineer })),
    );
    expect(outcomes.filter((o) => o.status === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'duplicate')).toHaveLength(19);
    const rows = (await db.select().from(bundles));
    expect(rows).toHaveLength(1);
    expect(await names(s3.store)).toEqual([rows[0]!.storagePath]);
    expect((await db.select().from(ingestJobs)).every((j) => j.state === 'done')).toBe(true);
    expect(fs.readdirSync(storage.scratchDir)).toEqual([]);

    await confirmConsent(db, engineer, ticket.id, rows[0]!.id);
    const parsed = await parseBundle({ db, storage, instanceId: 'B' }, rows[0]!.id);
    expect(parsed).toMatchObject({ parseState: 'parsed', spanCount: 400 });
    expect(fs.readdirSync(storage.scratchDir)).toEqual([]);

    // A crash between the upload and the insert leaves an object no row names: swept once old.
    const stray = `${rows[0]!.id}.0123456789ab.zip.enc`;
    await s3.store.put(stray, localFile('left by a crash'));
    expect(await sweepStrayObjects(db, storage, 3600_000)).toEqual([]);
    expect(await sweepStrayObjects(db, storage, 3600_000, new Date(Date.now() + 2 * 3600_000))).toEqual([stray]);
    expect(await names(s3.store)).toEqual([rows[0]!.storagePath]);
  });
});
