// Issue 9, "daily use", second part: editing a ticket, clocks in words, closing and reopening,
// webhooks on the board, duplicates on other tickets, several uploads, a reload mid-upload,
// retention and purged bundles, grouped personal-data findings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { updateTicket } from '@/db/queries/tickets';
import { SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { generateGatewayTrace, writeBundle, type BundleParts } from '@/test/support/make-bundle';
import { runPurge } from '@/lib/purge/service';
import { createTicket } from '@/lib/tickets/service';
import { expect, test } from './fixtures';
import { makeParsedBundle } from './support/bundles';
import { E2E } from './support/env';

function bundleFile(parts: BundleParts = {}): { path: string; fileName: string; bundleId: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-e2e-daily-'));
  const createdAt = new Date(Date.parse('2026-11-26T21:00:00Z') + Math.floor(Math.random() * 3_600_000)).toISOString().replace(/\.\d+Z$/, '.000Z');
  const b = writeBundle(dir, { ...parts, metadata: { createdAt, ...parts.metadata } });
  return { path: b.path, fileName: b.fileName, bundleId: String(b.metadata.bundleId) };
}

test.describe('daily use, part 2', () => {
  test('2. ticket fields are editable: components added, severity raised, both on the timeline', async ({ page, db, makeUser, signInAs }) => {
    const engineer = await makeUser('engineer');
    const id = (await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 3, summary: 'Slow console', components: [], reportedAt: [] })).id;
    await signInAs(page, engineer);
    await page.goto(`/tickets/${id}`);
    await page.getByTestId('edit-ticket').locator('summary').click();
    const form = page.getByTestId('edit-ticket');
    await form.getByRole('radio', { name: 'Sev-1' }).check();
    await form.getByRole('checkbox', { name: 'gateway' }).check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    const timeline = page.getByTestId('ticket-timeline');
    await expect(timeline).toContainText('changed severity from Sev-3 to Sev-1 (SLA clocks re-targeted); components from none to gateway');
    await page.getByTestId('confirm-triage').click();
    await expect(page.getByTestId('intake-checklist').locator('[data-step="triage"]')).toHaveAttribute('data-done', 'true');
  });

  test('8. a breached clock says how long ago', async ({ page, db, makeUser, signInAs }) => {
    const engineer = await makeUser('engineer');
    const opened = new Date(Date.now() - 2 * 3_600_000);
    const id = (await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 1, summary: 'Outage', components: ['gateway'], reportedAt: [] }, opened)).id;
    await signInAs(page, engineer);
    await page.goto(`/tickets/${id}`);
    await expect(page.getByTestId('clock-status-ack')).toHaveText(/^breached 1 h 3\d min ago$/);
    await expect(page.getByTestId('clock-status-ack')).toHaveAttribute('data-kind', 'breached');
  });

  test('15. closing asks first; a closed ticket takes no bundle and reopens with a reason', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    // Sev-3: a Sev-1/2 would also need its post-incident review (e2e/resolution.spec.ts).
    const id = await makeTicket(engineer, { severity: 3 });
    await updateTicket(db, id, { status: 'resolved', learnings: 'Watch the queue', mitigationSteps: 'Restarted', customerConfirmedAt: new Date(), resolvedAt: new Date() });
    await signInAs(page, engineer);
    await page.goto(`/tickets/${id}`);
    page.once('dialog', (d) => d.dismiss());
    await page.getByTestId('status-closed').click();
    await expect(page.getByTestId('status-closed')).toBeVisible();
    page.once('dialog', (d) => {
      expect(d.message()).toContain('Close ticket');
      void d.accept();
    });
    await page.getByTestId('status-closed').click();
    await expect(page.getByTestId('closed-no-uploads')).toBeVisible();
    await expect(page.getByTestId('bundle-dropzone')).toHaveCount(0);
    await page.getByLabel('Why reopen it?').fill('The customer sees delays again');
    await page.getByRole('button', { name: 'Reopen ticket' }).click();
    await expect(page.getByTestId('ticket-timeline')).toContainText('reopened it: The customer sees delays again');
    await expect(page.getByTestId('bundle-dropzone')).toBeVisible();
  });

  test('10. the board says which webhook URL to set, and links to it', async ({ page, makeUser, makeTicket, signInAs }) => {
    const admin = await makeUser('admin');
    const id = await makeTicket(admin, { severity: 1 });
    await signInAs(page, admin);
    await page.goto('/board');
    const card = page.locator(`[data-testid="board-card"][data-ticket-id="${id}"]`);
    await card.getByTestId('record-page_oncall').click();
    const status = card.locator('[data-kind="page_oncall"]').getByTestId('webhook-status');
    await expect(status).toContainText('Not sent: no paging URL is configured.');
    await expect(status.getByRole('button', { name: /retry|send now/ })).toHaveCount(0);
    await status.getByRole('link', { name: /Settings → Escalation webhooks/ }).click();
    await expect(page).toHaveURL(/\/settings#webhook$/);
    await expect(page.getByLabel('Status-page URL')).toBeVisible();
  });

  test('12, 9, multi-drop: several bundles at once; a duplicate names its ticket and links; an expired one warns', async ({ page, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const first = await makeTicket(engineer);
    const second = await makeTicket(engineer);
    const a = bundleFile();
    const b = bundleFile();
    const old = bundleFile({ metadata: { createdAt: '2025-01-02T03:04:05.000Z', telemetry: { enabled: true, consentedAt: '2024-12-20T10:00:00Z', scope: ['traces', 'metrics', 'logs'], retentionDays: 30 } } });
    await signInAs(page, engineer);
    await page.goto(`/tickets/${first}`);
    await page.getByLabel('Bundle file').setInputFiles([a.path, b.path, old.path]);
    const uploads = page.getByTestId('uploads');
    await expect(uploads.locator('li[data-phase="done"]')).toHaveCount(3, { timeout: 30_000 });
    await expect(uploads.locator(`li[data-file="${old.fileName}"]`)).toContainText('past its retention window');
    await expect(page.locator(`[data-bundle-id="${a.bundleId}"]`)).toBeVisible();
    await expect(page.locator(`[data-bundle-id="${b.bundleId}"]`)).toBeVisible();

    await page.goto(`/bundles/${old.bundleId}`);
    await expect(page.getByTestId('retention')).toContainText('Expired 2025-02-01');

    await page.goto(`/tickets/${second}`);
    await page.getByLabel('Bundle file').setInputFiles(a.path);
    const done = page.getByTestId('upload-done');
    await expect(done).toContainText(`Already have it: this bundle is on ticket #${first}.`);
    await done.getByTestId('link-duplicate').click();
    await expect(page.locator(`[data-bundle-id="${a.bundleId}"][data-referenced="true"]`)).toContainText(`ticket #${first}`);
    await expect(page.getByTestId('intake-checklist').locator('[data-step="diagnostics"]')).toHaveAttribute('data-done', 'true');
  });

  test('24. the incident-commander select shows "Choose…" whole, and no button label wraps', async ({ page, makeUser, makeTicket, signInAs }) => {
    const lead = await makeUser('lead');
    // "Incident commander assigned" is a Sev-2 action of the escalation matrix.
    const id = await makeTicket(lead, { severity: 2, summary: `Commander needed ${Date.now()}`, components: ['gateway'] });
    await signInAs(page, lead);
    await page.goto('/board');
    const card = page.locator(`[data-testid="board-card"][data-ticket-id="${id}"]`);
    const select = card.getByLabel('Incident commander');
    await expect(select).toBeVisible();
    // The selected option's text must fit the select's box, left of its arrow (pr-8).
    const fits = await select.evaluate((el: HTMLSelectElement) => {
      const style = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = ctx.measureText(el.options[el.selectedIndex]!.text).width;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text: el.options[el.selectedIndex]!.text, textWidth: text, room };
    });
    expect(fits.text).toBe('Choose…');
    expect(fits.textWidth, 'the commander select cuts "Choose…"').toBeLessThanOrEqual(fits.room);
    for (const url of ['/board', `/tickets/${id}`, '/tickets']) {
      await page.goto(url);
      const wrapped = await page.locator('main button:visible').evaluateAll((els) =>
        // Screen-reader-only buttons (sr-only: a 1 px box) are not seen, so they cannot wrap.
        els.filter((el) => el.clientWidth > 1 && (el.scrollHeight > el.clientHeight + 1 || el.getClientRects().length > 1)).map((el) => el.textContent?.trim()),
      );
      expect(wrapped, `wrapped button labels on ${url}`).toEqual([]);
    }
  });

  test('26. a reload mid-upload asks first, and the page then says the file did not arrive', async ({ page, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const id = await makeTicket(engineer);
    // A few MB stored uncompressed, sent at 16 KiB/s: still uploading when the page reloads.
    const big = bundleFile({ trace: [...generateGatewayTrace({ spans: 8000, seed: 3 })].join(''), level: 0 });
    await signInAs(page, engineer);
    await page.goto(`/tickets/${id}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 16 * 1024 });
    await page.getByLabel('Bundle file').setInputFiles(big.path);
    await expect(page.getByTestId('uploads').locator('li[data-phase="uploading"]')).toHaveCount(1);
    page.on('dialog', (d) => void d.accept());
    await page.reload();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(page.getByTestId('upload-lost')).toContainText(`${big.fileName} did not arrive`);
  });

  test('19, 27: findings grouped with a badge on the ticket; a purged bundle keeps a tombstone page', async ({ page, db, makeUser, makeTicket, signInAs }) => {
    const engineer = await makeUser('engineer');
    const lead = await makeUser('lead');
    const ticket = await makeTicket(engineer);
    const logs = Array.from({ length: 40 }, (_, i) => ({ ts: '2026-11-26T21:40:00Z', level: 'info', msg: `delivery to user${i}@customer.example failed` }));
    const id = await makeParsedBundle(db, engineer, ticket, { logs, metadata: { createdAt: '2025-03-01T00:00:00.000Z', telemetry: { enabled: true, consentedAt: '2025-02-20T10:00:00Z', scope: ['traces', 'metrics', 'logs'], retentionDays: 30 } } });
    await signInAs(page, engineer);
    await page.goto(`/tickets/${ticket}`);
    await expect(page.locator(`[data-bundle-id="${id}"]`).getByTestId('pii-badge')).toContainText('personal-data finding');
    await page.goto(`/bundles/${id}`);
    const groups = page.getByTestId('finding-groups');
    await expect(groups).toBeVisible();
    expect(await groups.locator('tbody tr').count()).toBeLessThan(10);
    await expect(page.getByTestId('finding-rows').locator('table')).toBeHidden();

    await runPurge({ db, storage: { bundleDir: path.join(E2E.dataDir, 'bundles') } }, { ...SYSTEM_ACTOR, id: lead.id, email: lead.email, role: 'lead' });
    await page.goto(`/bundles/${id}`);
    await expect(page).toHaveURL(new RegExp(`/bundles/${id}/purged$`));
    await expect(page.getByTestId('bundle-tombstone')).toContainText('retention window');
  });
});
