// Issue 9, defect 25: a lead checks the board, a ticket and the ticket list from a phone (390 px):
// the sidebar folds into a menu and no page scrolls sideways. Screenshots are kept for review.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { makeParsedBundle } from './support/bundles';

// Outside test-results/, which Playwright empties at the start of every run.
const SHOTS = path.join(process.cwd(), 'e2e', '.artifacts', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

test.use({ viewport: { width: 390, height: 844 } });

async function noSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'page is wider than the phone').toBeLessThanOrEqual(390);
}

test('25. board, ticket page and ticket list at 390 px: menu, no sideways scroll', async ({ page, db, makeUser, makeTicket, signInAs }) => {
  const lead = await makeUser('lead');
  const sev1 = await makeTicket(lead, { severity: 1, summary: 'Outbound delivery stopped for every tenant on the eu-west gateway pair since the 21:40 deploy' });
  await makeTicket(lead, { severity: 2 });
  await makeParsedBundle(db, lead, sev1);
  await signInAs(page, lead);

  await page.goto('/board');
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await expect(page.getByTestId('board-card').first()).toBeVisible();
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(SHOTS, 'mobile-390-board.png'), fullPage: true });

  await page.getByTestId('mobile-menu').click();
  await page.locator('#mobile-nav').getByRole('link', { name: 'Tickets' }).click();
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.locator('#mobile-nav')).toHaveCount(0);
  await expect(page.getByTestId('ticket-table')).toBeVisible();
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(SHOTS, 'mobile-390-ticket-list.png'), fullPage: true });

  await page.goto(`/tickets/${sev1}`);
  await expect(page.getByTestId('ticket-summary')).toBeVisible();
  await noSidewaysScroll(page);
  await page.screenshot({ path: path.join(SHOTS, 'mobile-390-ticket.png'), fullPage: true });
});
