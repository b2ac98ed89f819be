// "Share externally" as a background job: started, run through the job queue, downloaded by its
// requester only (audited), expired and purged, and repaired after a crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { listAudit } from '@/db/queries/audit';
import { findShareJob, insertShareJob } from '@/db/queries/shares';
import type { Role } from '@/db/schema';
import { SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { inspectBundle } from '@/lib/bundle/inspect';
import { EmbeddedQueue } from '@/lib/jobs';
import { repairAtStart, sweepStrayObjects } from '@/lib/ingest/repair';
import { confirmConsent, ingestBundleFile } from '@/lib/ingest/service';
import { blobStore } from '@/lib/ingest/storage';
import { runPurge } from '@/lib/purge/service';
import { openShareDownload, runShareJob, SHARE_INTERRUPTED, SHARE_QUEUE, shareJobFor, shareObjectName, startShare, type ShareJobDeps, type ShareJobPayload } from '@/lib/share/job';
import { writeSharedFile, type ShareProgressEvent } from '@/lib/share/service';
import { createTicket } from '@/lib/tickets/service';
import { seedUser, testDb } from '../helpers';
import { allText, RAW, writePlantedBundle } from './planted';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-share-job-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function setup() {
  const db = await testDb();
  const engineer = await seedUser(db, 'engineer');
  const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] });
  const storage = { bundleDir: path.join(dir, 'store') };
  fs.mkdirSync(path.join(dir, 'in'));
  const b = writePlantedBundle(path.join(dir, 'in'));
  const outcome = await ingestBundleFile({ db, storage }, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
  if (outcome.status !== 'stored') throw new Error(`ingest: ${outcome.status}`);
  await confirmConsent(db, engineer, ticket.id, outcome.bundle.id);
  const users = Object.fromEntries(
    await Promise.all((['engineer', 'lead', 'manager', 'admin'] as Role[]).map(async (r) => [r, r === 'engineer' ? engineer : await seedUser(db, r)] as const)),
  );
  const otherLead = await seedUser(db, 'lead', 'other-lead@test.example');
  const deps: ShareJobDeps = { db, bundleDir: storage.bundleDir, storage, instanceId: 'test-instance', ttlHours: 24 };
  const queue = new EmbeddedQueue((_name, error) => {
    throw error;
  });
  await queue.work<ShareJobPayload>(SHARE_QUEUE, (p) => runShareJob(deps, p));
  const send = (p: ShareJobPayload) => queue.send(SHARE_QUEUE, p);
  return { db, deps, storage, queue, send, bundleId: outcome.bundle.id, users, otherLead, ticketId: ticket.id };
}

async function decrypt(sealed: Uint8Array, identity: string): Promise<Uint8Array> {
  const d = new Decrypter();
  d.addIdentity(identity);
  return d.decrypt(sealed);
}

describe('share job', () => {
  it('runs in the background, then its requester downloads a file that decrypts to a bundle that inspects clean', async () => {
    const { db, deps, queue, send, bundleId, users } = await setup();
    const identity = await generateIdentity();
    const job = await startShare(deps, users.lead, { bundleId, to: { recipient: await identityToRecipient(identity) }, purpose: 'vendor escalation' }, send);
    expect(job.state).toBe('queued');
    await queue.idle();

    const done = await shareJobFor(db, users.lead, job.id);
    expect(done).toMatchObject({ state: 'ready', progress: 1, objectName: shareObjectName(job.id), problem: null });
    expect(done.expiresAt!.getTime() - done.finishedAt!.getTime()).toBe(24 * 3600_000);
    expect(await blobStore(deps.storage).exists(shareObjectName(job.id))).toBe(true);

    const file = await openShareDownload(deps, users.lead, job.id);
    expect(file.fileName).toBe(`${bundleId}.sanitized.zip.age`);
    const sealed = new Uint8Array(await buffer(file.content));
    expect(sealed.length).toBe(file.size);
    const plain = await decrypt(sealed, identity);
    const text = allText(plain);
    for (const value of Object.values(RAW)) expect(text.includes(value)).toBe(false);
    const zip = path.join(dir, 'downloaded.zip');
    fs.writeFileSync(zip, plain);
    expect((await inspectBundle(zip)).redaction.clean).toBe(true);

    const actions = (await listAudit(db, {})).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['bundle.share.start', 'bundle.share', 'bundle.share.download']));
    const finished = (await listAudit(db, {})).find((a) => a.action === 'bundle.share');
    expect(finished).toMatchObject({ actorId: users.lead.id, actorEmail: users.lead.email, targetId: bundleId, detail: expect.objectContaining({ jobId: job.id, method: 'x25519', purpose: 'vendor escalation' }) });
    expect(JSON.stringify(await listAudit(db, {}))).not.toContain(RAW.email);
  });

  it('never stores the passphrase: not in the row, sealed in the payload', async () => {
    const { db, deps, bundleId, users } = await setup();
    const passphrase = 'correct-horse-battery-staple-9';
    const payloads: ShareJobPayload[] = [];
    const job = await startShare(deps, users.lead, { bundleId, to: { passphrase } }, async (p) => void payloads.push(p));
    expect(JSON.stringify(await findShareJob(db, job.id))).not.toContain(passphrase);
    expect(payloads[0].target).not.toContain(passphrase);
    expect(JSON.stringify(await listAudit(db, {}))).not.toContain(passphrase);
    const ran = await runShareJob(deps, payloads[0]);
    expect(ran).toMatchObject({ state: 'ready', method: 'passphrase', recipient: null });
  });

  it('answers only its requester: another lead gets not found, engineers and managers are refused', async () => {
    const { deps, queue, send, bundleId, users, otherLead } = await setup();
    const job = await startShare(deps, users.lead, { bundleId, to: { recipient: await identityToRecipient(await generateIdentity()) } }, send);
    await queue.idle();
    await expect(shareJobFor(deps.db, otherLead, job.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(openShareDownload(deps, otherLead, job.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(openShareDownload(deps, users.admin, job.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const role of ['engineer', 'manager'] as const) {
      await expect(openShareDownload(deps, users[role], job.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(startShare(deps, users[role], { bundleId, to: { passphrase: 'long-enough-passphrase' } }, send)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const downloads = (await listAudit(deps.db, {})).filter((a) => a.action === 'bundle.share.download');
    expect(downloads).toHaveLength(0);
  });

  it('refuses a bad target or an unshareable bundle before recording anything', async () => {
    const { deps, send, bundleId, users } = await setup();
    await expect(startShare(deps, users.lead, { bundleId, to: { recipient: 'age1nope' } }, send)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(startShare(deps, users.lead, { bundleId: '00000000-0000-4000-8000-000000000000', to: { passphrase: 'long-enough-passphrase' } }, send)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listAudit(deps.db, {})).filter((a) => a.action.startsWith('bundle.share'))).toHaveLength(0);
  });

  it('expires: no download after its window, and the purge removes the file', async () => {
    const { db, deps, queue, send, bundleId, users } = await setup();
    const job = await startShare(deps, users.lead, { bundleId, to: { recipient: await identityToRecipient(await generateIdentity()) } }, send);
    await queue.idle();
    const ready = await findShareJob(db, job.id);
    const later = new Date(ready!.expiresAt!.getTime() + 1000);
    await expect(openShareDownload({ ...deps, now: () => later }, users.lead, job.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/expired/) });

    const early = await runPurge(deps, SYSTEM_ACTOR, { now: new Date(ready!.expiresAt!.getTime() - 1000) });
    expect(early.sharesExpired).toEqual([]);
    const purge = await runPurge(deps, SYSTEM_ACTOR, { now: later });
    expect(purge.sharesExpired).toEqual([job.id]);
    expect(await blobStore(deps.storage).exists(shareObjectName(job.id))).toBe(false);
    expect(await findShareJob(db, job.id)).toMatchObject({ state: 'expired', objectName: null });
    await expect(openShareDownload(deps, users.lead, job.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/expired/) });
  });

  it('goes with its bundle when the bundle is purged', async () => {
    const { db, deps, queue, send, bundleId, users } = await setup();
    const job = await startShare(deps, users.lead, { bundleId, to: { recipient: await identityToRecipient(await generateIdentity()) } }, send);
    await queue.idle();
    // Far past the bundle's retention window, still inside the share's own (a fresh TTL).
    const farFuture = new Date(Date.now() + 4000 * 86_400_000);
    const r = await runPurge({ ...deps }, SYSTEM_ACTOR, { now: farFuture });
    expect(r.purged).toContain(bundleId);
    expect(await findShareJob(db, job.id)).toMatchObject({ state: 'expired', problem: 'Its bundle was purged.' });
    expect(await blobStore(deps.storage).exists(shareObjectName(job.id))).toBe(false);
  });

  it('fails with a reason, keeping nothing, when the bundle is purged before the job runs', async () => {
    const { deps, bundleId, users } = await setup();
    const payloads: ShareJobPayload[] = [];
    const job = await startShare(deps, users.lead, { bundleId, to: { recipient: await identityToRecipient(await generateIdentity()) } }, async (p) => void payloads.push(p));
    await runPurge(deps, SYSTEM_ACTOR, { now: new Date(Date.now() + 4000 * 86_400_000) });
    const ran = await runShareJob(deps, payloads[0]);
    expect(ran).toMatchObject({ state: 'failed', objectName: null, problem: expect.stringMatching(/purged|No bundle/) });
    expect(await blobStore(deps.storage).exists(shareObjectName(job.id))).toBe(false);
    await expect(openShareDownload(deps, users.lead, job.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/failed/) });
  });

  it('after a crash mid-job: the next start marks it failed with a reason and no half file is offered', async () => {
    const { db, deps, storage, bundleId, users } = await setup();
    const now = new Date();
    const base = { bundleId, requesterId: users.lead.id, method: 'passphrase', fileName: `${bundleId}.sanitized.zip.age`, createdAt: now };
    const running = await insertShareJob(db, { ...base, id: '6f1d2c3b-0000-4000-8000-000000000001', state: 'running', stage: 'sanitizing', progress: 0.6, instanceId: 'test-instance', startedAt: now });
    const queued = await insertShareJob(db, { ...base, id: '6f1d2c3b-0000-4000-8000-000000000002', state: 'queued', stage: 'queued' });
    const elsewhere = await insertShareJob(db, { ...base, id: '6f1d2c3b-0000-4000-8000-000000000003', state: 'running', stage: 'encrypting', instanceId: 'live-peer', startedAt: now });
    // The dead run got as far as storing its file, but not as far as marking the row ready.
    const half = path.join(dir, 'half.age');
    fs.writeFileSync(half, 'age-encryption.org/v1\n-> half');
    await blobStore(storage).put(shareObjectName(running.id), half);
    const { upsertInstance } = await import('@/db/queries/instances');
    await upsertInstance(db, { id: 'live-peer', host: 'h', pid: 1, role: 'all', startedAt: now, heartbeatAt: now });

    const report = await repairAtStart(db, storage, { instanceId: 'test-instance', staleBefore: new Date(now.getTime() - 30_000), includeUnowned: true });
    expect(report.sharesFailed).toBe(2);
    expect(await findShareJob(db, running.id)).toMatchObject({ state: 'failed', problem: SHARE_INTERRUPTED, objectName: null });
    expect(await findShareJob(db, queued.id)).toMatchObject({ state: 'failed', problem: SHARE_INTERRUPTED });
    expect(await findShareJob(db, elsewhere.id)).toMatchObject({ state: 'running' }); // a live instance's work is its own
    await expect(openShareDownload(deps, users.lead, running.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/failed/) });

    // The sweep removes the orphaned file; the running peer's future file name is kept.
    const removed = await sweepStrayObjects(db, storage, 0, new Date(Date.now() + 1000));
    expect(removed).toEqual([shareObjectName(running.id)]);
    // A late worker of the dead run cannot revive it.
    expect(await runShareJob(deps, { jobId: running.id, target: 'x' })).toMatchObject({ state: 'failed' });
  });

  it('reports its progress stage by stage, with bytes done and total', async () => {
    const { deps, bundleId } = await setup();
    const events: ShareProgressEvent[] = [];
    const out = path.join(dir, 'out.age');
    await writeSharedFile(deps, bundleId, { recipient: await identityToRecipient(await generateIdentity()) }, out, (e) => events.push(e));
    const stages = [...new Set(events.map((e) => e.stage))];
    expect(stages).toEqual(['reading', 'inspecting', 'sanitizing', 'encrypting']);
    for (let i = 1; i < events.length; i++) expect(events[i].progress).toBeGreaterThanOrEqual(events[i - 1].progress);
    const lastSanitize = events.filter((e) => e.stage === 'sanitizing').at(-1)!;
    expect(lastSanitize.bytesDone).toBe(lastSanitize.bytesTotal);
    const lastEncrypt = events.at(-1)!;
    expect(lastEncrypt).toMatchObject({ stage: 'encrypting', progress: 1 });
    expect(lastEncrypt.bytesDone).toBe(lastEncrypt.bytesTotal);
  });
});
