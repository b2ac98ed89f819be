// Issue 10, ahead of the clock: a Sev-1 left alone raises a warning in the assignee's inbox, then a
// page (trigger); acknowledging sends `acknowledge` and mitigating `resolve`, as a local receiver
// standing in for PagerDuty sees them (every body checked against the Events API v2 shape); a
// signed inbound acknowledgement shows on the board. The SLA watch runs every few seconds here
// (X400_SLA_WATCH_SECONDS in playwright.config.ts); the ticket's opening is backdated.
import { eq } from 'drizzle-orm';
import { listInbox } from '@/db/queries/alerts';
import { writeSetting } from '@/db/queries/settings';
import { settings, tickets } from '@/db/schema';
import { signPagingBody } from '@/lib/escalation/inbound';
import { expect, test } from './fixtures';
import { E2E } from './support/env';
import { startPagingReceiver, type PagingReceiver } from './support/paging-receiver';

const ROUTING_KEY = 'E2EROUTINGKEY0123456789abcdefAB';
let receiver: PagingReceiver;

test.beforeAll(async () => {
  receiver = await startPagingReceiver(E2E.port + 1);
});

test.afterAll(async () => {
  await receiver.close();
});

test('a Sev-1 left alone warns its assignee, pages, and acknowledge / resolve follow the ticket', async ({ page, browser, db, makeUser, makeTicket, signInAs, baseURL }) => {
  test.setTimeout(120_000);
  const engineer = await makeUser('engineer', 'Erin Engineer');
  const lead = await makeUser('lead', 'Lou Lead');
  const admin = await makeUser('admin');
  await writeSetting(db, 'escalation.webhook', { url: `${receiver.url}/v2/enqueue`, routingKey: ROUTING_KEY, statusPageUrl: null }, admin.id, new Date());
  try {
    await aheadOfTheClock();
  } finally {
    // Leave the other specs a console without a paging URL, as they expect.
    await db.delete(settings).where(eq(settings.key, 'escalation.webhook'));
  }

  async function aheadOfTheClock() {
  const summary = `Nothing delivered since 09:00 ${Date.now()}`;
  const id = await makeTicket(engineer, { severity: 1, summary, components: ['mta'] });
  // Opened 16 minutes ago and assigned, nobody acknowledged: 50 % of the 30-minute clock is gone
  // and the Sev-1 page (due at 15 minutes) is due.
  await db.update(tickets).set({ createdAt: new Date(Date.now() - 16 * 60_000), assigneeId: engineer.id }).where(eq(tickets.id, id));
  const dedupKey = `x400-ticket-${id}`;
  const mine = () => receiver.events().filter((e) => e.dedup_key === dedupKey);

  // 1. The assignee's inbox.
  await expect.poll(async () => (await listInbox(db, engineer.id)).unread, { timeout: 30_000 }).toBeGreaterThan(0);
  await signInAs(page, engineer);
  await page.goto('/');
  await expect(page.getByTestId('inbox-unread')).toHaveText('1');
  await page.getByTestId('inbox-bell').click();
  const item = page.getByTestId('inbox-item').first();
  await expect(item).toContainText(`#${id}`);
  await expect(item).toContainText('50% of the time to acknowledge used');
  await page.screenshot({ path: 'test-results/screenshots/inbox.png' });
  await item.click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${id}$`));
  await expect(page.getByTestId('inbox-unread')).toHaveCount(0);

  // 2. Then the page: a trigger with the ticket's dedup_key.
  await expect.poll(() => mine().map((e) => e.event_action), { timeout: 30_000 }).toEqual(['trigger']);
  await page.reload();
  await expect(page.getByTestId('ticket-warning').first()).toContainText('50% of the time to acknowledge used');
  await expect(page.getByTestId('ticket-page')).toContainText('automatically');
  await expect(page.getByTestId('ticket-timeline')).toContainText('paged on-call automatically');

  // 3. The lead sees the warning on the board.
  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await signInAs(leadPage, lead);
  await leadPage.goto('/board');
  const card = leadPage.locator(`[data-testid="board-card"][data-ticket-id="${id}"]`);
  await expect(card.getByTestId('board-warning')).toContainText('warning');
  await expect(card.locator('[data-kind="page_oncall"]')).toHaveAttribute('data-state', 'done');

  // 4. Acknowledging sends `acknowledge`.
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('acknowledged-at')).not.toHaveText('Not yet');
  await expect.poll(() => mine().map((e) => e.event_action), { timeout: 30_000 }).toEqual(['trigger', 'acknowledge']);

  // 5. On-call acknowledges in the paging service: a signed inbound webhook, shown on the board.
  await signInAs(page, admin);
  await page.goto('/settings#paging-webhook');
  const secret = 'e2e-signing-secret-0123456789';
  await page.getByLabel('Signing secret').fill(secret);
  await page.getByRole('button', { name: 'Save secret' }).click();
  await expect(page.getByTestId('paging-secret-state')).toHaveText('A signing secret is set.');
  const body = JSON.stringify({ event: { id: `EV-${id}`, event_type: 'incident.acknowledged', occurred_at: new Date().toISOString(), agent: { summary: 'Dana Oncall' }, data: { dedup_key: dedupKey } } });
  const unsigned = await page.request.post(`${baseURL}/api/webhooks/paging`, { data: body, headers: { 'content-type': 'application/json' } });
  expect(unsigned.status()).toBe(401);
  const signed = await page.request.post(`${baseURL}/api/webhooks/paging`, { data: body, headers: { 'content-type': 'application/json', 'x-x400-signature': signPagingBody(secret, Math.floor(Date.now() / 1000), body) } });
  expect(signed.status()).toBe(200);
  const replay = await page.request.post(`${baseURL}/api/webhooks/paging`, { data: body, headers: { 'content-type': 'application/json', 'x-x400-signature': signPagingBody(secret, Math.floor(Date.now() / 1000), body) } });
  expect(replay.status()).toBe(409);
  await leadPage.reload();
  await expect(card.getByTestId('board-paging-ack')).toContainText('Page acknowledged by Dana Oncall');
  await leadPage.screenshot({ path: 'test-results/screenshots/board-warning.png', fullPage: true });
  await leadContext.close();

  // 6. Mitigating sends `resolve`.
  await signInAs(page, engineer);
  await db.update(tickets).set({ mitigationSteps: 'Restarted the MTA queue runner.' }).where(eq(tickets.id, id));
  await page.goto(`/tickets/${id}`);
  await page.getByTestId('status-mitigated').click();
  await expect.poll(() => mine().map((e) => e.event_action), { timeout: 30_000 }).toEqual(['trigger', 'acknowledge', 'resolve']);
  for (const r of receiver.received.filter((x) => (x.body as { dedup_key?: string }).dedup_key === dedupKey)) expect(r.problems).toEqual([]);
  expect(mine()[1]).toEqual({ routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: dedupKey });
  expect(mine()[2]).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: dedupKey });
  await page.reload();
  await expect(page.getByTestId('ticket-paging-resolve')).toContainText('delivered');
  await expect(page.getByTestId('ticket-paging-ack')).toContainText('Dana Oncall');
  }
});
