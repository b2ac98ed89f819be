// `x400-support backup`: an online copy of the database, the data key beside it, and the stored
// bundle files. Restored into a fresh data folder as README.md describes, the copy opens and
// serves its bundles byte for byte.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '@/db/client';
import { findBundle } from '@/db/queries/bundles';
import { findTicket } from '@/db/queries/tickets';
import { backupDatabase } from '@/lib/backup/backup';
import { writeBundle } from '@/test/support/make-bundle';
import { KEY_FILE_NAME, loadKeyring } from '@/lib/crypto/keyring';
import { ingestBundleFile } from '@/lib/ingest/service';
import { withBundleFile } from '@/lib/ingest/storage';
import { createTicket } from '@/lib/tickets/service';
import { seedUser } from '../helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-backup-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const storageIn = (dataDir: string) => ({ bundleDir: path.join(dataDir, 'bundles'), keyring: loadKeyring(path.join(dataDir, KEY_FILE_NAME), null) });

describe('backup and restore', () => {
  it('a restored copy opens and serves its bundles', async () => {
    const live = path.join(dir, 'live');
    const db = openDatabase(path.join(live, 'x400-support.sqlite'), process.cwd());
    const engineer = await seedUser(db, 'engineer');
    const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backup me', components: ['queue'], reportedAt: [] });
    fs.mkdirSync(path.join(dir, 'in'));
    const b = writeBundle(path.join(dir, 'in'), { trace: { resourceSpans: [] } });
    const outcome = await ingestBundleFile({ db, storage: storageIn(live) }, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    expect(outcome.status).toBe('stored');

    const result = await backupDatabase({ db, dataDir: live, bundleDir: path.join(live, 'bundles'), keyFromEnv: false }, path.join(dir, 'backups', 'console.sqlite'));
    expect(result.keyFile).toBe(path.join(dir, 'backups', 'console.sqlite.key'));
    expect(result.bundleFiles).toBe(1);
    expect(result.warnings.join(' ')).toMatch(/data key/);
    for (const p of [result.database, result.keyFile!]) expect(fs.statSync(p).mode & 0o777).toBe(0o600);
    await expect(backupDatabase({ db, dataDir: live, bundleDir: null, keyFromEnv: false }, result.database)).rejects.toThrow(/already exists/);

    // Restore (README.md): the database file, the key file and the bundle folder into a new data folder.
    const restored = path.join(dir, 'restored');
    fs.mkdirSync(restored);
    fs.copyFileSync(result.database, path.join(restored, 'x400-support.sqlite'));
    fs.copyFileSync(result.keyFile!, path.join(restored, KEY_FILE_NAME));
    fs.cpSync(result.bundles!, path.join(restored, 'bundles'), { recursive: true });

    const copy = openDatabase(path.join(restored, 'x400-support.sqlite'), process.cwd());
    expect((await findTicket(copy, ticket.id))?.summary).toBe('Backup me');
    const bundle = await findBundle(copy, String(b.metadata.bundleId));
    expect(bundle?.storagePath).toBeTruthy();
    const bytes = await withBundleFile(storageIn(restored), bundle!.storagePath!, async (plain) => fs.readFileSync(plain));
    expect(bytes.equals(fs.readFileSync(b.path))).toBe(true);
  });
});

const BIN = path.join(process.cwd(), 'bin', 'x400-support.mjs');
function bin(args: string[], env: Record<string, string>) {
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith('X400_') || k.startsWith('AWS_')) delete clean[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: process.cwd(), encoding: 'utf8', env: { ...clean, X400_APP_ROOT: process.cwd(), ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('x400-support backup (the installed command)', () => {
  it('copies a live data folder: database, key (with a warning) and bundle files', async () => {
    const live = path.join(dir, 'live');
    const db = openDatabase(path.join(live, 'x400-support.sqlite'), process.cwd());
    const engineer = await seedUser(db, 'engineer');
    const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 3, summary: 'Through the CLI', components: ['queue'], reportedAt: [] });
    fs.mkdirSync(path.join(dir, 'in'));
    const b = writeBundle(path.join(dir, 'in'), { trace: { resourceSpans: [] } });
    expect((await ingestBundleFile({ db, storage: storageIn(live) }, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer })).status).toBe('stored');

    // The database stays open here, as a running server holds it.
    const target = path.join(dir, 'backups', 'cli.sqlite');
    const r = bin(['backup', target, '--json'], { X400_DATA_DIR: live });
    expect(r.err).toMatch(/warning: .*cli\.sqlite\.key is the data key/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ database: target, keyFile: `${target}.key`, bundles: `${target}.bundles`, bundleFiles: 1 });
    await closeDatabase(db);
    const copy = openDatabase(target, process.cwd());
    expect((await findTicket(copy, ticket.id))?.summary).toBe('Through the CLI');
    await closeDatabase(copy);
  });

  it('refuses in distributed mode, naming pg_dump and the S3 bucket, without connecting or writing', () => {
    const target = path.join(dir, 'backups', 'pg.sqlite');
    // Nothing listens on port 9: a command that tried to connect would fail differently (or hang).
    const r = bin(['backup', target], {
      X400_DATA_DIR: path.join(dir, 'data'),
      X400_DATABASE_URL: 'postgres://x400:x400@127.0.0.1:9/x400',
      X400_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      X400_S3_BUCKET: 'acme-bundles',
    });
    expect(r.code).toBe(70);
    expect(r.err).toMatch(/distributed mode \(X400_DATABASE_URL\)/);
    expect(r.err).toMatch(/pg_dump/);
    expect(r.err).toMatch(/S3 bucket "acme-bundles"/);
    expect(fs.existsSync(target)).toBe(false);
  });
});
