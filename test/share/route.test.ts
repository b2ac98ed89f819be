// The share routes through the real handlers: POST /api/share/[bundleId] starts the job (input
// validation, statuses), GET /api/shares/[jobId] follows it, GET …/download hands the file to its
// requester only.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-share-route-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir };
});

vi.mock('next/headers', () => ({
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
  headers: async () => new Headers(),
}));

import { unzipSync } from 'fflate';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import type { Bundle, User } from '@/db/schema';
import { createApiToken } from '@/lib/auth/accounts';
import { config } from '@/lib/env';
import { confirmConsent, ingestBundleFile } from '@/lib/ingest/service';
import { storageFromConfig } from '@/lib/ingest/storage';
import { getDb } from '@/lib/server/db';
import { createTicket } from '@/lib/tickets/service';
import { GET as listShares, POST } from '@/app/api/share/[bundleId]/route';
import { GET as shareStatus } from '@/app/api/shares/[jobId]/route';
import { GET as shareDownload } from '@/app/api/shares/[jobId]/download/route';
import { jobQueue, shareJobDeps } from '@/lib/server/jobs';
import { runShareJob, SHARE_QUEUE, type ShareJobPayload } from '@/lib/share/job';
import { seedUser } from '../helpers';
import { RAW, writePlantedBundle } from './planted';

let lead: User;
let otherLead: User;
let engineer: User;
let confirmed: Bundle;
let unconfirmed: Bundle;
const tokens: Record<string, string> = {};

async function ingest(sub: string, ticketId: number, bundleId: string) {
  fs.mkdirSync(path.join(state.dir, sub), { recursive: true });
  const b = writePlantedBundle(path.join(state.dir, sub), { bundleId });
  const outcome = await ingestBundleFile({ db: getDb(), storage: storageFromConfig(config()) }, { filePath: b.path, fileName: b.fileName, ticketId, source: 'upload', actor: engineer });
  if (outcome.status !== 'stored') throw new Error(outcome.status);
  return outcome.bundle;
}

beforeAll(async () => {
  const db = getDb();
  lead = await seedUser(db, 'lead');
  otherLead = await seedUser(db, 'lead', 'other-lead@test.example');
  engineer = await seedUser(db, 'engineer');
  tokens.lead = await createApiToken(db, lead, 'test');
  tokens.otherLead = await createApiToken(db, otherLead, 'test');
  await jobQueue().work<ShareJobPayload>(SHARE_QUEUE, (p) => runShareJob(shareJobDeps(), p));
  tokens.engineer = await createApiToken(db, engineer, 'test');
  const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] });
  confirmed = await ingest('a', ticket.id, '11111111-1111-4111-8111-111111111111');
  unconfirmed = await ingest('b', ticket.id, '22222222-2222-4222-8222-222222222222');
  await confirmConsent(db, engineer, ticket.id, confirmed.id);
});
afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

type Who = 'lead' | 'otherLead' | 'engineer' | null;
const auth = (who: Who): Record<string, string> => (who ? { authorization: `Bearer ${tokens[who]}` } : {});

function get(handler: typeof shareStatus, url: string, jobId: string, who: Who = 'lead') {
  return handler(new Request(`http://localhost${url}`, { headers: auth(who) }), { params: Promise.resolve({ jobId }) });
}

function call(bundleId: string, body: unknown, who: Who = 'lead') {
  const request = new Request(`http://localhost/api/share/${bundleId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth(who) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({ bundleId }) });
}

describe('POST /api/share/[bundleId]', () => {
  it('starts a job (202), reports its progress, then serves the encrypted sanitized bundle to its requester only', async () => {
    const identity = await generateIdentity();
    const started = await call(confirmed.id, { recipient: await identityToRecipient(identity) });
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string; state: string; downloadUrl: string | null };
    expect(job).toMatchObject({ state: 'queued', downloadUrl: null });
    expect(started.headers.get('location')).toBe(`/api/shares/${job.id}`);
    await jobQueue().idle();

    const status = await get(shareStatus, `/api/shares/${job.id}`, job.id);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ id: job.id, state: 'ready', progress: 1, downloadUrl: `/api/shares/${job.id}/download` });
    const mine = await listShares(new Request(`http://localhost/api/share/${confirmed.id}`, { headers: auth('lead') }), { params: Promise.resolve({ bundleId: confirmed.id }) });
    expect(((await mine.json()) as { shares: { id: string }[] }).shares.map((j) => j.id)).toEqual([job.id]);
    const theirs = await listShares(new Request(`http://localhost/api/share/${confirmed.id}`, { headers: auth('otherLead') }), { params: Promise.resolve({ bundleId: confirmed.id }) });
    expect(((await theirs.json()) as { shares: unknown[] }).shares).toEqual([]);

    expect((await get(shareStatus, `/api/shares/${job.id}`, job.id, 'otherLead')).status).toBe(404);
    expect((await get(shareDownload, `/api/shares/${job.id}/download`, job.id, 'otherLead')).status).toBe(404);
    expect((await get(shareDownload, `/api/shares/${job.id}/download`, job.id, 'engineer')).status).toBe(403);
    expect((await get(shareDownload, `/api/shares/${job.id}/download`, job.id, null)).status).toBe(401);
    expect((await get(shareDownload, '/api/shares/nope/download', 'nope')).status).toBe(404);

    const res = await get(shareDownload, `/api/shares/${job.id}/download`, job.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${confirmed.id}.sanitized.zip.age"`);
    const sealed = new Uint8Array(await res.arrayBuffer());
    const d = new Decrypter();
    d.addIdentity(identity);
    const files = unzipSync(await d.decrypt(sealed));
    const text = Object.values(files).map((f) => Buffer.from(f).toString()).join('\n');
    expect(text).toContain('[redacted:email]');
    for (const value of Object.values(RAW)) expect(text.includes(value)).toBe(false);
  });

  it('answers 400 for bad input, 401/403 without the role, 404 for an unknown bundle, 409 without confirmed consent', async () => {
    const recipient = await identityToRecipient(await generateIdentity());
    const status = async (p: Promise<Response>) => {
      const res = await p;
      return { status: res.status, error: ((await res.json()) as { error: string }).error };
    };
    expect(await status(call(confirmed.id, { passphrase: 'too short' }))).toEqual({ status: 400, error: expect.stringMatching(/at least 12/) });
    expect(await status(call(confirmed.id, { passphrase: 'p'.repeat(201) }))).toEqual({ status: 400, error: expect.stringMatching(/at most 200/) });
    expect(await status(call(confirmed.id, { recipient: 'age1notakey' }))).toEqual({ status: 400, error: expect.stringMatching(/age X25519 public key/) });
    expect((await status(call(confirmed.id, { recipient: recipient.slice(0, -1) + (recipient.endsWith('q') ? 'p' : 'q') }))).error).toMatch(/checksum/);
    expect(await status(call(confirmed.id, {}))).toEqual({ status: 400, error: expect.stringMatching(/either/) });
    expect((await status(call(confirmed.id, { passphrase: 'long enough passphrase', recipient }))).status).toBe(400);
    expect((await status(call(confirmed.id, 'not json'))).status).toBe(400);
    expect((await status(call(confirmed.id, { recipient }, null))).status).toBe(401);
    expect((await status(call(confirmed.id, { recipient }, 'engineer'))).status).toBe(403);
    expect((await status(call('33333333-3333-4333-8333-333333333333', { recipient }))).status).toBe(404);
    expect(await status(call(unconfirmed.id, { recipient }))).toEqual({ status: 409, error: expect.stringMatching(/Consent/) });
  });

  it('checks the target with the domain’s rules: an upper-case key is accepted, a pasted secret key is named as such', async () => {
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    // Bech32 keys may be written all in upper case (QR codes do); the domain accepts them, so must HTTP.
    const upper = await call(confirmed.id, { recipient: recipient.toUpperCase() });
    expect(upper.status).toBe(202);
    const job = (await upper.json()) as { id: string };
    await jobQueue().idle();
    const file = await get(shareDownload, `/api/shares/${job.id}/download`, job.id);
    expect(file.status).toBe(200);
    const d = new Decrypter();
    d.addIdentity(identity);
    expect(Object.keys(unzipSync(await d.decrypt(new Uint8Array(await file.arrayBuffer())))).length).toBeGreaterThan(0);
    // The domain's own message for a secret key reaches the user, with the code of the table.
    const secret = await call(confirmed.id, { recipient: identity });
    expect(secret.status).toBe(400);
    expect(await secret.json()).toMatchObject({ code: 'INVALID_INPUT', error: expect.stringMatching(/that is a secret key .*keep the secret key private/) });
  });
});
