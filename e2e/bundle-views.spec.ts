// The bundle views (summary, snapshot charts, trace timeline) for bundles made from every corpus
// trace and from generated gateway data; role limits; text from spans stays text.
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { spans } from '@/db/schema';
import { spansOf } from '@/db/queries/spans';
import { generateGatewayTrace, generateSnapshot } from '@/test/support/make-bundle';
import { expect, test } from './fixtures';
import { CORPUS_DIR, HAS_CORPUS, makeParsedBundle } from './support/bundles';

const SHOTS = path.join(process.cwd(), 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}

async function openTrace(page: Page, bundleId: string) {
  await page.goto(`/bundles/${bundleId}/trace`);
  const timeline = page.getByTestId('trace-timeline');
  await expect(timeline).toHaveAttribute('data-trace-ready', 'true', { timeout: 20_000 });
  return timeline;
}

const XSS = '<img src=x onerror=alert(1)>';

function xssTrace(): string {
  const t0 = BigInt(Date.parse('2026-11-26T21:39:00Z')) * 1_000_000n;
  const span = (id: string, parent: string | null, name: string, startMs: number, durMs: number, error = false) => ({
    traceId: 'aa'.repeat(16),
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 2,
    startTimeUnixNano: String(t0 + BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(t0 + BigInt(startMs + durMs) * 1_000_000n),
    attributes: [
      { key: 'x400.note', value: { stringValue: XSS } },
      ...(error ? [{ key: 'x400.error.code', value: { stringValue: 'X400-2102' } }, { key: 'x400.ndr.reason', value: { intValue: '1' } }, { key: 'x400.ndr.diagnostic', value: { intValue: '2' } }] : []),
    ],
    status: { code: error ? 2 : 0 },
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-gateway' } }] },
        scopeSpans: [{ spans: [span('1111111111111111', null, 'gateway.inbound', 0, 500), span('2222222222222222', '1111111111111111', XSS, 10, 200, true)] }],
      },
    ],
  });
}

test.describe('bundle views', () => {
  test('generated bundle: summary, snapshot charts with markers and zoom, timeline with filters, detail and jump', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const ticket = await makeTicket(engineer, { reportedAt: ['2026-11-26T21:40:00.000Z', '2026-11-26T21:20:00.000Z'] });
    const id = await makeParsedBundle(db, engineer, ticket, {
      trace: generateGatewayTrace({ spans: 600, errorRate: 0.25, seed: 11, startMs: Date.parse('2026-11-26T21:39:59.000Z') }),
      snapshot: generateSnapshot({ pointsPerSeries: 3000, startMs: Date.parse('2026-11-26T20:00:00Z'), gapRate: 0.02 }),
    });
    await signInAs(page, engineer);

    // Summary
    await page.goto(`/bundles/${id}`);
    await expect(page.getByTestId('bundle-metrics')).toContainText('600');
    await expect(page.getByTestId('bundle-facts')).toContainText('valid');
    await expect(page.getByTestId('bundle-facts')).toContainText('confirmed');
    const codeLink = page.getByTestId('error-codes').getByRole('link').first();
    await expect(codeLink).toHaveAttribute('href', /^\/errors#X400-\d{4}$/);
    await expect(page.getByTestId('bundle-services')).toContainText('x400-gateway');
    await shot(page, 'summary-generated');
    const href = (await codeLink.getAttribute('href'))!;
    await codeLink.click();
    await expect(page).toHaveURL(new RegExp(`${href}$`));
    await expect(page.locator(`[id="${href.slice('/errors#'.length)}"]`)).toBeVisible();

    // Snapshot
    await page.goto(`/bundles/${id}/snapshot`);
    for (const chart of ['queue-depth', 'errors', 'latency']) {
      await expect(page.locator(`[data-chart="${chart}"] .recharts-surface`).first()).toBeVisible();
    }
    await expect(page.locator('[data-chart="queue-depth"] .recharts-line').first()).toBeVisible();
    await expect(page.locator('[data-chart="errors"]')).toContainText('X400-2102');
    await expect(page.locator('[data-chart="latency"]')).toContainText('p99');
    await expect(page.locator('[data-chart="queue-depth"]')).toContainText('reported (bundle, ticket)');
    await expect(page.locator('[data-chart="queue-depth"]')).toContainText('reported (ticket)');
    await expect(page.getByTestId('snapshot-charts')).toContainText('downsampled');
    await shot(page, 'snapshot-generated');
    // Zoom with the brush: drag its left handle to the right; the server re-samples the range.
    const traveller = page.locator('[data-chart="queue-depth"] .recharts-brush-traveller').first();
    const box = (await traveller.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 400, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await expect(page.getByTestId('snapshot-charts')).toHaveAttribute('data-zoomed', 'true');
    await expect(page.getByTestId('snapshot-reset-zoom')).toBeVisible();
    await shot(page, 'snapshot-generated-zoomed');

    // Trace
    const timeline = await openTrace(page, id);
    await expect(page.getByTestId('trace-picker')).toBeVisible();
    await expect(timeline.locator('[data-span-id]').first()).toBeVisible();
    await expect(page.getByTestId('reported-marker-label').first()).toBeVisible();
    await shot(page, 'trace-generated');

    // Errors only via the keyboard: every remaining failed span shown has data-error.
    const total = Number(await timeline.getAttribute('data-row-count'));
    await page.locator('body').press('e');
    await expect(page.getByTestId('errors-only')).toBeChecked();
    await expect.poll(async () => Number(await timeline.getAttribute('data-row-count'))).toBeLessThan(total);
    await expect(timeline.locator('[data-error="true"]').first()).toBeVisible();
    await page.locator('body').press('e');
    await expect(page.getByTestId('errors-only')).not.toBeChecked();

    // Jump to the first error after the reported time (21:40, the later marker) and read its detail.
    await page.getByLabel('Reported time').selectOption({ index: 1 });
    await page.getByTestId('jump-to-error').click();
    const detail = page.getByTestId('span-detail');
    await expect(detail).toBeVisible();
    await expect(detail.getByTestId('span-error-code').getByRole('link')).toHaveAttribute('href', /^\/errors#X400-\d{4}$/);
    await expect(detail.getByTestId('span-error-code')).toContainText('Remediation');
    await expect(detail.getByTestId('span-ndr')).toContainText(/reason \d/);
    const selectedRow = timeline.locator('[aria-selected="true"]');
    await expect(selectedRow).toHaveAttribute('data-error', 'true');
    await shot(page, 'trace-generated-detail');

    // Search by attribute value (server side): a peer host name.
    await page.locator('body').press('Escape');
    await page.locator('body').press('/');
    await expect(page.getByTestId('trace-search')).toBeFocused();
    await page.getByTestId('trace-search').fill('mta3.example.net');
    await expect.poll(async () => Number(await timeline.getAttribute('data-row-count'))).toBeLessThan(total);
    await expect(page.getByTestId('trace-row-count')).toContainText('matching');
  });

  test('Zipkin corpus trace: 663 rows expanded, its one error with ancestors, collapse, search, detail, keyboard', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    test.skip(!HAS_CORPUS, `trace corpus absent (${CORPUS_DIR})`);
    const engineer = await makeUser('engineer');
    const ticket = await makeTicket(engineer);
    const id = await makeParsedBundle(db, engineer, ticket, { trace: fs.readFileSync(path.join(CORPUS_DIR, 'zipkin2-smartthings-mobile-web-install.json')) });
    await signInAs(page, engineer);
    const timeline = await openTrace(page, id);

    await page.getByTestId('expand-all').click();
    await expect(timeline).toHaveAttribute('data-row-count', '663');
    await expect(page.getByTestId('trace-row-count')).toContainText('663 rows');
    await shot(page, 'trace-zipkin-expanded');
    // Bars and durations are drawn on one canvas over the rows (row-pool.ts); each row still
    // carries its duration for assistive technology.
    await expect(timeline.locator('[data-span-id]').first()).toHaveAttribute('aria-description', /^duration \d/);
    const bars = timeline.getByTestId('bars-canvas');
    const barState = () => bars.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
      return { top: Number.parseFloat(c.style.top), rows: Math.round(c.height / devicePixelRatio / 24), painted };
    });
    const atTop = await barState();
    expect(atTop.top).toBe(0);
    expect(atTop.rows).toBeGreaterThan(10);
    expect(atTop.painted).toBeGreaterThan(0);
    // The minimap's viewport box follows the scroll: at the top, then near the bottom.
    const minimapBox = page.getByTestId('minimap-viewport');
    const boxTop = async () => Number.parseFloat(await minimapBox.evaluate((el) => (el as HTMLElement).style.top));
    expect(await boxTop()).toBe(0);
    await timeline.getByRole('treegrid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(boxTop).toBeGreaterThan(40);
    // The canvas moved down with the rows it draws, and drew them.
    const atBottom = await barState();
    expect(atBottom.top).toBeGreaterThan(24 * 600);
    expect(atBottom.painted).toBeGreaterThan(0);
    await timeline.getByRole('treegrid').evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(boxTop).toBe(0);

    const errorRow = (await db.select({ depth: spans.depth, spanId: spans.spanId }).from(spans).where(and(spansOf(id), eq(spans.error, true))));
    expect(errorRow).toHaveLength(1);
    await page.getByTestId('errors-only').check();
    await expect(timeline).toHaveAttribute('data-row-count', String(errorRow[0].depth + 1));
    // The error sits under a deep chain of ancestors: scroll to the end of the waterfall.
    await timeline.getByRole('treegrid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(timeline.locator('[data-error="true"]')).toHaveCount(1);
    await expect(timeline.locator(`[data-span-id="${errorRow[0].spanId}"]`)).toHaveAttribute('data-error', 'true');
    await shot(page, 'trace-zipkin-errors-only');
    await timeline.getByRole('treegrid').evaluate((el) => el.scrollTo({ top: 0 }));
    await page.getByTestId('errors-only').uncheck();
    await expect(timeline).toHaveAttribute('data-row-count', '663');

    // Collapse the root: one row left; expand it again.
    const rootToggle = timeline.locator('[data-span-id]').first().getByRole('button', { name: 'Collapse' });
    await rootToggle.click();
    await expect(timeline).toHaveAttribute('data-row-count', '1');
    await timeline.locator('[data-span-id]').first().getByRole('button', { name: 'Expand' }).click();
    await expect(timeline).toHaveAttribute('data-row-count', '663');

    // Keyboard: select the root, go down, collapse with left on a parent.
    await timeline.locator('[data-span-id]').first().click();
    await expect(page.getByTestId('span-detail')).toBeVisible();
    await timeline.focus();
    await page.keyboard.press('ArrowDown');
    await expect(timeline.locator('[data-span-id]').nth(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await expect(timeline).toHaveAttribute('data-row-count', '1');
    await page.keyboard.press('ArrowRight');
    await expect(timeline).toHaveAttribute('data-row-count', '663');

    // Search hides what does not match (name search).
    await page.getByTestId('trace-search').fill('circuitbreakers');
    await expect.poll(async () => Number(await timeline.getAttribute('data-row-count'))).toBeLessThan(663);
    await timeline.getByRole('treegrid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(timeline.locator('[data-span-id]').filter({ hasText: 'circuitbreakers' }).first()).toBeVisible();
    await shot(page, 'trace-zipkin-search');

    // The error span's detail.
    await page.getByTestId('trace-search').fill('');
    await page.getByTestId('errors-only').check();
    await timeline.getByRole('treegrid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await timeline.locator('[data-error="true"]').click();
    await expect(page.getByTestId('span-detail')).toContainText('404');
    await expect(page.getByTestId('span-detail')).toContainText('error');
  });

  test('every corpus trace opens in the summary, snapshot and trace views', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    test.skip(!HAS_CORPUS, `trace corpus absent (${CORPUS_DIR})`);
    test.setTimeout(120_000);
    const engineer = await makeUser('engineer');
    await signInAs(page, engineer);
    const files = fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const ticket = await makeTicket(engineer);
      const id = await makeParsedBundle(db, engineer, ticket, { trace: fs.readFileSync(path.join(CORPUS_DIR, file)) });
      const name = file.replace(/\.json$/, '');
      await page.goto(`/bundles/${id}`);
      await expect(page.getByTestId('bundle-metrics')).toBeVisible();
      await shot(page, `summary-${name}`);
      await page.goto(`/bundles/${id}/snapshot`);
      await expect(page.locator('[data-chart="queue-depth"] .recharts-surface').first()).toBeVisible();
      await expect(page.locator('[data-chart="errors"]')).toBeVisible();
      await expect(page.locator('[data-chart="latency"]')).toBeVisible();
      await shot(page, `snapshot-${name}`);
      const timeline = await openTrace(page, id);
      const count = (await db.select({ spanId: spans.spanId }).from(spans).where(spansOf(id))).length;
      await page.getByTestId('expand-all').click();
      // A bundle with several traces opens on all of them; orphans get a "missing parent" row.
      await expect.poll(async () => Number(await timeline.getAttribute('data-row-count'))).toBeGreaterThanOrEqual(Math.min(count, 1));
      await expect(timeline.locator('[data-span-id]').first()).toBeVisible();
      if (file === 'otlp-otelproto-example.json') await expect(timeline.locator('[data-missing-parent="eee19b7ec3c1b173"]')).toContainText('missing parent eee19b7ec3c1b173');
      await shot(page, `trace-${name}`);
    }
  });

  test('markup in span names and attributes renders as text', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const ticket = await makeTicket(engineer);
    const id = await makeParsedBundle(db, engineer, ticket, { trace: xssTrace() });
    await signInAs(page, engineer);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const timeline = await openTrace(page, id);
    const row = timeline.locator('[data-span-id="2222222222222222"]');
    await expect(row).toContainText(XSS);
    await expect(timeline.locator('img')).toHaveCount(0);
    await row.click();
    const detail = page.getByTestId('span-detail');
    await expect(detail.getByTestId('span-detail-name')).toHaveText(XSS);
    await expect(detail).toContainText(XSS);
    await expect(detail.locator('img')).toHaveCount(0);
    await expect(detail.getByTestId('span-ndr')).toContainText('mts-congestion');
    await shot(page, 'trace-xss-as-text');
    expect(dialogs).toBe(0);
  });

  test('a manager sees the bundle’s state but none of its contents', async ({ page, request, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const manager = await makeUser('manager');
    const ticket = await makeTicket(engineer);
    const id = await makeParsedBundle(db, engineer, ticket);
    await signInAs(page, manager);
    await page.goto(`/bundles/${id}`);
    await expect(page.getByTestId('no-contents')).toBeVisible();
    await expect(page.locator('body')).toContainText(id);
    await expect(page.getByTestId('bundle-metrics')).toHaveCount(0);
    await expect(page.getByTestId('error-codes')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Trace' })).toHaveCount(0);
    await shot(page, 'summary-manager');
    const trace = await page.goto(`/bundles/${id}/trace`);
    expect(trace?.status()).toBe(403);
    const snapshot = await page.goto(`/bundles/${id}/snapshot`);
    expect(snapshot?.status()).toBe(403);
    for (const api of ['skeleton', 'spans/0', 'search?q=x', 'critical-path?trace=0', 'series']) {
      const res = await page.request.get(`/api/bundles/${id}/${api}`);
      expect(res.status(), api).toBe(403);
    }
    // The skeleton path is gzip-encoded on every answer (next.config.js): refusals decode too.
    const anonymous = await request.get(`/api/bundles/${id}/skeleton`);
    expect(anonymous.status()).toBe(401);
    expect(anonymous.headers()['content-encoding']).toBe('gzip');
    expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHORIZED');
  });

  test('a revisit revalidates the skeleton and critical path: 304 to their entity tags, after the same access checks', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const manager = await makeUser('manager');
    const ticket = await makeTicket(engineer);
    const id = await makeParsedBundle(db, engineer, ticket);
    await signInAs(page, engineer);
    const first = await page.request.get(`/api/bundles/${id}/skeleton`);
    expect(first.status()).toBe(200);
    expect(first.headers()['cache-control']).toBe('private, no-cache');
    const tag = first.headers()['etag'];
    expect(tag).toMatch(/^"timeline-skeleton-v2-\d+"$/);
    const again = await page.request.get(`/api/bundles/${id}/skeleton`, { headers: { 'if-none-match': tag! } });
    expect(again.status()).toBe(304);
    expect(await again.body()).toHaveLength(0);
    const stale = await page.request.get(`/api/bundles/${id}/skeleton`, { headers: { 'if-none-match': '"timeline-skeleton-v2-1"' } });
    expect(stale.status()).toBe(200);
    expect((await stale.body()).equals(await first.body())).toBe(true);
    // Its span ids, sent apart, alike: their own tag.
    const ids = await page.request.get(`/api/bundles/${id}/skeleton?part=ids`);
    expect(ids.status()).toBe(200);
    const idsTag = ids.headers()['etag'];
    expect(idsTag).toMatch(/^"timeline-span-ids-v1-\d+"$/);
    expect((await ids.body()).subarray(0, 4).toString('latin1')).toBe('X4ID');
    expect((await page.request.get(`/api/bundles/${id}/skeleton?part=ids`, { headers: { 'if-none-match': idsTag! } })).status()).toBe(304);
    expect((await page.request.get(`/api/bundles/${id}/skeleton?part=ids`, { headers: { 'if-none-match': tag! } })).status()).toBe(200);
    // The critical path alike (computed at the first ask, then cached).
    const path = await page.request.get(`/api/bundles/${id}/critical-path?trace=0`);
    expect(path.status()).toBe(200);
    expect(path.headers()['cache-control']).toBe('private, no-cache');
    const pathTag = path.headers()['etag'];
    expect(pathTag).toMatch(/^"critical-path-v1-0-\d+"$/);
    expect((await page.request.get(`/api/bundles/${id}/critical-path?trace=0`, { headers: { 'if-none-match': pathTag! } })).status()).toBe(304);
    // The tag opens nothing: a manager holding it is still refused.
    await page.context().clearCookies();
    await signInAs(page, manager);
    const refused = await page.request.get(`/api/bundles/${id}/skeleton`, { headers: { 'if-none-match': tag! } });
    expect(refused.status()).toBe(403);
  });

  test('the error catalogue has an anchor per code and the X.411 tables', async ({ page, makeUser, signInAs }) => {
    const manager = await makeUser('manager');
    await signInAs(page, manager);
    await page.goto('/errors#X400-2102');
    await expect(page.locator('[id="X400-2102"]')).toContainText('Outbound queue full');
    await expect(page.getByTestId('ndr-reasons')).toContainText('transfer-failure');
    await expect(page.getByTestId('ndr-diagnostics')).toContainText('mts-congestion');
    await shot(page, 'errors-catalogue');
  });

  test('the scripts a page boots with ask Chromium to compile them eagerly (scripts/build-app.mjs)', async ({ page, request }) => {
    await page.goto('/login');
    const scripts = await page.locator('script[src*="/_next/static/chunks/"]').evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).src));
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      const text = await (await request.get(src)).text();
      expect(text.split('\n')[0], src).toBe('//# allFunctionsCalledOnLoad');
    }
  });
});
