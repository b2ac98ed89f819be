// Seeds parsed bundles for the bundle-view tests: the same ingest, consent and parse code the app
// runs, writing into the e2e server's own database and bundle folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppDb } from '@/db/client';
import type { User } from '@/db/schema';
import { writeBundle, type BundleParts } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile, parseBundle } from '@/lib/ingest/service';
import { asInstance } from '@/lib/jobs/instance';
import { E2E } from './env';

export const CORPUS_DIR = path.resolve(process.cwd(), '../shared/corpus/traces');
export const HAS_CORPUS = fs.existsSync(CORPUS_DIR);

/** Ingests a bundle built from `parts` onto `ticketId`, confirms consent and parses it; returns its id. */
export async function makeParsedBundle(db: AppDb, owner: User, ticketId: number, parts: BundleParts = {}): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-e2e-bundle-'));
  try {
    // A fresh createdAt per bundle keeps file names (and hashes) distinct across tests.
    const createdAt = new Date(Date.parse('2026-11-26T21:58:03Z') + Math.floor(Math.random() * 3_600_000)).toISOString().replace(/\.\d+Z$/, '.000Z');
    const file = writeBundle(dir, { ...parts, metadata: { createdAt, ...parts.metadata } });
    // The test process parses as an instance with a heartbeat, like the CLI: the server's repair
    // would otherwise take a parse whose owner it cannot see alive.
    const instanceId = `e2e-${process.pid}`;
    const deps = { db, storage: { bundleDir: path.join(E2E.dataDir, 'bundles') }, instanceId, instanceStaleSeconds: 30 };
    const actor = { id: owner.id, email: owner.email, role: owner.role };
    const outcome = await ingestBundleFile(deps, { filePath: file.path, fileName: file.fileName, ticketId, source: 'upload', actor });
    if (outcome.status === 'rejected') throw new Error(`bundle rejected: ${outcome.problems.map((p) => p.message).join('; ')}`);
    await confirmConsent(db, actor, ticketId, outcome.bundle.id);
    const parsed = await asInstance(db, { instanceId, role: 'e2e', staleSeconds: 30 }, () => parseBundle(deps, outcome.bundle.id));
    if (parsed.parseState !== 'parsed') throw new Error(`bundle not parsed: ${parsed.parseError}`);
    return parsed.id;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
