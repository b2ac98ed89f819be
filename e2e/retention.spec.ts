import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeBundle } from '@/test/support/make-bundle';
import { ingestBundleFile } from '@/lib/ingest/service';
import { expect, test } from './fixtures';
import { E2E } from './support/env';

test('a lead previews and runs the purge on /settings; the ticket keeps a tombstone', async ({ page, db, makeUser, makeTicket, signInAs }) => {
  const lead = await makeUser('lead');
  const ticketId = await makeTicket(lead, { summary: 'Old bundle' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-ret-'));
  const b = writeBundle(dir, { metadata: { createdAt: '2025-06-01T00:00:00.000Z', telemetry: { consentedAt: '2025-05-01T00:00:00Z', retentionDays: 10 } } });
  const out = await ingestBundleFile({ db, storage: { bundleDir: path.join(E2E.dataDir, 'bundles') } }, { filePath: b.path, fileName: b.fileName, ticketId, source: 'cli', actor: lead });
  expect(out.status).toBe('stored');
  const bundleId = String(b.metadata.bundleId);
  const storedFile = path.join(E2E.dataDir, 'bundles', out.status === 'stored' ? out.bundle.storagePath! : '');

  await signInAs(page, lead);
  await page.goto('/settings');
  await expect(page.getByLabel('Default retention (days)')).toBeDisabled(); // leads purge, only admins set the default
  await page.getByTestId('purge-preview').click();
  const plan = page.getByTestId('purge-plan');
  await expect(plan).toContainText(bundleId);
  await expect(plan).toContainText("retention window of 10 d (the bundle's telemetry.retentionDays) over");
  expect(fs.existsSync(storedFile)).toBe(true);
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('purge-now').click();
  await expect(page.getByRole('status').filter({ hasText: 'Purged' })).toBeVisible();
  expect(fs.existsSync(storedFile)).toBe(false);

  await page.goto(`/tickets/${ticketId}`);
  await expect(page.locator(`[data-bundle-id="${bundleId}"]`)).toContainText('purged on');
  await expect(page.getByTestId('ticket-timeline')).toBeVisible();
});

test('engineers do not get the purge controls', async ({ page, makeUser, signInAs }) => {
  await signInAs(page, await makeUser('engineer'));
  await page.goto('/settings');
  await expect(page.getByTestId('purge-preview')).toHaveCount(0);
});
