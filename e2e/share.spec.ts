// Issue 13, "Share externally" as a background job: a lead shares from the dialog, sees its
// progress, downloads the file, and `age -d` opens it to a bundle that inspects clean. The file
// is the lead's alone: another lead gets 404.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { inspectBundle } from '@/lib/bundle/inspect';
import { makeParsedBundle } from './support/bundles';

const T0 = Date.parse('2026-11-26T21:39:00Z');

test('a lead shares a bundle from the dialog: progress, download, and the file decrypts to a clean bundle', async ({ page, browser, db, makeUser, makeTicket, signInAs, baseURL }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-e2e-share-'));
  try {
    const lead = await makeUser('lead');
    const ticket = await makeTicket(lead);
    // Personal data planted in the logs: the shared copy must not carry it.
    await makeParsedBundle(db, lead, ticket, {
      logs: [
        { ts: new Date(T0).toISOString(), level: 'error', msg: 'bounce for jane.doe@example.com', attrs: { recipient: 'jane.doe@example.com' } },
        { ts: new Date(T0 + 10).toISOString(), level: 'info', msg: 'relay answered', attrs: {} },
      ],
    });
    const keyFile = path.join(dir, 'key.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
    const recipient = /# public key: (age1[0-9a-z]+)/.exec(fs.readFileSync(keyFile, 'utf8'))![1]!;

    await signInAs(page, lead);
    await page.goto(`/tickets/${ticket}`);
    await page.getByTestId('share-bundle').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('An age public key').check();
    await dialog.getByLabel("Recipient's age public key").fill(recipient);
    await dialog.getByRole('button', { name: 'Prepare encrypted bundle' }).click();
    // The job's progress shows first (queued, then stage by stage), then its download link.
    await expect(dialog.getByTestId('share-progress').or(dialog.getByRole('status'))).toBeVisible();
    const link = dialog.getByTestId('share-download');
    await expect(link).toBeVisible({ timeout: 60_000 });
    await expect(dialog.getByRole('status')).toContainText('downloadable by you until');

    const downloading = page.waitForEvent('download');
    await link.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.sanitized\.zip\.age$/);
    const sealed = path.join(dir, download.suggestedFilename());
    await download.saveAs(sealed);
    const plain = path.join(dir, 'shared.zip');
    execFileSync('age', ['-d', '-i', keyFile, '-o', plain, sealed]);
    const bytes = fs.readFileSync(plain);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const report = await inspectBundle(plain);
    expect(report.redaction.clean).toBe(true);

    // Someone else, even a lead, cannot fetch it.
    const href = (await link.getAttribute('href'))!;
    const other = await makeUser('lead');
    const context = await browser.newContext({ baseURL });
    try {
      const otherPage = await context.newPage();
      await signInAs(otherPage, other);
      const res = await otherPage.request.get(href);
      expect(res.status()).toBe(404);
    } finally {
      await context.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
