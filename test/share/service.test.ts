import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { listAudit } from '@/db/queries/audit';
import { findBundle, updateBundle } from '@/db/queries/bundles';
import type { Role } from '@/db/schema';
import { inspectBundle, type InspectReport } from '@/lib/bundle/inspect';
import { confirmConsent, ingestBundleFile, parseBundle } from '@/lib/ingest/service';
import { INSPECT_REPORT_ENTRY } from '@/lib/share/sanitize';
import { recordedInspection, shareBundle } from '@/lib/share/service';
import { createTicket } from '@/lib/tickets/service';
import { testDb, seedUser } from '../helpers';
import { writeBundle } from '@/test/support/make-bundle';
import { allText, plantedTrace, RAW, writePlantedBundle } from './planted';
import { AppError } from '@/lib/errors';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-share-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function setup({ confirm = true, write = (at: string) => writePlantedBundle(at) } = {}) {
  const db = await testDb();
  const engineer = await seedUser(db, 'engineer');
  const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] });
  const bundleDir = path.join(dir, 'store');
  const storage = { bundleDir };
  fs.mkdirSync(path.join(dir, 'in'));
  const b = write(path.join(dir, 'in'));
  const outcome = await ingestBundleFile({ db, storage }, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
  if (outcome.status !== 'stored') throw new Error(`ingest: ${outcome.status}`);
  if (confirm) await confirmConsent(db, engineer, ticket.id, outcome.bundle.id);
  const users = Object.fromEntries(
    await Promise.all((['engineer', 'lead', 'manager', 'admin'] as Role[]).map(async (r) => [r, r === 'engineer' ? engineer : await seedUser(db, r)] as const)),
  );
  return { db, deps: { db, bundleDir }, bundleId: outcome.bundle.id, users, bundleDir };
}

const incomingLeft = (bundleDir: string) => {
  const d = path.join(bundleDir, '.incoming');
  return fs.existsSync(d) ? fs.readdirSync(d) : [];
};

describe('shareBundle', () => {
  it('lets leads and admins share, refuses engineers and managers', async () => {
    const { deps, bundleId, users } = await setup();
    const recipient = await identityToRecipient(await generateIdentity());
    for (const role of ['engineer', 'manager'] as const) {
      await expect(shareBundle(deps, users[role], { bundleId, to: { recipient } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    for (const role of ['lead', 'admin'] as const) {
      const shared = await shareBundle(deps, users[role], { bundleId, to: { recipient } });
      shared.content.destroy();
      expect(shared.fileName).toBe(`${bundleId}.sanitized.zip.age`);
    }
  });

  it('produces an age file of the sanitized bundle for a recipient, audited, with no temporary file left', async () => {
    const { db, deps, bundleId, users, bundleDir } = await setup();
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    const shared = await shareBundle(deps, users.lead, { bundleId, to: { recipient }, purpose: 'vendor escalation' });
    expect(incomingLeft(bundleDir)).toEqual([]);
    const sealed = await buffer(shared.content);
    expect(sealed.length).toBe(shared.size);

    const d = new Decrypter();
    d.addIdentity(identity);
    const zip = await d.decrypt(new Uint8Array(sealed));
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['metadata.json', 'trace.json', 'logs.ndjson', 'config.json', INSPECT_REPORT_ENTRY]));
    const text = allText(zip);
    for (const value of Object.values(RAW)) expect(text.includes(value)).toBe(false);
    expect(shared.redactions.email).toBeGreaterThan(0);

    const [entry] = await listAudit(db, { action: 'bundle.share' });
    expect(entry).toMatchObject({ actorId: users.lead.id, actorEmail: users.lead.email, action: 'bundle.share', targetType: 'bundle', targetId: bundleId });
    expect(entry.at).toBeInstanceOf(Date);
    expect(entry.detail).toMatchObject({ to: recipient, method: 'x25519', purpose: 'vendor escalation', redactions: shared.redactions });
  });

  it("puts the inspection its parse recorded in the share, as inspecting the original reports it, without inspecting it again", async () => {
    // (A bundle whose every entry parses: the planted one has an ndjson line that is not JSON.)
    const parseable = (at: string) => writeBundle(at, { trace: plantedTrace(), logs: [{ ts: '2026-11-26T21:40:00Z', level: 'error', msg: `login failed for ${RAW.email}` }] });
    const { db, deps, bundleId, users } = await setup({ write: parseable });
    expect(await recordedInspection(db, (await findBundle(db, bundleId))!)).toBeNull();
    await parseBundle({ db, storage: { bundleDir: deps.bundleDir } }, bundleId);
    const parsed = (await findBundle(db, bundleId))!;
    expect(parsed.parseState).toBe('parsed');
    const recorded = await recordedInspection(db, parsed);
    fs.mkdirSync(path.join(dir, 'again'));
    const b = parseable(path.join(dir, 'again'));
    const fresh = await inspectBundle(b.path, { fileName: parsed.fileName });
    expect(recorded).not.toBeNull();
    expect(Object.keys(recorded!)).toEqual(Object.keys(fresh));
    expect(recorded!.redaction).toEqual(fresh.redaction);
    expect(recorded!.redaction.findings.length).toBeGreaterThan(0);
    expect(recorded!.metrics).toEqual(fresh.metrics);
    // A record written before the report had logs is not used: the share inspects afresh.
    const { logs: _logs, ...older } = parsed.report as Record<string, unknown>;
    expect(await recordedInspection(db, { ...parsed, report: older })).toBeNull();

    // What the share writes is the record: a mark made on it shows in the shared report.
    await updateBundle(db, bundleId, { report: { ...(parsed.report as object), traceFormat: 'as-recorded' } });
    const identity = await generateIdentity();
    const shared = await shareBundle(deps, users.lead, { bundleId, to: { recipient: await identityToRecipient(identity) } });
    const d = new Decrypter();
    d.addIdentity(identity);
    const files = unzipSync(await d.decrypt(new Uint8Array(await buffer(shared.content))));
    const report = JSON.parse(Buffer.from(files[INSPECT_REPORT_ENTRY]).toString()) as InspectReport;
    expect(report.traceFormat).toBe('as-recorded');
    expect(report.redaction.findings).toEqual(fresh.redaction.findings);
    for (const value of Object.values(RAW)) expect(Buffer.from(files[INSPECT_REPORT_ENTRY]).toString().includes(value)).toBe(false);
  });

  it('audits a passphrase share as "passphrase", never the passphrase itself', async () => {
    const { db, deps, bundleId, users } = await setup();
    const passphrase = 'granite-meadow-copper-sail-41';
    const shared = await shareBundle(deps, users.lead, { bundleId, to: { passphrase } });
    const sealed = await buffer(shared.content);
    expect(sealed.subarray(0, 32).toString()).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
    const [entry] = await listAudit(db, { action: 'bundle.share' });
    expect(entry.detail).toMatchObject({ to: 'passphrase', method: 'passphrase' });
    expect(JSON.stringify(entry)).not.toContain(passphrase);
    expect(JSON.stringify(await listAudit(db))).not.toContain(passphrase);
  }, 30_000);

  it('refuses a bundle whose consent is not confirmed, a purged one, an unknown one, and bad targets', async () => {
    const { db, deps, bundleId, users, bundleDir } = await setup({ confirm: false });
    const recipient = await identityToRecipient(await generateIdentity());
    const refusal = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    };
    expect(await refusal(shareBundle(deps, users.lead, { bundleId, to: { recipient } }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not been confirmed/) });
    expect(await refusal(shareBundle(deps, users.lead, { bundleId: '00000000-0000-4000-8000-000000000000', to: { recipient } }))).toMatchObject({ code: 'NOT_FOUND' });
    await updateBundle(db, bundleId, { state: 'purged', consentConfirmedAt: new Date() });
    expect(await refusal(shareBundle(deps, users.lead, { bundleId, to: { recipient } }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/purged/) });
    expect(await refusal(shareBundle(deps, users.lead, { bundleId, to: { recipient: 'age1nope' } }))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/recipient/) });
    expect(await refusal(shareBundle(deps, users.lead, { bundleId, to: { passphrase: 'short' } }))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/passphrase/) });
    expect(await listAudit(db, { action: 'bundle.share' })).toEqual([]);
    expect(incomingLeft(bundleDir)).toEqual([]);
  });
});
