// `x400-support backup`: an online copy of the database, the data key beside it, and the stored
// bundle files. Restored into a fresh data folder as README.md describes, the copy opens and
// serves its bundles byte for byte.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
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
