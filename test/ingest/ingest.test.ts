import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBundle, listFindings, listTicketBundles, readDerived } from '@/db/queries/bundles';
import { gunzipSync } from 'node:zlib';
import { buildSkeletonFromDb } from '@/lib/trace-view/store';
import { SpanSpool } from '@/lib/ingest/span-spool';
import { findTicket, listTicketEvents } from '@/db/queries/tickets';
import { bundleLogs, bundles, ingestJobs, series, spans } from '@/db/schema';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { generateGatewayTrace, generateSnapshot, writeBundle } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile, linkBundle, parseBundle } from '@/lib/ingest/service';
import { inspectBundle } from '@/lib/bundle/inspect';
import { SpanIdTable } from '@/lib/bundle/span-table';
import { SpanIds } from '@/lib/bundle/span-ids';
import { layoutSpans } from '@/lib/ingest/tree';
import { skeletonColumns } from '@/lib/ingest/skeleton';
import type { SpanIndex } from '@/lib/bundle/operations';
import { SpanRedactor } from '@/lib/ingest/spans';
import { redactDeep, redactText } from '@/lib/pii';
import { rotateDataKey } from '@/lib/crypto/rotate';
import { encryptedKeyId } from '@/lib/crypto/file-cipher';
import { keyringFor, scratchDir } from '@/lib/ingest/storage';
import { createTicket } from '@/lib/tickets/service';
import { testDb, seedUser } from '../helpers';

const CORPUS = path.resolve(process.cwd(), '../shared/corpus/traces');
const hasCorpus = fs.existsSync(CORPUS);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-ingest-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
// These tests are about the key file of the embedded mode; the Postgres pass sets X400_DATA_KEY
// (distributed mode requires it), so it is set aside here.
const envKey = process.env.X400_DATA_KEY;
beforeEach(() => {
  delete process.env.X400_DATA_KEY;
});
afterEach(() => {
  if (envKey !== undefined) process.env.X400_DATA_KEY = envKey;
});

async function setup() {
  const db = await testDb();
  const engineer = await seedUser(db, 'engineer');
  const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] });
  const deps = { db, storage: { bundleDir: path.join(dir, 'store') } };
  return { db, engineer, ticket, deps };
}

function bundleIn(sub: string, parts: Parameters<typeof writeBundle>[1]) {
  fs.mkdirSync(path.join(dir, sub), { recursive: true });
  return writeBundle(path.join(dir, sub), parts);
}

const storedFiles = () => (fs.existsSync(path.join(dir, 'store')) ? fs.readdirSync(path.join(dir, 'store')).filter((f) => f.endsWith('.zip.enc')) : []);

describe('ingest', () => {
  it('stores a valid bundle, links it, ticks diagnostics, and parses nothing before consent is confirmed', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const b = bundleIn('in', { trace: [...generateGatewayTrace({ spans: 300, seed: 1 })].join(''), snapshot: generateSnapshot({ pointsPerSeries: 50 }) });
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    expect(outcome.status).toBe('stored');
    if (outcome.status !== 'stored') return;
    expect(outcome.bundle).toMatchObject({ id: b.metadata.bundleId, ticketId: ticket.id, consentGranted: true, parseState: 'pending', state: 'active' });
    expect((await db.select().from(spans))).toHaveLength(0);
    expect((await db.select().from(series))).toHaveLength(0);
    expect((await findTicket(db, ticket.id))!.diagnosticsGatheredById).toBe(engineer.id);
    expect(storedFiles()).toEqual([outcome.bundle.storagePath]);
    expect(outcome.bundle.storagePath).toMatch(new RegExp(`^${outcome.bundle.id}\\.[0-9a-f]{12}\\.zip\\.enc$`));

    await expect(parseBundle(deps, outcome.bundle.id)).rejects.toThrow(/not confirmed/);
    await confirmConsent(db, engineer, ticket.id, outcome.bundle.id);
    expect((await findTicket(db, ticket.id))!.consentVerifiedById).toBe(engineer.id);
    const parsed = await parseBundle(deps, outcome.bundle.id);
    expect(parsed).toMatchObject({ parseState: 'parsed', spanCount: 300 });
    const rows = (await db.select().from(spans));
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.pos)).size).toBe(300);
    expect(Math.max(...rows.map((r) => r.pos!))).toBe(299);
    // Rows were inserted with their tree columns: they match the layout of the stored ids.
    const bySeq = [...rows].sort((a, b) => a.seq - b.seq);
    const layout = layoutTree({ traceId: bySeq.map((r) => r.traceId), spanId: bySeq.map((r) => r.spanId), parentSpanId: bySeq.map((r) => r.parentSpanId), startUs: bySeq.map((r) => r.startUs) });
    bySeq.forEach((r, seq) => {
      expect([r.pos, r.depth, r.subtreeSize, r.parentSeq]).toEqual([layout.pos[seq], layout.depth[seq], layout.subtreeSize[seq], layout.parentSeq[seq] >= 0 ? layout.parentSeq[seq] : null]);
    });
    // The skeleton built while parsing is the one the rows give; no spool file is left behind.
    const cached = await readDerived(db, outcome.bundle.id, 'timeline-skeleton:v2');
    const cachedIds = await readDerived(db, outcome.bundle.id, 'timeline-span-ids:v1');
    const fromRows = await buildSkeletonFromDb(db, outcome.bundle.id);
    expect(Buffer.from(gunzipSync(cached!)).equals(Buffer.from(fromRows.skeleton))).toBe(true);
    expect(Buffer.from(gunzipSync(cachedIds!)).equals(Buffer.from(fromRows.ids))).toBe(true);
    expect(fs.readdirSync(scratchDir(deps.storage)).filter((f) => f.endsWith('.spool'))).toEqual([]);
    expect((await db.select().from(series)).length).toBeGreaterThan(3);
    expect((await listTicketEvents(db, ticket.id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['bundle_linked', 'checklist']));
  });

  it('takes the same bytes twice as one bundle, and refuses the same bundleId with other bytes', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const b = bundleIn('a', { trace: { resourceSpans: [] } });
    const first = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    const again = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'api', actor: engineer });
    expect(first.status).toBe('stored');
    expect(again.status).toBe('duplicate');
    expect(again.job.problem).toMatch(/Already have it/);
    const other = bundleIn('b', { metadata: { bundleId: b.metadata.bundleId }, trace: { resourceSpans: [{ scopeSpans: [] }] } });
    const conflict = await ingestBundleFile(deps, { filePath: other.path, fileName: other.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    expect(conflict.status).toBe('rejected');
    expect(conflict.job).toMatchObject({ state: 'failed', problemCode: 'BUNDLE_CONFLICT' });
    expect((await db.select().from(bundles))).toHaveLength(1);
    expect(storedFiles()).toHaveLength(1);
  });

  it('refuses an invalid bundle with its reason and leaves no row and no file', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const b = bundleIn('bad', { omit: ['trace.json'] });
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    expect(outcome.status).toBe('rejected');
    expect(outcome.job).toMatchObject({ state: 'failed', problemCode: 'MISSING_ENTRY' });
    expect(outcome.job.problem).toMatch(/trace\.json/);
    expect((await db.select().from(bundles))).toHaveLength(0);
    expect(storedFiles()).toHaveLength(0);
    expect((await findTicket(db, ticket.id))!.diagnosticsGatheredAt).toBeNull();
  });

  it('quarantines a bundle without consent, and consent cannot be confirmed for it', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const b = bundleIn('nc', { metadata: { telemetry: { enabled: false } } });
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    expect(outcome.status).toBe('stored');
    if (outcome.status !== 'stored') return;
    expect(outcome.bundle).toMatchObject({ state: 'quarantined', consentGranted: false });
    await expect(confirmConsent(db, engineer, ticket.id, outcome.bundle.id)).rejects.toThrow(/no telemetry consent/);
    expect((await findTicket(db, ticket.id))!.consentVerifiedAt).toBeNull();
  });

  it('a manager cannot ingest; an unassigned bundle can be linked later', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const manager = await seedUser(db, 'manager');
    const b = bundleIn('m', {});
    await expect(ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: manager })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const inbox = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: null, source: 'folder', actor: CLI_ACTOR });
    expect(inbox.status).toBe('stored');
    expect((await db.select().from(ingestJobs)).at(-1)?.ticketId).toBeNull();
    await linkBundle(db, engineer, (inbox as { bundle: { id: string } }).bundle.id, ticket.id);
    expect(await listTicketBundles(db, ticket.id)).toHaveLength(1);
  });

  it('stores findings with masked previews and never the raw value in spans', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const trace = {
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-gateway' } }] },
        scopeSpans: [{ spans: [{
          traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'gateway.outbound', kind: 3,
          startTimeUnixNano: '1795729080000000000', endTimeUnixNano: '1795729081000000000',
          attributes: [{ key: 'user.email', value: { stringValue: 'jane.doe@example.com' } }],
          status: { code: 2 },
        }] }],
      }],
    };
    const b = bundleIn('pii', { trace });
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    await confirmConsent(db, engineer, ticket.id, (outcome as { bundle: { id: string } }).bundle.id);
    await parseBundle(deps, b.metadata.bundleId as string);
    const findings = await listFindings(db, b.metadata.bundleId as string);
    expect(findings.map((f) => f.category)).toContain('email');
    const dump = JSON.stringify(await db.select().from(spans)) + JSON.stringify(findings);
    expect(dump).not.toContain('jane.doe@example.com');
    expect(dump).toContain('[redacted:email]');
    expect((await findBundle(db, b.metadata.bundleId as string))!.report).toMatchObject({ metrics: { spans: 1, errorSpans: 1 } });
  });

  it('rotates the data key: every stored file is re-encrypted and still opens', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const b = bundleIn('rot', { trace: [...generateGatewayTrace({ spans: 50, seed: 5 })].join('') });
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    if (outcome.status !== 'stored') throw new Error('not stored');
    const file = path.join(dir, 'store', storedFiles()[0]!);
    const oldKey = encryptedKeyId(file);
    const report = await rotateDataKey(db, { ...deps.storage, keyring: keyringFor(deps.storage) }, CLI_ACTOR);
    expect(report).toMatchObject({ reencrypted: 1, failed: [] });
    expect(report.newKeyId).not.toBe(oldKey);
    expect(encryptedKeyId(file)).toBe(report.newKeyId);
    const keyFile = JSON.parse(fs.readFileSync(path.join(dir, 'x400-data.key'), 'utf8')) as { current: string; keys: Record<string, string> };
    expect(Object.keys(keyFile.keys)).toEqual([report.newKeyId]);
    await confirmConsent(db, engineer, ticket.id, outcome.bundle.id);
    expect((await parseBundle({ ...deps, storage: { bundleDir: deps.storage.bundleDir } }, outcome.bundle.id)).spanCount).toBe(50);
  });

  it('keeps bundle files encrypted at rest and refuses a file changed on disk', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const b = bundleIn('enc', { trace: { resourceSpans: [] }, logs: [{ ts: '2026-11-26T21:00:00Z', level: 'info', msg: 'plain-text-marker-4711', attrs: {} }] });
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    if (outcome.status !== 'stored') throw new Error('not stored');
    const stored = path.join(dir, 'store', storedFiles()[0]!);
    const bytes = fs.readFileSync(stored);
    expect(bytes.subarray(0, 7).toString()).toBe('X4ENC1\n');
    expect(bytes.includes(Buffer.from('metadata.json'))).toBe(false);
    expect(outcome.bundle.keyId).toMatch(/^k-[0-9a-f]{12}$/);
    expect(fs.statSync(path.join(dir, 'x400-data.key')).mode & 0o777).toBe(0o600);
    // Flip one byte in the middle: authentication fails, the bundle is refused, not served.
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(stored, bytes);
    await confirmConsent(db, engineer, ticket.id, outcome.bundle.id);
    const parsed = await parseBundle(deps, outcome.bundle.id);
    expect(parsed.parseState).toBe('failed');
    expect(parsed.parseError).toMatch(/^TAMPERED: .*failed authentication/);
    expect((await db.select().from(spans))).toHaveLength(0);
  });

  it.skipIf(!hasCorpus)('parses the Zipkin corpus file into 663 spans, in one tree', async () => {
    const { db, engineer, ticket, deps } = await setup();
    const trace = fs.readFileSync(path.join(CORPUS, 'zipkin2-smartthings-mobile-web-install.json'));
    const b = bundleIn('z', { trace });
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    await confirmConsent(db, engineer, ticket.id, (outcome as { bundle: { id: string } }).bundle.id);
    const parsed = await parseBundle(deps, b.metadata.bundleId as string);
    expect(parsed.spanCount).toBe(663);
    const rows = (await db.select().from(spans));
    expect(rows.filter((r) => r.error)).toHaveLength(1);
    const root = rows.find((r) => r.pos === 0)!;
    expect(root.depth).toBe(0);
    expect(rows.filter((r) => r.depth === 0).reduce((n, r) => n + r.subtreeSize, 0)).toBe(663);
  });
});

describe('parse on two threads', () => {
  // Small bundles are split too, every other chunk to the worker.
  const split = { parallelFromBytes: 0, parallelSplit: 'alternate', traceChunkBytes: 16 * 1024 } as const;
  const logs = (n: number) => Array.from({ length: n }, (_, i) => ({ ts: `2026-11-26T21:00:${String(i % 60).padStart(2, '0')}Z`, level: i % 5 ? 'info' : 'warn', msg: `line ${i} for alice.smith@example.com`, attrs: {} }));

  async function parseIn(store: string, b: { path: string; fileName: string; metadata: Record<string, unknown> }, inspect?: typeof split) {
    const { db, engineer, ticket } = await setup();
    const deps = { db, storage: { bundleDir: path.join(dir, store) }, inspect };
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    if (outcome.status !== 'stored') throw new Error('not stored');
    await confirmConsent(db, engineer, ticket.id, outcome.bundle.id);
    return { db, deps, parsed: await parseBundle(deps, outcome.bundle.id) };
  }

  it('stores the same rows as the one-thread parse: spans in read order from both spools, series, logs, skeleton', async () => {
    const b = bundleIn('two', { trace: [...generateGatewayTrace({ spans: 2000, seed: 7 })].join(''), snapshot: generateSnapshot({ pointsPerSeries: 40 }), logs: logs(300) });
    const one = await parseIn('store-one', b);
    const two = await parseIn('store-two', b, split);
    expect(two.parsed).toMatchObject({ parseState: 'parsed', spanCount: 2000 });
    const rowsOf = async (db: typeof one.db) => ({
      spans: (await db.select().from(spans)).sort((a, c) => a.seq - c.seq),
      series: (await db.select().from(series)).sort((a, c) => a.idx - c.idx),
      logs: (await db.select().from(bundleLogs)).sort((a, c) => a.seq - c.seq),
    });
    const [a, c] = [await rowsOf(one.db), await rowsOf(two.db)];
    expect(c.spans).toHaveLength(2000);
    expect(c).toEqual(a);
    expect(JSON.stringify(c.logs)).not.toContain('alice.smith@example.com');
    const skeleton = async (db: typeof one.db) => gunzipSync((await readDerived(db, b.metadata.bundleId as string, 'timeline-skeleton:v2'))!);
    expect(Buffer.from(await skeleton(two.db)).equals(Buffer.from(await skeleton(one.db)))).toBe(true);
    expect(fs.readdirSync(scratchDir(two.deps.storage)).filter((f) => f.endsWith('.spool'))).toEqual([]);
  });

  it('hands the worker its share: runs of both threads, the rows the worker read in its own spool', async () => {
    const b = bundleIn('runs', { trace: [...generateGatewayTrace({ spans: 1500, seed: 8 })].join('') });
    const workerSpool = path.join(dir, 'worker.spool');
    let runs: { n: number; worker: boolean }[] = [];
    let onMain = 0;
    await inspectBundle(b.path, { ...split, threads: 2, workerSpool, onSpan: () => { onMain++; }, onSpanIndex: (_index, r) => { runs = r; } });
    const sum = (worker: boolean) => runs.reduce((n, r) => n + (r.worker === worker ? r.n : 0), 0);
    expect(sum(true)).toBeGreaterThan(0);
    expect(sum(false)).toBe(onMain);
    expect(sum(true) + onMain).toBe(1500);
    const spooled = new SpanSpool(workerSpool, sum(true));
    expect([...spooled.read()]).toHaveLength(sum(true));
    spooled.close();
  });

  it('posts the span index and the layout to the skeleton thread without copying them (shared memory)', async () => {
    const b = bundleIn('columns', { trace: [...generateGatewayTrace({ spans: 800, seed: 10 })].join('') });
    let index: SpanIndex | null = null;
    await inspectBundle(b.path, { ...split, threads: 2, workerSpool: path.join(dir, 'columns.spool'), onSpan: () => {}, onSpanIndex: (i) => { index = i; } });
    const spans = index! as SpanIndex;
    const layout = layoutSpans(spans);
    const columns = skeletonColumns(spans, layout);
    const { op, trace, startUs, durationUs, error, pos, depth, parentSeq, spanIds, parentSpanIds } = columns;
    const all = { op, trace, startUs, durationUs, error, pos, depth, parentSeq, spanIdBytes: spanIds.bytes, spanIdEnds: spanIds.ends, parentIdBytes: parentSpanIds.bytes, parentIdEnds: parentSpanIds.ends };
    for (const [name, column] of Object.entries(all)) {
      expect(column.buffer instanceof SharedArrayBuffer, name).toBe(true);
    }
    expect(columns.startUs).toBe(spans.startUs);
    expect(columns.pos).toBe(layout.pos);
    expect(columns.spanIds.bytes.buffer).toBe(spans.spanIds.data().bytes.buffer);
  });

  it('starts over on one thread when the two-thread reading meets a problem, and fails with that problem', async () => {
    const b = bundleIn('bad', { trace: [...generateGatewayTrace({ spans: 1000, seed: 9 })].join(''), logs: [...logs(50).map((l) => JSON.stringify(l)), '[1, 2]'].join('\n') });
    const { db, parsed } = await parseIn('store-bad', b, split);
    expect(parsed.parseState).toBe('failed');
    expect(parsed.parseError).toMatch(/^LOGS_INVALID: logs\.ndjson line 51/);
    expect(await db.select().from(spans)).toHaveLength(0);
    expect(await db.select().from(bundleLogs)).toHaveLength(0);
  });
});

describe('span spool', () => {
  it('gives back every row as appended: strings of any script, nulls, numbers, rows larger than a block', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'x400-spool-')), 'spans.spool');
    const spool = new SpanSpool(file);
    const rows = Array.from({ length: 3000 }, (_, i) => [`t${i}`, i % 3 ? null : 'Ünïcødé ✓ 𝄞', i * 1.5, -i, 'x'.repeat(i % 7 === 0 ? 5000 : 3)]);
    rows.push(['y'.repeat(6 * 1024 * 1024), null, 0, 1, '']);
    for (const r of rows) spool.append(r);
    expect([...spool.read()]).toEqual(rows);
    spool.close();
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('span redaction at parse', () => {
  it('stores what redactDeep and redactText give, for repeated values and keys as for new ones', () => {
    const redactor = new SpanRedactor();
    const attrs = [
      { 'user.email': 'alice.smith@example.com', 'net.peer.name': 'mta4.example.net', note: 'call +44 20 7946 0958', n: 3, ok: true },
      { 'user.email': 'alice.smith@example.com', 'bob.jones@example.org': 'x', list: ['carol.white@example.net', 7], nested: { 'user.email': 'dave@example.com' } },
      { 'user.email': 'not an address', long: `contact ${'x'.repeat(200)} alice.smith@example.com` },
    ];
    for (let round = 0; round < 2; round++) {
      for (const a of attrs) expect(redactor.deep(a)).toEqual(redactDeep(a));
      for (const [text, key] of [['alice.smith@example.com', null], ['alice.smith@example.com', 'user.email'], ['mta4.example.net', 'service.name']] as const) {
        expect(redactor.text(text, key)).toBe(redactText(text, key));
      }
    }
    expect(JSON.stringify(redactor.deep(attrs[0]))).not.toContain('alice.smith@example.com');
  });
});

/**
 * layoutSpans on spans given with trace ids: traces numbered in order of first appearance, as the
 * span index numbers them. `resolved`: with the parents the span index finds (first span of an id).
 */
function layoutTree(input: { traceId: string[]; spanId: string[]; parentSpanId: (string | null)[]; startUs: number[] }, resolved = false) {
  const numbers = new Map(input.traceId.map((t) => [t, 0]));
  const traceIds = [...numbers.keys()];
  traceIds.forEach((t, i) => numbers.set(t, i));
  const trace = Int32Array.from(input.traceId, (t) => numbers.get(t)!);
  const spanIds = SpanIds.from(input.spanId);
  const parentSpanIds = SpanIds.from(input.parentSpanId);
  if (!resolved) return layoutSpans({ trace, traceIds, spanIds, parentSpanIds, startUs: input.startUs });
  const table = new SpanIdTable(trace, spanIds, 'first');
  const parent = Int32Array.from(input.spanId, (_, i) => {
    const p = parentSpanIds.isEmpty(i) ? -1 : table.findId(trace[i]!, parentSpanIds, i);
    return p === i ? -1 : p;
  });
  return layoutSpans({ trace, traceIds, spanIds, parentSpanIds, startUs: input.startUs, parent, repeatedIds: table.repeated });
}

/**
 * `trials` random forests of 1-30 spans over one to three traces, from a seeded generator; `ids`
 * draws each forest's span ids and parent ids (the order of draws is part of the seed's forest).
 */
function* randomForests(seed: number, trials: number, ids: (random: () => number, n: number) => { spanId: string[]; parentSpanId: (string | null)[] }) {
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let trial = 0; trial < trials; trial++) {
    const n = 1 + Math.floor(random() * 30);
    const traces = ['t2', 't1', 't3'].slice(0, 1 + Math.floor(random() * 3));
    const traceId = Array.from({ length: n }, () => traces[Math.floor(random() * traces.length)]!);
    const { spanId, parentSpanId } = ids(random, n);
    yield { traceId, spanId, parentSpanId, startUs: Array.from({ length: n }, () => Math.floor(random() * 8)) };
  }
}

describe('span tree layout', () => {
  it('links a parent by its trace when two traces use the same span id', () => {
    const layout = layoutTree({
      traceId: ['t1', 't2', 't1', 't2'],
      spanId: ['a', 'a', 'b', 'b'],
      parentSpanId: [null, null, 'a', 'a'],
      startUs: [0, 1, 2, 3],
    });
    expect(Array.from(layout.parentSeq)).toEqual([-1, -1, 0, 1]);
    expect(Array.from(layout.pos)).toEqual([0, 2, 1, 3]);
    const orphan = layoutTree({ traceId: ['t1', 't2'], spanId: ['a', 'b'], parentSpanId: [null, 'a'], startUs: [0, 1] });
    expect(Array.from(orphan.orphan)).toEqual([0, 1]);
  });

  it('orders pre-order by start, counts subtrees, keeps orphans as roots and breaks cycles', () => {
    const layout = layoutTree({
      traceId: ['t', 't', 't', 't', 't', 't', 't'],
      spanId: ['a', 'b', 'c', 'd', 'o', 'x', 'y'],
      parentSpanId: [null, 'a', 'a', 'b', 'missing', 'y', 'x'],
      startUs: [0, 20, 10, 25, 5, 1, 2],
    });
    // a(0) > c(10), b(20) > d(25); orphan o(5) is its own root; x <-> y cycle is broken.
    expect(Array.from(layout.pos.slice(0, 5))).toEqual([0, 2, 1, 3, 4]);
    expect(Array.from(layout.subtreeSize.slice(0, 4))).toEqual([4, 2, 1, 1]);
    expect(Array.from(layout.depth.slice(0, 4))).toEqual([0, 1, 1, 2]);
    expect(layout.orphan[4]).toBe(1);
    expect(new Set(layout.pos).size).toBe(7);
  });

  it('matches a plain recursive layout on random forests with repeated ids, orphans and cycles', () => {
    // The reference: Maps, recursion and sorts, as the rules say it (small inputs only).
    const reference = (input: { traceId: string[]; spanId: string[]; parentSpanId: (string | null)[]; startUs: number[] }) => {
      const n = input.spanId.length;
      const last = new Map<string, number>();
      input.spanId.forEach((id, i) => last.set(`${input.traceId[i]}/${id}`, i));
      const parentSeq = input.parentSpanId.map((p, i) => {
        const found = p ? last.get(`${input.traceId[i]}/${p}`) : undefined;
        return found === undefined || found === i ? -1 : found;
      });
      const byStart = (a: number, b: number) => input.startUs[a]! - input.startUs[b]! || a - b;
      const traceStart = new Map<string, number>();
      input.traceId.forEach((t, i) => traceStart.set(t, Math.min(traceStart.get(t) ?? Infinity, input.startUs[i]!)));
      const roots = [...Array(n).keys()].filter((i) => parentSeq[i] === -1).sort((a, b) => {
        const [ta, tb] = [input.traceId[a]!, input.traceId[b]!];
        return ta === tb ? byStart(a, b) : traceStart.get(ta)! - traceStart.get(tb)! || (ta < tb ? -1 : 1);
      });
      const pos = Array(n).fill(-1);
      const depth = Array(n).fill(0);
      const size = Array(n).fill(1);
      let next = 0;
      const visit = (node: number, d: number): number => {
        pos[node] = next++;
        depth[node] = d;
        const kids = [...Array(n).keys()].filter((c) => parentSeq[c] === node && pos[c] === -1).sort(byStart);
        for (const c of kids) if (pos[c] === -1) size[node] += visit(c, d + 1);
        return size[node];
      };
      for (const r of roots) visit(r, 0);
      for (let i = 0; i < n; i++) if (pos[i] === -1) { parentSeq[i] = -1; visit(i, 0); }
      return { pos, depth, subtreeSize: size, parentSeq };
    };
    const forests = randomForests(7, 500, (random, n) => ({
      spanId: Array.from({ length: n }, () => `s${Math.floor(random() * n * 1.2)}`),
      parentSpanId: Array.from({ length: n }, () => (random() < 0.2 ? null : `s${Math.floor(random() * n * 1.3)}`)),
    }));
    for (const input of forests) {
      const got = layoutTree(input);
      const want = reference(input);
      expect({ pos: Array.from(got.pos), depth: Array.from(got.depth), subtreeSize: Array.from(got.subtreeSize), parentSeq: Array.from(got.parentSeq) }, JSON.stringify(input)).toEqual(want);
    }
  });

  it('lays out the same from the parents the span index found when no id repeats, orphans and self-parents included', () => {
    // Unique ids; parents drawn from a wider range, so some are missing and some are the span itself.
    const forests = randomForests(11, 300, (random, n) => ({
      spanId: Array.from({ length: n }, (_, i) => `s${i}`),
      parentSpanId: Array.from({ length: n }, (_, i) => (random() < 0.2 ? null : random() < 0.1 ? `s${i}` : `s${Math.floor(random() * n * 1.3)}`)),
    }));
    for (const input of forests) {
      const looked = layoutTree(input);
      const known = layoutTree(input, true);
      for (const column of ['pos', 'depth', 'subtreeSize', 'parentSeq', 'orphan'] as const) {
        expect(Array.from(known[column]), `${column} of ${JSON.stringify(input)}`).toEqual(Array.from(looked[column]));
      }
    }
  });

  it('handles a 10,000-deep chain without recursion', () => {
    const n = 10_000;
    const layout = layoutTree({
      traceId: Array(n).fill('t'),
      spanId: Array.from({ length: n }, (_, i) => `s${i}`),
      parentSpanId: Array.from({ length: n }, (_, i) => (i === 0 ? null : `s${i - 1}`)),
      startUs: Array.from({ length: n }, (_, i) => i),
    });
    expect(layout.depth[n - 1]).toBe(n - 1);
    expect(layout.subtreeSize[0]).toBe(n);
  });
});
