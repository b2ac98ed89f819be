import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBundle, findTombstone, updateBundle } from '@/db/queries/bundles';
import { listTicketEvents } from '@/db/queries/tickets';
import { bundleFindings, bundleKeys, bundleTombstones, spans } from '@/db/schema';
import { spansOf } from '@/db/queries/spans';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { generateGatewayTrace, writeBundle, type BundleParts } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile, parseBundle } from '@/lib/ingest/service';
import { purgePlan, retentionPolicy, runPurge, setRetentionPolicy } from '@/lib/purge/service';
import { createTicket } from '@/lib/tickets/service';
import { testDb, seedUser } from '../helpers';

const CREATED = Date.parse('2026-11-26T21:58:03.120Z');
const days = (n: number) => new Date(CREATED + n * 86_400_000);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-purge-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function world() {
  const db = await testDb();
  const lead = await seedUser(db, 'lead');
  const admin = await seedUser(db, 'admin');
  const engineer = await seedUser(db, 'engineer');
  const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'c', severity: 2, summary: 's', components: ['queue'], reportedAt: [] });
  const deps = { db, storage: { bundleDir: path.join(dir, 'store') } };
  let n = 0;
  const ingest = async (parts: BundleParts, opts: { confirm?: boolean; now?: Date } = {}) => {
    const sub = path.join(dir, `in${n++}`);
    fs.mkdirSync(sub);
    const b = writeBundle(sub, parts);
    const out = await ingestBundleFile({ ...deps, now: () => opts.now ?? new Date(CREATED + 60_000) }, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    if (out.status !== 'stored') throw new Error(`not stored: ${out.status}`);
    if (opts.confirm) {
      await confirmConsent(db, engineer, ticket.id, out.bundle.id);
      await parseBundle(deps, out.bundle.id);
    }
    return out.bundle.id;
  };
  const files = () => fs.readdirSync(deps.storage.bundleDir).filter((f) => f.endsWith('.enc'));
  return { db, lead, admin, engineer, ticket, deps, ingest, files };
}

describe('retention purge', () => {
  it('purges only what is past its window, leaving a tombstone, and never touches the rest', async () => {
    const { db, lead, ticket, deps, ingest, files } = await world();
    const short = await ingest({ metadata: { telemetry: { retentionDays: 5 } }, trace: [...generateGatewayTrace({ spans: 40 })].join('') }, { confirm: true });
    const long = await ingest({ metadata: { telemetry: { retentionDays: 60 } } }, { confirm: true });
    const byDefault = await ingest({ metadata: { telemetry: { retentionDays: null } } }, { confirm: true });
    expect(await db.select().from(spans).where(spansOf(short))).toHaveLength(40);

    const preview = await runPurge(deps, lead, { dryRun: true, now: days(31) });
    expect(preview.candidates.map((c) => c.bundleId).sort()).toEqual([short, byDefault].sort());
    expect(preview.candidates.find((c) => c.bundleId === byDefault)?.reason).toMatch(/30 d \(the default\)/);
    expect(files()).toHaveLength(3);

    const longFile = (await findBundle(db, long))!.storagePath;
    const result = await runPurge(deps, lead, { now: days(31) });
    expect(result.purged.sort()).toEqual([short, byDefault].sort());
    expect(files()).toEqual([longFile]);
    expect(await findBundle(db, short)).toBeUndefined();
    expect((await findBundle(db, long))?.state).toBe('active');
    expect(await db.select().from(spans)).toHaveLength((await db.select().from(spans).where(spansOf(long))).length);
    expect((await db.select().from(bundleKeys)).map((k) => k.bundleId).filter((id) => id !== long)).toEqual([]);
    expect(await findTombstone(db, short)).toMatchObject({ ticketId: ticket.id, purgedBy: lead.email, reason: expect.stringMatching(/5 d/) });
    expect((await listTicketEvents(db, ticket.id)).filter((e) => e.kind === 'bundle_purged')).toHaveLength(2);

    // Idempotent: running again finds nothing new.
    expect((await runPurge(deps, lead, { now: days(31) })).purged).toEqual([]);
  });

  it('honours the admin default and the quarantine for bundles without consent', async () => {
    const { db, lead, admin, deps, ingest } = await world();
    await setRetentionPolicy(db, admin, { defaultDays: 90, quarantineDays: 3 });
    expect(await retentionPolicy(db)).toEqual({ defaultDays: 90, quarantineDays: 3 });
    await expect(setRetentionPolicy(db, lead, { defaultDays: 1, quarantineDays: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const noConsent = await ingest({ metadata: { telemetry: { enabled: false, retentionDays: null } } });
    const kept = await ingest({ metadata: { telemetry: { retentionDays: null } } }, { confirm: true });
    expect((await purgePlan(db, await retentionPolicy(db), days(2))).map((c) => c.bundleId)).toEqual([]);
    const plan = await purgePlan(db, await retentionPolicy(db), days(4));
    expect(plan.map((c) => c.bundleId)).toEqual([noConsent]);
    expect(plan[0]!.reason).toMatch(/without consent/);
    expect((await runPurge(deps, lead, { now: days(4) })).purged).toEqual([noConsent]);
    expect((await findBundle(db, kept))?.state).toBe('active');
  });

  it('finishes a purge that was interrupted after the file was deleted', async () => {
    const { db, lead, deps, ingest, files } = await world();
    const id = await ingest({ metadata: { telemetry: { retentionDays: 5 } } }, { confirm: true });
    // The state a crash leaves: marked purging, file already gone, rows still there.
    await updateBundle(db, id, { state: 'purging' });
    fs.rmSync(path.join(deps.storage.bundleDir, files()[0]!));
    const result = await runPurge(deps, CLI_ACTOR, { now: days(1) });
    expect(result.purged).toEqual([id]);
    expect(await findBundle(db, id)).toBeUndefined();
    expect((await findTombstone(db, id))?.reason).toBe('finishing an interrupted purge');
    expect((await db.select().from(bundleFindings))).toHaveLength(0);
    expect(lead.role).toBe('lead');
  });

  it('two purges at once purge each bundle once', async () => {
    const { db, lead, admin, deps, ingest } = await world();
    const ids = [await ingest({ metadata: { telemetry: { retentionDays: 1 } } }), await ingest({ metadata: { telemetry: { retentionDays: 1 } } })];
    const [a, b] = await Promise.all([runPurge(deps, lead, { now: days(2) }), runPurge(deps, admin, { now: days(2) })]);
    expect([...a.purged, ...b.purged].sort()).toEqual(ids.sort());
    expect(await db.select().from(bundleTombstones)).toHaveLength(2);
  });

  it('engineers and managers cannot purge', async () => {
    const { db, engineer, deps } = await world();
    const manager = await seedUser(db, 'manager', 'm@test.example');
    await expect(runPurge(deps, engineer, { dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(runPurge(deps, manager, { dryRun: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
