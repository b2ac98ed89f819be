// Crash repair per instance: an instance repairs its own unfinished work and a dead instance's,
// never a live one's; it deletes only scratch files it recognises; a parse taken over from an
// instance taken for dead stops without touching the new owner's rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBundle, findIngestJob } from '@/db/queries/bundles';
import { listInstances, upsertInstance } from '@/db/queries/instances';
import { bundles, spans } from '@/db/schema';
import { spansOf } from '@/db/queries/spans';
import { generateGatewayTrace, writeBundle } from '@/test/support/make-bundle';
import { repairAtStart, repairStaleInstances } from '@/lib/ingest/repair';
import { confirmConsent, ingestBundleFile, parseBundle, startIngestJob } from '@/lib/ingest/service';
import { incomingPath } from '@/lib/ingest/storage';
import { createTicket } from '@/lib/tickets/service';
import { memoryDb, seedUser } from '../helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-repair-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const NOW = new Date(); // parseBundle reads the clock itself
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

async function setup() {
  const db = memoryDb();
  const engineer = await seedUser(db, 'engineer');
  const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] });
  const storage = { bundleDir: path.join(dir, 'store') };
  for (const [id, beat] of [['A', ago(2)], ['B', ago(120)], ['C', ago(1)]] as const) {
    await upsertInstance(db, { id, host: 'h', pid: 1, role: 'all', startedAt: ago(3600), heartbeatAt: beat });
  }
  return { db, engineer, ticket, storage };
}

async function storedBundle(ctx: Awaited<ReturnType<typeof setup>>, spansN = 200, seed = 1) {
  fs.mkdirSync(path.join(dir, 'in'), { recursive: true });
  const b = writeBundle(path.join(dir, 'in'), { trace: [...generateGatewayTrace({ spans: spansN, seed })].join('') });
  const out = await ingestBundleFile({ db: ctx.db, storage: ctx.storage, instanceId: 'C' }, { filePath: b.path, fileName: b.fileName, ticketId: ctx.ticket.id, source: 'api', actor: ctx.engineer });
  if (out.status !== 'stored') throw new Error(out.status);
  await confirmConsent(ctx.db, ctx.engineer, ctx.ticket.id, out.bundle.id);
  return out.bundle.id;
}

const parsingAs = async (db: ReturnType<typeof memoryDb>, id: string, owner: string | null) =>
  await db.update(bundles).set({ parseState: 'parsing', parseOwner: owner, parseProgress: 0.4 }).where(eq(bundles.id, id));

describe('crash repair per instance', () => {
  it('repairs its own and a dead instance’s work, never a live one’s, and only scratch files it recognises', async () => {
    const ctx = await setup();
    const { db, engineer, ticket, storage } = ctx;
    const job = async (owner: string) => (await startIngestJob(db, { fileName: `${owner}.zip`, size: 1, ticketId: ticket.id, source: 'api', actor: engineer, instanceId: owner })).id;
    const jobs = { A: await job('A'), B: await job('B'), C: await job('C') };
    const parses = { A: await storedBundle(ctx, 50, 1), B: await storedBundle(ctx, 50, 2), C: await storedBundle(ctx, 50, 3) };
    for (const [owner, id] of Object.entries(parses)) await parsingAs(db, id, owner);
    const scratch = [incomingPath(storage, 'upload.zip'), incomingPath(storage, 'sealed')];
    for (const f of scratch) fs.writeFileSync(f, 'x');
    const foreign = path.join(path.dirname(scratch[0]!), 'operator-notes.txt');
    fs.writeFileSync(foreign, 'not ours');

    const report = await repairAtStart(db, storage, { instanceId: 'C', staleBefore: ago(30), includeUnowned: false }, NOW);

    expect(report.jobsFailed).toBe(2);
    expect(await findIngestJob(db, jobs.C)).toMatchObject({ state: 'failed', problemCode: 'INTERRUPTED' });
    expect(await findIngestJob(db, jobs.B)).toMatchObject({ state: 'failed', problemCode: 'INTERRUPTED' });
    expect((await findIngestJob(db, jobs.A))?.state).toBe('received');
    expect(report.parsesRequeued.sort()).toEqual([parses.B, parses.C].sort());
    expect(await findBundle(db, parses.A)).toMatchObject({ parseState: 'parsing', parseOwner: 'A' });
    expect(await findBundle(db, parses.B)).toMatchObject({ parseState: 'pending', parseOwner: null });
    expect(report.instancesTakenOver).toEqual(['B']);
    expect((await listInstances(db)).map((i) => i.id).sort()).toEqual(['A', 'C']);
    expect(report.scratchFilesRemoved).toBe(2);
    expect(scratch.some((f) => fs.existsSync(f))).toBe(false);
    expect(fs.existsSync(foreign)).toBe(true);

    // A second instance repairing at the same moment finds nothing left to take.
    const again = await repairStaleInstances(db, { instanceId: 'A', staleBefore: ago(30), includeUnowned: false }, NOW);
    expect(again).toMatchObject({ jobsFailed: 0, parsesRequeued: [], instancesTakenOver: [] });
  });

  it('a parse held by a live instance is left to it; held by a dead one, it is taken over and finished exactly once', async () => {
    const ctx = await setup();
    const id = await storedBundle(ctx, 3000, 7);
    await parsingAs(ctx.db, id, 'A');
    const asC = { db: ctx.db, storage: ctx.storage, instanceId: 'C', instanceStaleSeconds: 30 };
    expect((await parseBundle(asC, id)).parseState).toBe('parsing');
    expect((await findBundle(ctx.db, id))?.parseOwner).toBe('A');
    await upsertInstance(ctx.db, { id: 'A', host: 'h', pid: 1, role: 'all', startedAt: ago(3600), heartbeatAt: ago(120) });
    const parsed = await parseBundle(asC, id);
    expect(parsed).toMatchObject({ parseState: 'parsed', spanCount: 3000, parseOwner: null });
    expect((await ctx.db.select().from(spans).where(spansOf(id)))).toHaveLength(3000);
  });

  it('an instance whose parse was taken over stops and leaves the new owner’s rows alone', async () => {
    const ctx = await setup();
    const id = await storedBundle(ctx, 20000, 9);
    let takenOver = false;
    const zombie = await parseBundle({ db: ctx.db, storage: ctx.storage, instanceId: 'A' }, id, () => {
      if (takenOver) return;
      takenOver = true;
      // Meanwhile C took A for dead and claimed the parse.
      ctx.db.update(bundles).set({ parseOwner: 'C', parseProgress: 0 }).where(eq(bundles.id, id)).run();
    });
    expect(takenOver).toBe(true);
    expect(zombie).toMatchObject({ parseState: 'parsing', parseOwner: 'C' });
    const row = (await findBundle(ctx.db, id))!;
    expect(row.parseError).toBeNull();
    expect(row.spanCount).toBe(0);
  });
});
