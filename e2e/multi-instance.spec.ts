// Two console servers (A and B) on one fresh PostgreSQL database and one S3-compatible bucket
// (s3rver), each with its own data and scratch folder, sharing one upload folder: the built app,
// started with `node scripts/start.mjs`. Skipped, saying why, when PostgreSQL does not answer.
// Ports: X400_E2E_PORT + 1 (A), + 2 (B), + 3 (s3rver).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import pg from 'pg';
import { generateGatewayTrace, writeBundle, type BundleParts } from '@/test/support/make-bundle';
import { startS3rver, type TestS3 } from '../test/support/s3rver';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres';
import { E2E } from './support/env';
import { killOwnServers, startOwnServer, type OwnServer } from './support/server';
import { until } from '../test/support/until';

test.describe.configure({ mode: 'serial', timeout: 300_000 });

const PORT_A = E2E.port + 1;
const PORT_B = E2E.port + 2;
const PORT_S3 = E2E.port + 3;
const PASSWORD = 'multi-instance-pass-1';
const ENGINEER = 'engineer@multi.test';

let database: TestDatabase | null = null;
let s3: TestS3 | null = null;
let sql: pg.Client | null = null;
let root: string;
let env: Record<string, string>;
const servers: { A?: OwnServer; B?: OwnServer } = {};
let ticketId = 0;
let session = '';

const dataDirOf = (name: 'A' | 'B') => path.join(root, `instance-${name}`);
const uploadDir = () => path.join(root, 'upload');

async function start(name: 'A' | 'B'): Promise<OwnServer> {
  const server = await startOwnServer(name === 'A' ? PORT_A : PORT_B, dataDirOf(name), { ...env, X400_INSTANCE_ID: `instance-${name}` });
  servers[name] = server;
  return server;
}

/** `from` and `where` of a count over the span rows of bundle $1 (they carry its key, bundle_keys). */
const SPANS_OF_BUNDLE = 'spans where bundle_key = (select id from bundle_keys where bundle_id = $1)';

async function count(query: string, params: unknown[] = []): Promise<number> {
  const { rows } = await sql!.query(query, params);
  return Number(rows[0].n);
}

/**
 * Runs the CLI as an operator would, in distributed mode. Asynchronously: s3rver runs in this
 * process, so a synchronous spawn would block the store the command is talking to.
 */
function cli(args: string[], input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/x400-support.mjs', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, ...env, X400_DATA_DIR: path.join(root, 'cli'), NODE_OPTIONS: '' },
      timeout: 180_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

function bundleFile(parts: BundleParts) {
  const dir = fs.mkdtempSync(path.join(root, 'bundle-'));
  const b = writeBundle(dir, parts);
  return { path: b.path, fileName: b.fileName, bundleId: String(b.metadata.bundleId) };
}

async function upload(server: OwnServer, file: { path: string; fileName: string }): Promise<{ status: number; body: { bundleId?: string; status?: string; error?: string } }> {
  const r = await fetch(`${server.url}/api/tickets/${ticketId}/bundles?name=${encodeURIComponent(file.fileName)}`, {
    method: 'POST',
    headers: { cookie: session, 'content-type': 'application/zip' },
    body: fs.readFileSync(file.path),
  });
  return { status: r.status, body: await r.json() };
}

/** Confirms a bundle's consent on the ticket page of `server`, as an engineer does. */
async function confirmConsentOn(browser: Browser, server: OwnServer, bundleId: string): Promise<void> {
  const context = await browser.newContext({ baseURL: server.url });
  await context.addCookies([{ name: 'x400_session', value: session.split('=')[1]!, url: server.url }]);
  const page = await context.newPage();
  await page.goto(`/tickets/${ticketId}`);
  await page.locator(`[data-bundle-id="${bundleId}"]`).getByTestId('confirm-consent').click();
  await expect(page.locator(`[data-bundle-id="${bundleId}"]`)).not.toContainText('consent to confirm', { timeout: 30_000 });
  await context.close();
}

async function objectsOf(bundleId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of s3!.store.list()) if (o.name.startsWith(bundleId)) out.push(o.name);
  return out;
}

test.beforeAll(async ({ browser }) => {
  // Two servers, a migration and two CLI runs: more than the default hook timeout on a busy machine.
  test.setTimeout(300_000);
  database = await createTestDatabase('x400_dist_e2e');
  if (!database) return;
  s3 = await startS3rver(PORT_S3, 'x400-e2e');
  if (!s3) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-multi-'));
  fs.mkdirSync(uploadDir(), { recursive: true });
  env = {
    X400_DATABASE_URL: database.url,
    X400_DATA_KEY: randomBytes(32).toString('base64'),
    X400_S3_ENDPOINT: s3.endpoint,
    X400_S3_BUCKET: s3.bucket,
    X400_S3_FORCE_PATH_STYLE: '1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    X400_UPLOAD_DIR: uploadDir(),
    X400_INSTANCE_STALE_SECONDS: '6',
    X400_ROLE: 'all',
  };
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  // A starts first (it migrates and creates the admin), then B on the same database.
  await start('A');
  await start('B');
  // Seed through the CLI in distributed mode: an engineer and a ticket.
  const user = await cli(['user', 'add', '--email', ENGINEER, '--role', 'engineer', '--json'], `${PASSWORD}\n`);
  expect(user.status, user.stderr).toBe(0);
  const ticket = await cli(['ticket', 'create', '--customer', 'Multi Co', '--contact', 'ops@multi.example', '--severity', '2', '--summary', 'Two instances', '--component', 'gateway', '--reported-at', new Date().toISOString(), '--json']);
  expect(ticket.status, ticket.stderr).toBe(0);
  ticketId = JSON.parse(ticket.stdout).id;
  // Sign in through A's form; the session lives in the database, so B honours it too.
  const context = await browser.newContext({ baseURL: servers.A!.url });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(ENGINEER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  const cookie = (await context.cookies()).find((c) => c.name === 'x400_session');
  session = `x400_session=${cookie!.value}`;
  await context.close();
});

test.afterAll(async () => {
  await killOwnServers();
  await sql?.end().catch(() => {});
  await s3?.close();
  await database?.drop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

test.beforeEach(() => {
  test.skip(!database, 'PostgreSQL does not answer (X400_TEST_PG_URL, default postgres://x400:x400@127.0.0.1:5432/postgres): the multi-instance test needs it');
  test.skip(!s3, `s3rver could not start on 127.0.0.1:${PORT_S3}`);
});

test('upload through A and confirm consent: parsed once, and B serves its trace', async ({ browser }) => {
  const b = bundleFile({ trace: [...generateGatewayTrace({ spans: 2000, seed: 21 })].join('') });
  const up = await upload(servers.A!, b);
  expect(up.status, up.body.error).toBe(201);
  await confirmConsentOn(browser, servers.A!, b.bundleId);
  await until('the parse', async () => (await count(`select count(*) n from bundles where id = $1 and parse_state = 'parsed'`, [b.bundleId])) === 1, 120_000);
  expect(await count(`select count(*) n from audit_log where action = 'bundle.parsed' and target_id = $1`, [b.bundleId])).toBe(1);
  expect(await count(`select count(*) n from ${SPANS_OF_BUNDLE}`, [b.bundleId])).toBe(2000);
  const skeleton = await fetch(`${servers.B!.url}/api/bundles/${b.bundleId}/skeleton`, { headers: { cookie: session } });
  expect(skeleton.status).toBe(200);
  const page = await (await browser.newContext({ baseURL: servers.B!.url })).newPage();
  await page.context().addCookies([{ name: 'x400_session', value: session.split('=')[1]!, url: servers.B!.url }]);
  await page.goto(`/tickets/${ticketId}`);
  await expect(page.locator(`[data-bundle-id="${b.bundleId}"]`)).toContainText('2,000 spans');
  expect(await objectsOf(b.bundleId)).toHaveLength(1);
});

test('kill -9 A during a 150k-span parse: B finishes it, exactly 150k spans, no duplicates', async ({ browser }) => {
  // Only A runs workers while the parse starts, so A is the one holding it.
  await servers.B!.kill();
  const big = bundleFile({ trace: generateGatewayTrace({ spans: 150_000, seed: 22 }) });
  const up = await upload(servers.A!, big);
  expect(up.status, up.body.error).toBe(201);
  await confirmConsentOn(browser, servers.A!, big.bundleId);
  // The parse spools its rows and inserts them at the end, so A is killed while it holds the parse.
  await until('A to be parsing', async () => (await count(`select count(*) n from bundles where id = $1 and parse_owner = 'instance-A' and parse_state = 'parsing'`, [big.bundleId])) === 1, 120_000);
  await new Promise((r) => setTimeout(r, 1500));
  await servers.A!.kill(); // SIGKILL to its process group
  const partial = await count(`select count(*) n from ${SPANS_OF_BUNDLE}`, [big.bundleId]);
  expect(partial).toBeLessThan(150_000);
  await start('B');
  await until('B to finish the parse', async () => (await count(`select count(*) n from bundles where id = $1 and parse_state = 'parsed'`, [big.bundleId])) === 1, 240_000);
  expect(await count(`select count(*) n from ${SPANS_OF_BUNDLE}`, [big.bundleId])).toBe(150_000);
  expect(await count(`select count(distinct seq) n from ${SPANS_OF_BUNDLE}`, [big.bundleId])).toBe(150_000);
  expect(await count(`select span_count n from bundles where id = $1`, [big.bundleId])).toBe(150_000);
  expect(servers.B!.log()).toMatch(/instance-A taken over/);
  await start('A');
});

test('20 concurrent uploads of one bundle split across A and B: one bundle row, one object', async () => {
  const b = bundleFile({ trace: [...generateGatewayTrace({ spans: 3000, seed: 23 })].join('') });
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => upload(i % 2 ? servers.B! : servers.A!, b)));
  expect(results.map((r) => r.status).sort((x, y) => x - y)).toEqual([...Array(19).fill(200), 201]);
  expect(new Set(results.map((r) => r.body.bundleId))).toEqual(new Set([b.bundleId]));
  expect(await count(`select count(*) n from bundles where id = $1`, [b.bundleId])).toBe(1);
  expect(await objectsOf(b.bundleId)).toHaveLength(1);
  const row = await sql!.query('select storage_path from bundles where id = $1', [b.bundleId]);
  expect(await objectsOf(b.bundleId)).toEqual([row.rows[0].storage_path]);
});

test('50 files dropped in the upload folder shared by A and B: each ingested exactly once', async () => {
  const names: string[] = [];
  const staging = fs.mkdtempSync(path.join(root, 'drop-'));
  for (let i = 0; i < 50; i++) {
    const createdAt = new Date(Date.UTC(2026, 10, 27, 8, 0, i)).toISOString().replace('.000', '');
    const f = writeBundle(staging, { metadata: { createdAt, channel: 'ui' }, trace: [...generateGatewayTrace({ spans: 50, seed: 300 + i })].join('') });
    names.push(f.fileName);
  }
  // Appear at once: renamed in from the same filesystem.
  for (const name of names) fs.renameSync(path.join(staging, name), path.join(uploadDir(), name));
  await until('all 50 ingested', async () => (await count(`select count(*) n from ingest_jobs where source = 'folder' and state = 'done'`)) >= 50, 120_000);
  expect(await count(`select count(*) n from ingest_jobs where source = 'folder'`)).toBe(50);
  expect(await count(`select count(distinct file_name) n from ingest_jobs where source = 'folder'`)).toBe(50);
  expect(await count(`select count(*) n from ingest_jobs where source = 'folder' and stage = 'stored'`)).toBe(50);
  const owners = await sql!.query(`select instance_id, count(*) n from ingest_jobs where source = 'folder' group by instance_id`);
  expect(owners.rows.reduce((n, r) => n + Number(r.n), 0)).toBe(50);
  expect(fs.readdirSync(uploadDir()).filter((n) => n.endsWith('.zip'))).toEqual([]);
});

test('the CLI doors work unchanged in distributed mode', async () => {
  const b = bundleFile({ trace: [...generateGatewayTrace({ spans: 500, seed: 24 })].join('') });
  const ingest = await cli(['ingest', b.path, '--ticket', String(ticketId), '--json']);
  expect(ingest.status, ingest.stderr).toBe(0);
  expect(JSON.parse(ingest.stdout)).toMatchObject({ status: 'stored', bundleId: b.bundleId, ticketId });
  const consent = await cli(['ticket', 'consent', '--ticket', String(ticketId), '--bundle', b.bundleId, '--by', ENGINEER, '--json']);
  expect(consent.status, consent.stderr).toBe(0);
  expect(JSON.parse(consent.stdout)).toMatchObject({ bundleId: b.bundleId, parseState: 'parsed', spans: 500 });
  expect(await objectsOf(b.bundleId)).toHaveLength(1);
  const plan = await cli(['purge', '--dry-run', '--json']);
  expect(plan.status, plan.stderr).toBe(0);
  expect(JSON.parse(plan.stdout)).toMatchObject({ dryRun: true });
  const purge = await cli(['purge', '--json']);
  expect(purge.status, purge.stderr).toBe(0);
  const rotate = await cli(['keys', 'rotate', '--json']);
  expect(rotate.status, rotate.stderr).toBe(0);
  expect(JSON.parse(rotate.stdout).failed).toEqual([]);
  // The bundle still opens after the rotation: B serves its trace.
  const skeleton = await fetch(`${servers.B!.url}/api/bundles/${b.bundleId}/skeleton`, { headers: { cookie: session } });
  expect(skeleton.status).toBe(200);
});
