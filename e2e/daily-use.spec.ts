// Issue 9, "daily use": the defects a support engineer hits in the first week, each as a user
// meets it in the browser. Each test seeds its own users, tickets and bundles.
import { expect, test } from './fixtures';
import { generateSnapshot } from '@/test/support/make-bundle';
import { acknowledgeTicket } from '@/lib/tickets/service';
import { makeParsedBundle } from './support/bundles';

function twoTraces(count = 2): string {
  const t0 = BigInt(Date.parse('2026-11-26T21:39:00Z')) * 1_000_000n;
  const span = (traceId: string, id: string, name: string, startMs: number) => ({
    traceId,
    spanId: id,
    name,
    kind: 2,
    startTimeUnixNano: String(t0 + BigInt(startMs) * 1_000_000n),
    endTimeUnixNano: String(t0 + BigInt(startMs + 100) * 1_000_000n),
    attributes: [],
    status: { code: 0 },
  });
  const zeros = '0'.repeat(31);
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-gateway' } }] },
        scopeSpans: [{ spans: [span(`${zeros}1`, '1111111111111111', 'gateway.inbound', 0), span(`${zeros}2`, '2222222222222222', 'mta.transfer', 5000)].slice(0, count) }],
      },
    ],
  });
}

test.describe('daily use', () => {
  test('1. a refused new ticket keeps every input and names fields by their labels', async ({ page, makeUser, signInAs }) => {
    const engineer = await makeUser('engineer');
    await signInAs(page, engineer);
    await page.goto('/tickets/new');
    await page.getByLabel('Customer', { exact: true }).fill('   ');
    await page.getByLabel('Customer contact').fill('ops@acme.example');
    await page.getByRole('radio', { name: /Sev-1/ }).check();
    await page.getByRole('checkbox', { name: 'gateway' }).check();
    await page.getByLabel('Summary').fill('   ');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await expect(page.locator('main').getByRole('alert')).toContainText('Check the fields marked above');
    // Each problem is shown beside its own field, in the words of its label.
    await expect(page.getByTestId('field-error-customerName')).toHaveText('Customer is required');
    await expect(page.getByTestId('field-error-summary')).toHaveText('Summary is required');
    await expect(page.getByLabel('Customer', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    // The SLA targets beside each severity are the ones in settings (the defaults here), not a copy.
    await expect(page.getByTestId('sla-targets-1')).toContainText('Acknowledge within 30 min (24×7), mitigate within 4 h (24×7)');
    await expect(page.getByRole('radio', { name: /Sev-1/ })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: 'gateway' })).toBeChecked();
    await expect(page.getByLabel('Customer contact')).toHaveValue('ops@acme.example');
  });

  test('14. a reported time in the future is refused', async ({ page, makeUser, signInAs }) => {
    const engineer = await makeUser('engineer');
    await signInAs(page, engineer);
    await page.goto('/tickets/new');
    await page.getByLabel('Customer', { exact: true }).fill('Acme');
    await page.getByLabel('Customer contact').fill('ops@acme.example');
    await page.getByLabel('Summary').fill('No delivery');
    await page.getByLabel('Reported time 1').fill('2031-01-01T00:00');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await expect(page.locator('main').getByRole('alert')).toContainText('2031-01-01 00:00 UTC is in the future');
    await expect(page).toHaveURL(/\/tickets\/new$/);
    await expect(page.getByLabel('Summary')).toHaveValue('No delivery');
  });

  test('4. the share dialog opens centred', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const lead = await makeUser('lead');
    const ticket = await makeTicket(lead);
    await makeParsedBundle(db, lead, ticket);
    await signInAs(page, lead);
    await page.goto(`/tickets/${ticket}`);
    await page.getByTestId('share-bundle').first().click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    const box = (await dialog.boundingBox())!;
    const view = page.viewportSize()!;
    expect(Math.abs(box.x + box.width / 2 - view.width / 2)).toBeLessThan(4);
    expect(Math.abs(box.y + box.height / 2 - view.height / 2)).toBeLessThan(4);
  });

  test('5. catalogue Markdown is rendered, not printed raw', async ({ page, makeUser, signInAs }) => {
    await signInAs(page, await makeUser('engineer'));
    await page.goto('/errors#X400-1003');
    const remediation = page.locator('#X400-1003').getByTestId('remediation');
    await expect(remediation.locator('code')).toHaveText('submission.maxSizeMb');
    await expect(remediation).not.toContainText('`');
  });

  test('6. an SLA chart with one week of data draws it; a legend click hides a series', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const t = await makeTicket(engineer, { severity: 1 });
    await acknowledgeTicket(db, engineer, t);
    await signInAs(page, await makeUser('manager'));
    await page.goto('/reports/sla');
    const chart = page.getByTestId('compliance-ack');
    // Sev-1 has one week with data: its point is drawn as a dot (a one-point line draws nothing).
    // Other specs' tickets may give other severities dots too, so hiding Sev-1 removes one or more.
    const dots = chart.locator('.recharts-line-dots circle, .recharts-dot');
    await expect(dots.first()).toBeVisible();
    const shown = await dots.count();
    await chart.locator('.recharts-legend-item', { hasText: 'Sev-1' }).click();
    await expect.poll(() => dots.count()).toBeLessThan(shown);
    await chart.locator('.recharts-legend-item', { hasText: 'Sev-1' }).click();
    await expect(dots).toHaveCount(shown);
  });

  test('16-18. trace picker tells traces apart; empty charts say why; the summary shows p50', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const full = generateSnapshot({ pointsPerSeries: 30 }) as { series: { name: string }[] };
    const noLatency = { ...full, series: full.series.filter((s) => s.name !== 'latency.ms') };
    const id = await makeParsedBundle(db, engineer, await makeTicket(engineer), { trace: twoTraces(), snapshot: noLatency });
    const withLatency = await makeParsedBundle(db, engineer, await makeTicket(engineer));
    await signInAs(page, engineer);

    await page.goto(`/bundles/${id}/trace`);
    const picker = page.getByTestId('trace-picker');
    await expect(picker).toBeEnabled({ timeout: 20_000 });
    const options = await picker.locator('option').allTextContents();
    expect(options.slice(1)).toEqual(['…00000001 · gateway.inbound · 21:39:00.000 · 1 span', '…00000002 · mta.transfer · 21:39:05.000 · 1 span']);

    await page.goto(`/bundles/${id}/snapshot`);
    await expect(page.locator('[data-chart="latency"]').getByTestId('chart-empty')).toHaveText(/No latency series in this bundle/);

    await page.goto(`/bundles/${withLatency}`);
    const latency = page.getByTestId('latency-table');
    await expect(latency.locator('th', { hasText: 'p50' })).toBeVisible();
    await expect(latency.locator('tbody tr').first().locator('td').nth(1)).toHaveText(/\d+(\.\d+)? ms/);
  });

  test('snapshot: a time-range picker zooms every chart', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const id = await makeParsedBundle(db, engineer, await makeTicket(engineer), { snapshot: generateSnapshot({ pointsPerSeries: 1080, startMs: Date.parse('2026-11-26T20:00:00Z') }) });
    await signInAs(page, engineer);
    await page.goto(`/bundles/${id}/snapshot`);
    const picker = page.getByTestId('snapshot-range-picker');
    await picker.getByRole('button', { name: 'Last 15 min' }).click();
    await expect(page.getByTestId('snapshot-charts')).toHaveAttribute('data-zoomed', 'true');
    await expect(picker.getByLabel('From (UTC)')).toHaveValue('2026-11-26T22:44:50');
    await picker.getByLabel('From (UTC)').fill('2026-11-26T23:30:00');
    await picker.getByLabel('To (UTC)').fill('2026-11-26T23:40:00');
    await picker.getByRole('button', { name: 'Show range' }).click();
    await expect(picker.getByRole('alert')).toContainText('covers');
    await picker.getByRole('button', { name: 'Whole snapshot' }).click();
    await expect(page.getByTestId('snapshot-charts')).not.toHaveAttribute('data-zoomed', 'true');
  });

  test('21. user actions ask first, say whose password it is, and drop stale errors', async ({ page, makeUser, signInAs }) => {
    const admin = await makeUser('admin');
    const target = await makeUser('engineer');
    await signInAs(page, admin);
    await page.goto('/settings');
    const row = page.locator(`tr[data-user="${target.email}"]`);
    page.once('dialog', (d) => d.dismiss());
    await row.getByLabel(`Role of ${target.email}`).selectOption('lead');
    await page.reload();
    await expect(page.locator(`tr[data-user="${target.email}"]`).getByLabel(`Role of ${target.email}`)).toHaveValue('engineer');
    page.once('dialog', (d) => {
      expect(d.message()).toContain(target.email);
      void d.accept();
    });
    await page.locator(`tr[data-user="${target.email}"]`).getByRole('button', { name: 'Reset password' }).click();
    await expect(page.getByRole('status').filter({ hasText: `New password for ${target.email}` })).toBeVisible();
    page.once('dialog', (d) => d.dismiss());
    await page.locator(`tr[data-user="${target.email}"]`).getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
    await expect(page.locator(`tr[data-user="${target.email}"]`)).toContainText('active');
  });

  test('22. settings labels are tied to their inputs', async ({ page, makeUser, makeTicket, signInAs }) => {
    const admin = await makeUser('admin');
    await signInAs(page, admin);
    await page.goto('/settings');
    for (const label of ['Time zone (IANA)', 'Paging URL (PagerDuty Events API v2)', 'PagerDuty routing key']) {
      await page.locator('label', { hasText: label }).first().click();
      await expect(page.getByLabel(label, { exact: true })).toBeFocused();
    }
    await expect(page.getByLabel(/^Holidays/)).toBeVisible();
    const ticket = await makeTicket(admin);
    await page.goto(`/tickets/${ticket}`);
    await page.getByTestId('pause-sla-toggle').click();
    await expect(page.getByLabel('Paused since (UTC, optional)')).toBeVisible();
  });

  test('23. keyboard hints follow the role', async ({ page, makeUser, signInAs }) => {
    await signInAs(page, await makeUser('engineer'));
    await page.goto('/tickets');
    await page.keyboard.press('g');
    await page.keyboard.press('b');
    await page.waitForTimeout(300);
    await expect(page).toHaveURL(/\/tickets$/);
    await page.context().clearCookies();
    await signInAs(page, await makeUser('manager'));
    await page.goto('/tickets');
    await expect(page.getByTestId('sidebar')).not.toContainText('new ticket');
    await page.keyboard.press('c');
    await page.waitForTimeout(300);
    await expect(page).toHaveURL(/\/tickets$/);
  });

  test('24. copy: one span, sizes in MiB', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const ticket = await makeTicket(engineer);
    await makeParsedBundle(db, engineer, ticket, { trace: twoTraces(1) });
    await signInAs(page, engineer);
    await page.goto(`/tickets/${ticket}`);
    const item = page.getByTestId('bundle-list').locator('li').first();
    await expect(item).toContainText('1 span');
    await expect(item).not.toContainText('1 spans');
    await expect(item).toContainText(/\d+(\.\d)? (KiB|bytes)/);
  });
});
