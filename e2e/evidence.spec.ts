// Evidence across signals: deep links and Back on the trace, ruler zoom, the logs page's filters,
// bundle comparison, and the ticket page's pre-upload check; then all of it on every corpus trace
// (the three encodings).
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import type { Page } from '@playwright/test';
import { spans } from '@/db/schema';
import { spansOf } from '@/db/queries/spans';
import { expect, test } from './fixtures';
import { CORPUS_DIR, HAS_CORPUS, makeParsedBundle } from './support/bundles';

const TRACE = 'e1'.repeat(16);
const T0 = Date.parse('2026-11-26T21:39:00Z');

/** One trace: a root, a chain 8 deep (so the deep end starts collapsed), a sibling that fails. */
function deepTrace(errorCode: string | null) {
  const span = (id: string, parent: string | null, name: string, startMs: number, durMs: number, code: string | null = null) => ({
    traceId: TRACE,
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: String(BigInt(T0 + startMs) * 1_000_000n),
    endTimeUnixNano: String(BigInt(T0 + startMs + durMs) * 1_000_000n),
    attributes: code ? [{ key: 'x400.error.code', value: { stringValue: code } }] : [],
    status: { code: code ? 2 : 0 },
  });
  const spans = [span('a000000000000000', null, 'gateway.inbound', 0, 60_000)];
  for (let d = 1; d <= 8; d++) spans.push(span(`a00000000000000${d}`, `a00000000000000${d - 1}`, `chain.step${d}`, d * 100, 50_000 - d * 1000));
  spans.push(span('b000000000000001', 'a000000000000000', 'mta.transfer', 55_000, 4_000, errorCode));
  return { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-gateway' } }] }, scopeSpans: [{ spans }] }] };
}

const LOGS = [
  { ts: new Date(T0 + 900).toISOString(), level: 'info', msg: 'deep step reached', attrs: { trace_id: TRACE, span_id: 'a000000000000008' } },
  { ts: new Date(T0 + 55_100).toISOString(), level: 'error', msg: 'bounce from next hop', attrs: { trace_id: TRACE, span_id: 'b000000000000001' } },
  { ts: new Date(T0 + 30_000).toISOString(), level: 'warn', msg: 'queue slow', attrs: {} },
  { ts: new Date(T0 + 31_000).toISOString(), level: 'info', msg: 'queue drained', attrs: {} },
];

async function live(page: Page) {
  const timeline = page.getByTestId('trace-timeline');
  await expect(timeline).toHaveAttribute('data-trace-live', 'true', { timeout: 30_000 });
  return timeline;
}

test.describe('evidence', () => {
  test('a deep link opens the right span; Back restores the view; dragging the ruler zooms', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const ticket = await makeTicket(engineer);
    const id = await makeParsedBundle(db, engineer, ticket, { trace: deepTrace(null), logs: LOGS });
    await signInAs(page, engineer);

    await page.goto(`/bundles/${id}/trace?span=a000000000000008`);
    const timeline = await live(page);
    const deep = timeline.locator('[data-span-id="a000000000000008"]');
    await expect(deep).toHaveAttribute('aria-selected', 'true');
    await expect(deep).toBeInViewport();
    const detail = page.getByTestId('span-detail');
    await expect(detail.getByTestId('span-detail-name')).toHaveText('chain.step8');
    await expect(detail.getByTestId('span-logs').locator('[data-log-line="1"]')).toContainText('deep step reached');
    await expect(detail.getByTestId('copy-span-link')).toHaveAttribute('href', new RegExp(`/bundles/${id}/trace\\?trace=${TRACE}&span=a000000000000008$`));

    // Another span: the URL follows; Back returns to the deep one.
    await timeline.locator('[data-span-id="b000000000000001"]').click();
    await expect(page).toHaveURL(/span=b000000000000001/);
    await expect(detail.getByTestId('span-detail-name')).toHaveText('mta.transfer');
    await page.goBack();
    await expect(page).toHaveURL(/span=a000000000000008/);
    await expect(deep).toHaveAttribute('aria-selected', 'true');
    await expect(detail.getByTestId('span-detail-name')).toHaveText('chain.step8');

    // The copied link pasted into a ticket note becomes a card with the span's facts.
    const link = (await detail.getByTestId('copy-span-link').getAttribute('href'))!;
    const back = page.url();
    await page.goto(`/tickets/${ticket}`);
    await page.getByLabel('Note').fill(`Deep step is slow: ${link}`);
    await page.getByRole('button', { name: 'Add note' }).click();
    const card = page.getByTestId('span-card');
    await expect(card).toContainText('chain.step8');
    await expect(card).toContainText('x400-gateway');
    await page.goto(back);
    await live(page);

    // Zoom by dragging on the ruler: the window narrows; Back widens it again.
    const ruler = page.getByTestId('time-ruler');
    const before = Number(await ruler.getAttribute('data-view-us'));
    const box = (await ruler.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => Number(await ruler.getAttribute('data-view-us'))).toBeLessThan(before * 0.3);
    await expect(page).toHaveURL(/from=.*&to=/);
    await expect(page.getByTestId('reset-zoom')).toBeVisible();
    await page.goBack();
    await expect.poll(async () => Number(await ruler.getAttribute('data-view-us'))).toBe(before);

    // A fresh load of a zoomed URL keeps the window.
    await page.goForward();
    await expect(page).toHaveURL(/from=/);
    const zoomedUrl = page.url();
    await page.goto(zoomedUrl);
    await live(page);
    await expect.poll(async () => Number(await page.getByTestId('time-ruler').getAttribute('data-view-us'))).toBeLessThan(before * 0.3);
  });

  test('the logs page filters by level and text, and links a line to its span', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const id = await makeParsedBundle(db, engineer, await makeTicket(engineer), { trace: deepTrace('X400-2102'), logs: LOGS });
    await signInAs(page, engineer);
    await page.goto(`/bundles/${id}/logs`);
    await expect(page.locator('[data-log-line]')).toHaveCount(4);
    await page.getByLabel('Text in the message').fill('queue');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/q=queue/);
    await expect(page.locator('[data-log-line]')).toHaveCount(2);
    await page.getByRole('checkbox', { name: /warn/i }).check();
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page.locator('[data-log-line]')).toHaveCount(1);
    await expect(page.locator('[data-log-line="3"]')).toContainText('queue slow');

    await page.goto(`/bundles/${id}/logs?level=error`);
    await expect(page.locator('[data-log-line]')).toHaveCount(1);
    await page.getByTestId('log-span-link').click();
    await expect(page).toHaveURL(/span=b000000000000001/);
    const timeline = await live(page);
    await expect(timeline.locator('[data-span-id="b000000000000001"]')).toHaveAttribute('aria-selected', 'true');
  });

  test('comparing two bundles of a ticket shows the error code that appeared', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const ticket = await makeTicket(engineer);
    const base = await makeParsedBundle(db, engineer, ticket, { trace: deepTrace(null) });
    const other = await makeParsedBundle(db, engineer, ticket, { trace: deepTrace('X400-2102') });
    await signInAs(page, engineer);
    await page.goto(`/tickets/${ticket}`);
    const form = page.getByTestId('compare-bundles');
    await form.getByLabel('Base bundle').selectOption(base);
    await form.getByLabel('Other bundle').selectOption(other);
    await form.getByRole('button', { name: 'Compare' }).click();
    await expect(page).toHaveURL(new RegExp(`/bundles/compare\\?base=${base}&other=${other}`));
    await expect(page.getByTestId('codes-appeared')).toContainText('X400-2102');
    await expect(page.getByTestId('codes-vanished')).toContainText('None');
    await expect(page.getByTestId('compare-operations')).toContainText('mta.transfer');
  });

  test('a non-bundle dropped on the ticket page is refused before any request is sent', async ({ page, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const ticket = await makeTicket(engineer);
    await signInAs(page, engineer);
    await page.goto(`/tickets/${ticket}`);
    await expect(page.getByTestId('bundle-dropzone')).toBeVisible();
    await page.waitForLoadState('networkidle');
    const sent: string[] = [];
    // Every request counts, except Next.js prefetching the pages that links point to (?_rsc=) and
    // the console's own background polling (the inbox badge), which has nothing to do with the file.
    page.on('request', (r) => {
      const url = new URL(r.url());
      const background = r.method() === 'GET' && (url.searchParams.has('_rsc') || url.pathname === '/api/inbox');
      if (!background) sent.push(`${r.method()} ${r.url()}`);
    });

    const drop = async (name: string, content: string) => {
      const dataTransfer = await page.evaluateHandle(({ name, content }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([content], name, { type: 'application/zip' }));
        return dt;
      }, { name, content });
      await page.getByTestId('bundle-dropzone').dispatchEvent('drop', { dataTransfer });
    };
    await drop('notes.txt', 'just some notes');
    await expect(page.locator('main').getByRole('alert')).toContainText('not a bundle name');
    await drop('trace-20261126T215803Z-cli.zip', 'this is not a zip archive at all');
    await expect(page.locator('main').getByRole('alert')).toContainText('not a zip archive');
    expect(sent).toEqual([]);
  });

  test('every corpus trace: its logs link to its spans, its operations table, trace, logs and comparison open without a page error', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    test.skip(!HAS_CORPUS, `trace corpus absent (${CORPUS_DIR})`);
    test.setTimeout(240_000);
    const engineer = await makeUser('engineer');
    await signInAs(page, engineer);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const files = fs.readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const trace = fs.readFileSync(path.join(CORPUS_DIR, file));
      const ticket = await makeTicket(engineer);
      // A first bundle without logs names a span as stored; the second carries logs about it.
      const plain = await makeParsedBundle(db, engineer, ticket, { trace });
      const [span] = await db
        .select({ traceId: spans.traceId, spanId: spans.spanId, name: spans.name, startUs: spans.startUs })
        .from(spans)
        .where(and(spansOf(plain), eq(spans.depth, 1)))
        .orderBy(asc(spans.pos))
        .limit(1);
      const target = span ?? (await db.select({ traceId: spans.traceId, spanId: spans.spanId, name: spans.name, startUs: spans.startUs }).from(spans).where(spansOf(plain)).orderBy(asc(spans.pos)).limit(1))[0];
      expect(target, file).toBeDefined();
      const at = new Date(Math.floor(Number(target.startUs) / 1000)).toISOString();
      const logs = [
        { ts: at, level: 'error', msg: `corpus line about ${target.name}`, attrs: { trace_id: target.traceId, span_id: target.spanId } },
        { ts: at, level: 'info', msg: 'corpus line without ids', attrs: {} },
      ];
      const id = await makeParsedBundle(db, engineer, ticket, { trace, logs });

      await page.goto(`/bundles/${id}`);
      await expect(page.getByTestId('operations-table').locator(`tr[data-operation="${target.name.replace(/"/g, '\\"')}"]`).first(), file).toBeVisible();

      await page.goto(`/bundles/${id}/logs`);
      await expect(page.locator('[data-log-line]'), file).toHaveCount(2);
      await page.goto(`/bundles/${id}/logs?level=error`);
      await expect(page.locator('[data-log-line]'), file).toHaveCount(1);
      await page.getByTestId('log-span-link').click();
      await expect(page).toHaveURL(new RegExp(`span=${target.spanId}`));
      const timeline = await live(page);
      // Span ids may repeat across a file's traces: the link names the trace too, one row is selected.
      const selected = timeline.locator(`[data-span-id="${target.spanId}"][aria-selected="true"]`);
      await expect(selected, file).toHaveCount(1);
      await expect(selected).toBeInViewport();

      await page.goto(`/bundles/compare?base=${plain}&other=${id}`);
      await expect(page.getByTestId('compare-operations'), file).toContainText(target.name);
      expect(pageErrors, file).toEqual([]);
    }
  });
});
