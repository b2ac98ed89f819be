// The escalation board: an overdue hourly update for a Sev-1 opened and acknowledged > 1 h ago,
// recorded in one click; live countdown; managers read only.
import { eq } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import { expect, test } from './fixtures';

test('the board shows an overdue hourly update for a Sev-1 and records it in one click', async ({ page, db, makeUser, makeTicket, signInAs }) => {
  const lead = await makeUser('lead', 'Lee Lead');
  const engineer = await makeUser('engineer');
  const summary = `Complete delivery outage ${Date.now()}`;
  const id = await makeTicket(engineer, { severity: 1, summary, components: ['gateway'] });
  const opened = new Date(Date.now() - 95 * 60_000);
  await db.update(tickets).set({ createdAt: opened, acknowledgedAt: new Date(opened.getTime() + 10 * 60_000), status: 'acknowledged' }).where(eq(tickets.id, id));
  await makeTicket(engineer, { severity: 2, summary: `Queue backlog ${Date.now()}` });
  await makeTicket(engineer, { severity: 3, summary: `CLI help typo ${Date.now()}` });

  await signInAs(page, lead);
  await page.goto('/board');
  const card = page.locator(`[data-testid="board-card"][data-ticket-id="${id}"]`);
  await expect(card).toContainText(summary);
  const update = card.locator('[data-testid="board-action"][data-kind="update"]');
  await expect(update).toHaveAttribute('data-state', 'overdue');
  await expect(update).toContainText('overdue by');
  await expect(card.locator('[data-kind="page_oncall"]')).toHaveAttribute('data-state', 'overdue');
  await expect(card.getByTestId('sla-ack')).toHaveAttribute('data-state', 'met');
  await expect(card.getByTestId('sla-mitigate')).toHaveAttribute('data-state', 'running');
  // Sev-1 column first, this overdue card on it.
  await expect(page.getByTestId('board-column-1')).toContainText(summary);

  // Counts down without reloading.
  const before = await update.textContent();
  await expect.poll(async () => update.textContent(), { timeout: 5000 }).not.toBe(before);
  await page.screenshot({ path: 'test-results/screenshots/board.png', fullPage: true });

  // One click (with a note) records the update; the next one is due in an hour.
  await card.getByLabel(`Note for ticket ${id}`).fill('Queue draining, next update at the top of the hour');
  await update.getByTestId('record-update').click();
  await expect(update).toHaveAttribute('data-state', 'due');
  await expect(update).toContainText('next due in 59 m');
  await expect(update).toContainText('Queue draining');

  // Paging without a configured webhook says so.
  await card.locator('[data-kind="page_oncall"]').getByTestId('record-page_oncall').click();
  await expect(card.locator('[data-kind="page_oncall"]')).toHaveAttribute('data-state', 'done');
  await expect(card.locator('[data-kind="page_oncall"]').getByTestId('webhook-status')).toContainText('Not sent: no paging URL is configured');
  await page.screenshot({ path: 'test-results/screenshots/board-after-update.png', fullPage: true });

  const json = await page.request.get('/api/board');
  expect(json.status()).toBe(200);
});

test('managers read the board but cannot act; engineers cannot open it', async ({ page, browser, makeUser, signInAs, baseURL }) => {
  const manager = await makeUser('manager');
  await signInAs(page, manager);
  await page.goto('/board');
  await expect(page.getByTestId('board-summary')).toBeVisible();
  await expect(page.locator('[data-testid^="record-"]')).toHaveCount(0);
  const engineer = await makeUser('engineer');
  const context = await browser.newContext();
  const other = await context.newPage();
  await signInAs(other, engineer);
  expect((await other.goto('/board'))?.status()).toBe(403);
  expect((await other.request.get(`${baseURL}/api/board`)).status()).toBe(403);
  await context.close();
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`${baseURL}/api/board`)).status()).toBe(401);
  await anonymous.close();
});
