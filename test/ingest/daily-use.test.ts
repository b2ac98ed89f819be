// Issue 9 (daily use), the ingest side: every consent confirmation is recorded (3), a bundle on
// another ticket can be linked here too (12), the checklist claims only readable bundles (13), a
// closed ticket takes no bundle and reopens with a reason (15), retention is said (9).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from '@/db/queries/audit';
import { findBundle, listTicketBundles } from '@/db/queries/bundles';
import { findTicket, findTicketWithPeople, listTicketEvents, updateTicket } from '@/db/queries/tickets';
import { writeBundle } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile, linkBundle, parseBundle } from '@/lib/ingest/service';
import { retentionStatus } from '@/lib/purge/service';
import { createTicket, reopenTicket, updateTicketFields } from '@/lib/tickets/service';
import { intakeChecklist } from '@/lib/tickets/workflow';
import { memoryDb, seedUser } from '../helpers';
import { AppError } from '@/lib/errors';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-daily-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function bundle(parts: Parameters<typeof writeBundle>[1] = {}) {
  const sub = path.join(dir, `b${n++}`);
  fs.mkdirSync(sub, { recursive: true });
  const createdAt = new Date(Date.parse('2026-11-26T21:58:03Z') + n * 60_000).toISOString().replace(/\.\d+Z$/, '.000Z');
  return writeBundle(sub, { ...parts, metadata: { createdAt, ...parts.metadata } });
}

async function setup() {
  const db = memoryDb();
  const engineer = await seedUser(db, 'engineer');
  const open = async () => (await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] })).id;
  const deps = { db, storage: { bundleDir: path.join(dir, 'store') } };
  const ingest = async (ticketId: number, parts: Parameters<typeof writeBundle>[1] = {}) => {
    const b = bundle(parts);
    return ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId, source: 'upload', actor: engineer });
  };
  return { db, engineer, open, deps, ingest };
}

describe('defect 3: every consent confirmation reaches the timeline and the audit log', () => {
  it('records 3 of 3, not 1 of 3', async () => {
    const { db, engineer, open, ingest } = await setup();
    const t = await open();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const o = await ingest(t);
      if (o.status !== 'stored') throw new Error(o.status);
      ids.push(o.bundle.id);
    }
    for (const id of ids) await confirmConsent(db, engineer, t, id);
    const consentEvents = (await listTicketEvents(db, t)).filter((e) => e.kind === 'checklist' && (e.data as { step?: string }).step === 'consent');
    expect(consentEvents.map((e) => (e.data as { bundleId: string }).bundleId)).toEqual(ids);
    expect((await listAudit(db, { action: 'bundle.consent_confirmed' })).map((a) => (a.detail as { bundleId: string }).bundleId).sort()).toEqual([...ids].sort());
  });
});

describe('defect 12: a bundle already on another ticket', () => {
  it('is found as a duplicate on its ticket, and linking it here cites it without moving it', async () => {
    const { db, engineer, open, ingest } = await setup();
    const first = await open();
    const second = await open();
    const b = bundle();
    const stored = await ingestBundleFile({ db, storage: { bundleDir: path.join(dir, 'store') } }, { filePath: b.path, fileName: b.fileName, ticketId: first, source: 'upload', actor: engineer });
    const again = await ingestBundleFile({ db, storage: { bundleDir: path.join(dir, 'store') } }, { filePath: b.path, fileName: b.fileName, ticketId: second, source: 'upload', actor: engineer });
    expect(again.status).toBe('duplicate');
    if (again.status !== 'duplicate' || stored.status !== 'stored') return;
    expect(again.bundle.ticketId).toBe(first);
    await linkBundle(db, engineer, again.bundle.id, second);
    expect((await findBundle(db, again.bundle.id))!.ticketId).toBe(first);
    expect((await listTicketEvents(db, second)).find((e) => e.kind === 'bundle_referenced')?.data).toMatchObject({ bundleId: again.bundle.id, onTicket: first });
    expect((await findTicket(db, second))!.diagnosticsGatheredAt).not.toBeNull();
    expect(await listAudit(db, { action: 'bundle.link' })).toHaveLength(1);
    void ingest;
  });
});

describe('defect 13: the checklist does not claim diagnostics from an unreadable bundle', () => {
  it('a bundle refused while parsing leaves steps 2 and 3 open', async () => {
    const { db, engineer, open, ingest, deps } = await setup();
    const t = await open();
    const o = await ingest(t, { trace: '{"resourceSpans": [ this is not json' });
    if (o.status !== 'stored') throw new Error(o.status);
    await confirmConsent(db, engineer, t, o.bundle.id);
    const parsed = await parseBundle(deps, o.bundle.id);
    expect(parsed.parseState).toBe('failed');
    const bundles = await listTicketBundles(db, t);
    const readable = bundles.filter((b) => b.valid && b.parseState !== 'failed');
    const people = (await findTicketWithPeople(db, t))!;
    const items = intakeChecklist(people.ticket, people, { bundles: bundles.length, bundlesWithConsent: 1, readable: readable.length, readableConfirmed: 0 });
    expect(items.find((i) => i.key === 'diagnostics')).toMatchObject({ done: false, missing: expect.stringContaining('could be read') });
    expect(items.find((i) => i.key === 'consent')).toMatchObject({ done: false });
  });
});

describe('defect 15: closed tickets', () => {
  it('refuse bundles with a clear message, and reopen only with a reason (audited)', async () => {
    const { db, engineer, open, ingest } = await setup();
    const t = await open();
    await updateTicket(db, t, { status: 'closed', closedAt: new Date() });
    await expect(ingest(t)).rejects.toThrow(`Ticket #${t} is closed: reopen it`);
    await expect(reopenTicket(db, engineer, t, '  ')).rejects.toBeInstanceOf(AppError);
    await reopenTicket(db, engineer, t, 'The customer sees it again');
    expect((await findTicket(db, t))!.status).toBe('investigating');
    expect((await listTicketEvents(db, t)).at(-1)).toMatchObject({ kind: 'reopened', data: { reason: 'The customer sees it again' } });
    expect(await listAudit(db, { action: 'ticket.reopen' })).toHaveLength(1);
    expect((await ingest(t)).status).toBe('stored');
  });
});

describe('defect 2: ticket fields are editable, each change recorded', () => {
  it('adds components so triage can pass; records from/to on the timeline and in the audit', async () => {
    const { db, engineer } = await setup();
    const t = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 3, summary: 'Slow UI', components: [], reportedAt: [] });
    await updateTicketFields(db, engineer, t.id, { components: ['ui'], severity: 1, summary: 'Slow UI' });
    expect(await findTicket(db, t.id)).toMatchObject({ components: ['ui'], severity: 1 });
    const edit = (await listTicketEvents(db, t.id)).at(-1)!;
    expect(edit.data).toEqual({ fields: ['severity', 'components'], changes: { severity: { from: 3, to: 1 }, components: { from: [], to: ['ui'] } } });
    expect((await listAudit(db, { action: 'ticket.edit' }))[0]!.detail).toEqual({ changes: { severity: { from: 3, to: 1 }, components: { from: [], to: ['ui'] } } });
    await expect(updateTicketFields(db, engineer, t.id, { severity: 1 })).rejects.toThrow('Nothing changed');
    await expect(updateTicketFields(db, engineer, t.id, { reportedAt: ['2031-01-01T00:00:00.000Z'] })).rejects.toThrow('in the future');
  });
});

describe('defect 9: retention is said, expired or not', () => {
  it('a bundle past its window is expired, with the date', () => {
    const policy = { defaultDays: 30, quarantineDays: 7 };
    const b = { state: 'active' as const, createdAt: new Date('2026-01-01T00:00:00Z'), ingestedAt: new Date('2026-11-30T00:00:00Z'), retentionDays: null, consentConfirmedAt: null };
    expect(retentionStatus(b, policy, new Date('2026-11-30T00:00:00Z'))).toMatchObject({ expired: true, text: expect.stringContaining('Expired 2026-01-31 00:00 UTC') });
    expect(retentionStatus({ ...b, retentionDays: 365 }, policy, new Date('2026-11-30T00:00:00Z'))).toMatchObject({ expired: false, text: expect.stringContaining('Kept until 2027-01-01') });
  });
});
