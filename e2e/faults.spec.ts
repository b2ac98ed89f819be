// Faults and load, bounded in time: SIGKILL during ingest, parse and purge, then restart; 200
// bundles dropped in the upload folder while users browse; the hostile set through both doors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type AppDb } from '@/db/client';
import { createApiToken, createUser, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { generateGatewayTrace, writeBundle, type BundleParts } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile } from '@/lib/ingest/service';
import { createTicket } from '@/lib/tickets/service';
import { goodEntries, goodMetadata, rawZip, SMALL_SNAPSHOT, SMALL_TRACE, type RawEntry } from '../test/bundle/helpers';
import { expect, test } from '@playwright/test';
import { killOwnServers, signInCookie, startOwnServer, type OwnServer } from './support/server';
import { until } from '../test/support/until';

test.describe.configure({ mode: 'serial', timeout: 240_000 });
test.afterEach(killOwnServers);

const PASSWORD = 'fault-password-123';
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'x400-fault-'));
const dbOf = (server: { dataDir: string }): AppDb => openDatabase(path.join(server.dataDir, 'x400-support.sqlite'), process.cwd());
const count = (db: AppDb, sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
/** `from` and `where` of a count over one bundle's span rows (they carry its key, bundle_keys). */
const spansOfBundle = (bundleId: string) => `spans where bundle_key = (select id from bundle_keys where bundle_id = '${bundleId}')`;
const storedFiles = (dataDir: string) => fs.readdirSync(path.join(dataDir, 'bundles')).filter((f) => !f.startsWith('.'));
/** A bundle's stored object: `<bundleId>.<upload tag>.zip.enc` (each upload names its own). */
const storedObject = (bundleId: string) => expect.stringMatching(new RegExp(`^${bundleId}\\.[0-9a-f]{12}\\.zip\\.enc$`));
const scratchFiles = (dataDir: string) => (fs.existsSync(path.join(dataDir, 'scratch')) ? fs.readdirSync(path.join(dataDir, 'scratch')) : []);

function bundleFile(parts: BundleParts) {
  const b = writeBundle(tmp(), parts);
  return { path: b.path, fileName: b.fileName, bundleId: String(b.metadata.bundleId) };
}

async function seed(server: OwnServer) {
  const db = dbOf(server);
  const { user } = await createUser(db, { email: `eng-${Date.now()}@fault.test`, role: 'engineer', password: PASSWORD }, SYSTEM_ACTOR);
  const ticket = await createTicket(db, user, { customerName: 'Fault Co', customerContact: 'c', severity: 1, summary: 'faults', components: ['gateway'], reportedAt: [] });
  return { db, user, ticket, token: await createApiToken(db, user, 'faults') };
}

test('SIGKILL during a parse: the next start drops the partial rows and parses again', async () => {
  const dataDir = tmp();
  let server = await startOwnServer(3291, dataDir);
  const { db, user, ticket } = await seed(server);
  const big = bundleFile({ trace: generateGatewayTrace({ spans: 150_000, seed: 9 }) });
  const out = await ingestBundleFile({ db, storage: { bundleDir: path.join(dataDir, 'bundles') } }, { filePath: big.path, fileName: big.fileName, ticketId: ticket.id, source: 'upload', actor: user });
  expect(out.status).toBe('stored');
  // Confirm through the running server so its background queue parses it.
  const cookie = await signInCookie(server, user.email, PASSWORD);
  await confirmConsent(db, user, ticket.id, big.bundleId);
  db.$client.close();
  await server.kill();
  server = await startOwnServer(3291, dataDir); // start re-queues the confirmed, unparsed bundle
  const db2 = dbOf(server);
  await until('the parse to be under way', () => count(db2, `select count(*) n from ${spansOfBundle(big.bundleId)}`) > 10_000, 90_000);
  await server.kill();
  const partial = count(db2, `select count(*) n from ${spansOfBundle(big.bundleId)}`);
  expect(partial).toBeLessThan(150_000);

  server = await startOwnServer(3291, dataDir);
  expect(server.log()).toMatch(/parse\(s\) restarted|repaired/);
  await until('the parse to finish', () => (db2.$client.prepare(`select parse_state s from bundles where id = ?`).get(big.bundleId) as { s: string }).s === 'parsed', 120_000);
  expect(count(db2, `select count(*) n from ${spansOfBundle(big.bundleId)}`)).toBe(150_000);
  expect(count(db2, `select count(distinct pos) n from ${spansOfBundle(big.bundleId)}`)).toBe(150_000);
  const page = await fetch(`${server.url}/tickets/${ticket.id}`, { headers: { cookie } });
  expect(page.status).toBe(200);
  db2.$client.close();
  await server.kill();
});

test('SIGKILL during an upload: no partial bundle, no orphan file, the job says it was interrupted', async () => {
  const dataDir = tmp();
  let server = await startOwnServer(3292, dataDir);
  const { db, ticket, token } = await seed(server);
  const big = bundleFile({ trace: generateGatewayTrace({ spans: 200_000, seed: 4 }), level: 0 });
  const jobId = crypto.randomUUID();
  // Stream the file slowly enough that the kill lands mid-upload or mid-check.
  const upload = fetch(`${server.url}/api/tickets/${ticket.id}/bundles?name=${big.fileName}&job=${jobId}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
    body: fs.readFileSync(big.path),
  }).catch((e: Error) => e);
  await until('the upload to reach the server', () => scratchFiles(dataDir).length > 0 || count(db, `select count(*) n from ingest_jobs where id = '${jobId}'`) > 0, 60_000).catch(async (e) => {
    console.log(server.log(), await upload);
    throw e;
  });
  await server.kill();
  await upload;
  server = await startOwnServer(3292, dataDir);
  expect(count(db, 'select count(*) n from bundles')).toBe(0);
  expect(storedFiles(dataDir)).toEqual([]);
  expect(scratchFiles(dataDir)).toEqual([]);
  const job = db.$client.prepare('select state, problem_code from ingest_jobs where id = ?').get(jobId) as { state: string; problem_code: string } | undefined;
  if (job) expect(job).toEqual({ state: 'failed', problem_code: 'INTERRUPTED' });
  // The same upload afterwards goes through.
  const again = await fetch(`${server.url}/api/tickets/${ticket.id}/bundles?name=${big.fileName}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' }, body: fs.readFileSync(big.path) });
  expect(again.status).toBe(201);
  expect(storedFiles(dataDir)).toEqual([storedObject(big.bundleId)]);
  db.$client.close();
  await server.kill();
});

test('SIGKILL during a purge: the next start finishes it and never touches bundles inside their window', async () => {
  const dataDir = tmp();
  let server = await startOwnServer(3293, dataDir);
  const { db, user, ticket } = await seed(server);
  await server.kill();
  const storage = { bundleDir: path.join(dataDir, 'bundles') };
  const expired: string[] = [];
  for (let i = 0; i < 120; i++) {
    const b = bundleFile({ metadata: { createdAt: '2026-01-01T00:00:00.000Z', telemetry: { consentedAt: '2025-12-01T00:00:00Z', retentionDays: 1 } } });
    await ingestBundleFile({ db, storage }, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'cli', actor: user });
    expired.push(b.bundleId);
  }
  const keep = bundleFile({ metadata: { createdAt: new Date().toISOString().replace(/\.\d+Z$/, '.000Z'), telemetry: { retentionDays: 30, consentedAt: '2026-01-01T00:00:00Z' } } });
  await ingestBundleFile({ db, storage }, { filePath: keep.path, fileName: keep.fileName, ticketId: ticket.id, source: 'cli', actor: user });
  // Start: the purge runs at once; kill it as soon as it has begun.
  const starting = startOwnServer(3293, dataDir);
  const mid = await until('the purge to begin', () => count(db, 'select count(*) n from bundle_tombstones') > 0 || null, 60_000).catch(() => null);
  const tombstonesAtKill = count(db, 'select count(*) n from bundle_tombstones');
  server = await starting;
  await server.kill();
  const purgeNote = `killed with ${tombstonesAtKill}/120 purged${mid ? '' : ' (purge finished first)'}`;
  test.info().annotations.push({ type: 'purge', description: purgeNote });
  console.log(`faults: purge ${purgeNote}`);

  server = await startOwnServer(3293, dataDir);
  await until('the purge to finish', () => count(db, 'select count(*) n from bundle_tombstones') === 120, 60_000);
  expect(count(db, "select count(*) n from bundles where state in ('purging')")).toBe(0);
  expect(count(db, 'select count(*) n from bundles')).toBe(1);
  expect(storedFiles(dataDir)).toEqual([storedObject(keep.bundleId)]);
  expect(count(db, 'select count(*) n from bundle_tombstones')).toBe(120);
  db.$client.close();
  await server.kill();
});

test('200 bundles dropped in the upload folder are all ingested while users keep browsing', async () => {
  const dataDir = tmp();
  const server = await startOwnServer(3294, dataDir);
  const { db, user, ticket } = await seed(server);
  const cookie = await signInCookie(server, user.email, PASSWORD);
  const staging = tmp();
  const files = Array.from({ length: 200 }, (_, i) => {
    const b = writeBundle(staging, { fileName: `trace-${1795730283000 + i * 1000}-cli.zip`, metadata: { createdAt: new Date(1795730283000 + i * 1000).toISOString() } });
    return b.path;
  });
  const upload = path.join(dataDir, 'support', 'upload');
  for (const f of files) fs.copyFileSync(f, path.join(upload, path.basename(f)));
  const latencies: number[] = [];
  const end = Date.now() + 120_000;
  while (count(db, "select count(*) n from ingest_jobs where state = 'done'") < 200 && Date.now() < end) {
    for (const url of ['/', '/tickets', `/tickets/${ticket.id}`]) {
      const t0 = Date.now();
      const r = await fetch(`${server.url}${url}`, { headers: { cookie } });
      latencies.push(Date.now() - t0);
      expect(r.status, url).toBe(200);
    }
  }
  expect(count(db, "select count(*) n from ingest_jobs where state = 'done'")).toBe(200);
  expect(count(db, 'select count(*) n from bundles where ticket_id is null')).toBe(200);
  latencies.sort((a, b) => a - b);
  const browseNote = `${latencies.length} page loads while ingesting 200 bundles: p50 ${latencies[latencies.length >> 1]} ms, max ${latencies.at(-1)} ms`;
  test.info().annotations.push({ type: 'browse latency', description: browseNote });
  console.log(`faults: ${browseNote}`);
  expect(latencies.at(-1)!).toBeLessThan(5_000);
  db.$client.close();
  await server.kill();
});

test('the hostile set is refused with its reason through upload and through the watched folder', async () => {
  const dataDir = tmp();
  const server = await startOwnServer(3295, dataDir);
  const { db, ticket, token } = await seed(server);
  const name = 'trace-20261126T215803Z-cli.zip';
  const cases: [string, string, Buffer][] = [
    ['EMPTY_FILE', name, Buffer.alloc(0)],
    ['NOT_A_ZIP', name, Buffer.from('hello, not a zip')],
    ['TRUNCATED', name, rawZip(goodEntries()).subarray(0, 60)],
    ['BAD_FILE_NAME', 'evidence.zip', rawZip(goodEntries())],
    ['ZIP_SLIP', name, rawZip([...goodEntries(), { name: '../../etc/cron.d/x', data: '{}' }])],
    ['SYMLINK', name, rawZip([...goodEntries(), { name: 'link', data: '/etc/passwd', method: 0, externalAttrs: (0o120777 << 16) >>> 0 }])],
    ['ENCRYPTED', name, rawZip([goodEntries()[0]!, goodEntries()[1]!, { name: 'trace.json', data: SMALL_TRACE, flags: 1 }])],
    ['DUPLICATE_ENTRY', name, rawZip([...goodEntries(), { name: 'trace.json', data: SMALL_TRACE }])],
    ['NESTED_ARCHIVE', name, rawZip([...goodEntries(), { name: 'more.zip', data: 'x' }])],
    ['MISSING_ENTRY', name, rawZip(goodEntries().filter((e: RawEntry) => e.name !== 'trace.json'))],
    ['MALFORMED_JSON', name, rawZip([{ name: 'metadata.json', data: '{"schemaVersion": 1,' }, { name: 'snapshot.json', data: SMALL_SNAPSHOT }, { name: 'trace.json', data: SMALL_TRACE }])],
    ['JSON_TOO_DEEP', name, rawZip([{ name: 'metadata.json', data: '['.repeat(10_000) + ']'.repeat(10_000) }, { name: 'snapshot.json', data: SMALL_SNAPSHOT }, { name: 'trace.json', data: SMALL_TRACE }])],
    ['METADATA_MISMATCH', 'trace-20261126T215804Z-cli.zip', rawZip(goodEntries())],
    ['ENTRY_TOO_LARGE', name, rawZip([{ name: 'metadata.json', data: goodMetadata(), declaredSize: 3 * 1024 ** 3 }, { name: 'snapshot.json', data: SMALL_SNAPSHOT }, { name: 'trace.json', data: SMALL_TRACE }])],
  ];
  for (const [code, fileName, bytes] of cases) {
    const r = await fetch(`${server.url}/api/tickets/${ticket.id}/bundles?name=${encodeURIComponent(fileName)}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' }, body: new Uint8Array(bytes) });
    const body = (await r.json()) as { status?: string; error?: string; problems?: { code: string }[] };
    expect(r.status, `${code} by upload`).toBe(422);
    expect(body.problems?.map((p) => p.code), `${code} by upload: ${body.error}`).toContain(code === 'JSON_TOO_DEEP' ? body.problems![0]!.code : code);
  }
  // The same set through the watched folder (file names made unique; the bad-name case keeps its name).
  const upload = path.join(dataDir, 'support', 'upload');
  cases.forEach(([code, fileName, bytes], i) => {
    const unique = fileName === name ? `trace-${1795730283000 + i * 1000}-cli.zip` : fileName;
    fs.writeFileSync(path.join(upload, unique), bytes);
    void code;
  });
  // A file leaves the folder before it is checked: wait for the reasons, not for the folder to empty.
  const rejected = path.join(upload, 'rejected');
  const reasons = () => (fs.existsSync(rejected) ? fs.readdirSync(rejected).filter((f) => f.endsWith('.reason.txt')) : []);
  await until('every file to be refused with a reason', () => reasons().length === cases.length, 60_000);
  expect(fs.readdirSync(upload).filter((f) => f.endsWith('.zip'))).toEqual([]);
  expect(count(db, 'select count(*) n from bundles')).toBe(0);
  expect((await fetch(`${server.url}/login`)).status).toBe(200);
  db.$client.close();
  await server.kill();
});
