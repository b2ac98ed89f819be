import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { bundles, tickets } from '@/db/schema';
import { createApiToken } from '@/lib/auth/accounts';
import { writeBundle, type BundleParts } from '@/test/support/make-bundle';
import { expect, test } from './fixtures';
import { E2E } from './support/env';

function bundleFile(parts: BundleParts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-e2e-sec-'));
  const b = writeBundle(dir, parts);
  return { path: b.path, fileName: b.fileName, bundleId: String(b.metadata.bundleId) };
}

// Known personal data planted in a bundle: none of it may come back out anywhere.
const PLANTED = {
  email: 'leak.canary@victim-corp.example',
  card: '4111 1111 1111 1111',
  ssn: '078-05-1120',
  phone: '+1 415 555 0137',
  password: 'hunter2-canary-pass',
};

function plantedTrace() {
  const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'x400-gateway')] },
        scopeSpans: [
          {
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: `gateway.outbound to ${PLANTED.email}`,
                kind: 3,
                startTimeUnixNano: '1795729080000000000',
                endTimeUnixNano: '1795729081000000000',
                status: { code: 2, message: `delivery to ${PLANTED.phone} failed` },
                attributes: [attr('user.email', PLANTED.email), attr('payment.card', PLANTED.card), attr('customer.ssn', PLANTED.ssn), attr('db.password', PLANTED.password), attr('x400.error.code', 'X400-2102')],
                events: [{ timeUnixNano: '1795729080500000000', name: 'exception', attributes: [attr('exception.message', `card ${PLANTED.card} declined for ${PLANTED.email}`)] }],
              },
            ],
          },
        ],
      },
    ],
  };
}

test('personal data planted in a bundle never reaches the HTML, the API, the database or the logs', async ({ page, request, db, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer');
  const ticketId = await makeTicket(engineer, { summary: 'Leak check' });
  const bundle = bundleFile({
    trace: plantedTrace(),
    logs: [{ ts: '2026-11-26T21:40:00Z', level: 'error', msg: `bounce for ${PLANTED.email}`, attrs: { phone: PLANTED.phone } }],
    snapshot: { capturedAt: '2026-11-26T21:58:00Z', intervalSeconds: 10, series: [{ name: 'queue.depth', unit: 'messages', labels: { queue: 'outbound', owner: PLANTED.email }, points: [[1795729080000, 3]] }] },
  });
  const token = await createApiToken(db, engineer, 'leak test');
  const upload = await request.post(`/api/tickets/${ticketId}/bundles`, {
    multipart: { file: { name: bundle.fileName, mimeType: 'application/zip', buffer: fs.readFileSync(bundle.path) } },
    headers: { authorization: `Bearer ${token}` },
  });
  expect(upload.status()).toBe(201);

  await signInAs(page, engineer);
  await page.goto(`/tickets/${ticketId}`);
  await page.getByTestId('confirm-consent').click();
  await expect(page.locator(`[data-bundle-id="${bundle.bundleId}"]`)).toHaveAttribute('data-parse-state', 'parsed', { timeout: 30_000 });

  const seen: string[] = [];
  for (const url of [`/tickets/${ticketId}`, `/bundles/${bundle.bundleId}`, `/bundles/${bundle.bundleId}/trace`, `/bundles/${bundle.bundleId}/snapshot`]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBeLessThan(400);
    seen.push(await response.text());
  }
  await page.goto(`/bundles/${bundle.bundleId}`);
  seen.push(await page.content());
  await expect(page.getByText('[redacted:email]').or(page.getByText(/email/)).first()).toBeVisible();
  seen.push(await (await page.request.get(`/api/tickets`)).text());
  seen.push(await (await page.request.get(`/api/bundles/${bundle.bundleId}/spans/0`)).text());

  // Every table of the database, blobs included.
  const sqlite = db.$client;
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name);
  for (const table of tables) {
    for (const row of sqlite.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
      seen.push(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)));
    }
  }
  seen.push(fs.readFileSync(path.join(E2E.dataDir, 'server.log'), 'utf8'));
  for (const file of fs.readdirSync(path.join(E2E.dataDir, 'bundles')).filter((f) => f.endsWith('.enc'))) {
    seen.push(fs.readFileSync(path.join(E2E.dataDir, 'bundles', file)).toString('latin1'));
  }

  const everything = seen.join('\n');
  for (const [kind, value] of Object.entries(PLANTED)) {
    const where = seen.filter((part) => part.includes(value)).map((part) => part.slice(Math.max(0, part.indexOf(value) - 120), part.indexOf(value) + 40));
    expect(where, `${kind} leaked`).toEqual([]);
  }
  expect(everything).toContain('[redacted:email]');
});

test('script payloads in ticket fields, file names and span names render as inert text', async ({ page, db, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer');
  const payload = '<img src=x onerror=alert(1)>';
  const ticketId = await makeTicket(engineer, { summary: `${payload} summary`, customerName: '<script>alert(2)</script>', customerContact: '"><svg onload=alert(3)>' });
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await signInAs(page, engineer);
  await page.goto(`/tickets/${ticketId}`);
  await expect(page.getByTestId('ticket-summary')).toHaveText(`${payload} summary`);
  await expect(page.getByText('<script>alert(2)</script>').first()).toBeVisible();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-xss-'));
  const hostileName = path.join(dir, `trace-${payload}.zip`);
  fs.writeFileSync(hostileName, 'not a zip');
  await page.getByLabel('Bundle file').setInputFiles(hostileName);
  await expect(page.locator('main').getByRole('alert')).toContainText(payload);

  const spanBundle = bundleFile({ trace: { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: payload } }] }, scopeSpans: [{ spans: [{ traceId: '1af7651916cd43dd8448eb211c80319c', spanId: 'c7ad6b7169203331', name: payload, kind: 1, startTimeUnixNano: '1795729080000000000', endTimeUnixNano: '1795729080100000000', attributes: [{ key: 'note', value: { stringValue: payload } }] }] }] }] } });
  await page.getByLabel('Bundle file').setInputFiles(spanBundle.path);
  await page.getByTestId('confirm-consent').click();
  await expect(page.locator(`[data-bundle-id="${spanBundle.bundleId}"]`)).toHaveAttribute('data-parse-state', 'parsed', { timeout: 30_000 });
  await page.goto(`/bundles/${spanBundle.bundleId}/trace`);
  await expect(page.locator('[data-trace-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-span-id]').first()).toContainText(payload);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(dialogs).toBe(0);
  expect((await db.select().from(tickets).where(eq(tickets.id, ticketId)).limit(1))[0]?.summary).toContain(payload);
});

test('a server action called from another origin is refused', async ({ page, browser, db, makeUser, signInAs }) => {
  const engineer = await makeUser('engineer');
  const context = await browser.newContext();
  const eng = await context.newPage();
  await signInAs(eng, engineer);
  let call: { url: string; headers: Record<string, string>; body: string } | null = null;
  eng.on('request', (req) => {
    if (req.method() === 'POST' && req.headers()['next-action']) call ??= { url: req.url(), headers: req.headers(), body: req.postData() ?? '' };
  });
  await eng.goto('/tickets/new');
  await eng.getByLabel('Customer', { exact: true }).fill('Origin test');
  await eng.getByLabel('Customer contact').fill('x@example.com');
  await eng.getByLabel('Summary').fill('cross-origin replay');
  await eng.getByRole('button', { name: 'Open ticket' }).click();
  await expect(eng).toHaveURL(/\/tickets\/\d+$/);
  const cookies = await context.cookies();
  await context.close();
  const before = (await db.select().from(tickets)).length;
  await page.context().addCookies(cookies);
  const response = await page.request.post(call!.url, {
    headers: { 'next-action': call!.headers['next-action']!, 'content-type': call!.headers['content-type']!, origin: 'https://evil.example', accept: 'text/x-component' },
    data: call!.body,
  });
  expect(response.status()).toBeGreaterThanOrEqual(400);
  expect((await db.select().from(tickets)).length).toBe(before);
});

test('the same bundle uploaded 20 times at once is stored once; the others hear "already have it"', async ({ request, db, makeUser, makeTicket }) => {
  const engineer = await makeUser('engineer');
  const ticketId = await makeTicket(engineer);
  const token = await createApiToken(db, engineer, 'burst');
  const bundle = bundleFile({});
  const buffer = fs.readFileSync(bundle.path);
  const responses = await Promise.all(
    Array.from({ length: 20 }, () =>
      request.post(`/api/tickets/${ticketId}/bundles`, { multipart: { file: { name: bundle.fileName, mimeType: 'application/zip', buffer } }, headers: { authorization: `Bearer ${token}` } }),
    ),
  );
  const bodies = (await Promise.all(responses.map((r) => r.json()))) as { status: string; message: string }[];
  expect(responses.map((r) => r.status()).sort()).toEqual([200, ...Array(19).fill(200)].map((s, i) => (i === 19 ? 201 : s)).sort());
  expect(bodies.filter((b) => b.status === 'stored')).toHaveLength(1);
  expect(bodies.filter((b) => b.status === 'duplicate').every((b) => /Already have it/.test(b.message))).toBe(true);
  expect((await db.select().from(bundles).where(eq(bundles.id, bundle.bundleId)))).toHaveLength(1);
  expect(fs.readdirSync(path.join(E2E.dataDir, 'bundles')).filter((f) => f.startsWith(bundle.bundleId))).toHaveLength(1);
});

test('security headers are set on every page', async ({ request }) => {
  const response = await request.get('/login');
  const headers = response.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  const html = await response.text();
  const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy']!)![1];
  expect(html).toContain(`nonce="${nonce}"`);
});
