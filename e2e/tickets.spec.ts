import { eq } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import { expect, test } from './fixtures';

test('an engineer opens a ticket and walks the intake checklist', async ({ page, makeUser, signInAs }) => {
  const engineer = await makeUser('engineer', 'Erin Engineer');
  await signInAs(page, engineer);
  await page.goto('/tickets/new');
  await page.getByLabel('Customer', { exact: true }).fill('Globex Mail');
  await page.getByLabel('Customer contact').fill('noc@globex.example');
  await page.getByText('Sev-1', { exact: true }).click();
  await page.getByLabel('gateway').check();
  await page.getByLabel('Summary').fill('No outbound delivery since 21:30');
  await page.getByLabel('Reported time 1').fill('2026-11-26T21:40');
  await page.getByRole('button', { name: 'Open ticket' }).click();

  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  await expect(page.getByTestId('ticket-summary')).toHaveText('No outbound delivery since 21:30');
  await expect(page.getByText('Sev-1').first()).toBeVisible();
  await expect(page.getByText('2026-11-26 21:40 UTC')).toBeVisible();

  const checklist = page.getByTestId('intake-checklist');
  await expect(checklist.locator('[data-step="triage"]')).toHaveAttribute('data-done', 'false');
  await expect(checklist).toContainText('Next: Check contact, severity and components');
  await page.getByTestId('confirm-triage').click();
  await expect(checklist.locator('[data-step="triage"]')).toHaveAttribute('data-done', 'true');
  await expect(checklist.locator('[data-step="triage"]')).toContainText(`Done by ${engineer.email}`);
  await expect(checklist.locator('[data-step="diagnostics"]')).toContainText('Next: Ask the customer for a trace');

  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('acknowledged-at')).toContainText(`by ${engineer.email}`);
  await expect(page.getByText('Acknowledged', { exact: true }).first()).toBeVisible();

  await page.getByLabel('Note').fill('Customer confirms the outbound queue is stuck.');
  await page.getByRole('button', { name: 'Add note' }).click();
  const timeline = page.getByTestId('ticket-timeline');
  await expect(timeline).toContainText('Customer confirms the outbound queue is stuck.');
  await expect(timeline).toContainText('confirmed triage');
  await expect(timeline).toContainText('acknowledged it');
  await expect(timeline).toContainText('opened the ticket (Sev-1)');

  // The guard explains why the ticket cannot be mitigated yet, and refuses the move.
  await page.getByTestId('status-mitigated').click();
  await expect(page.locator('main').getByRole('alert')).toContainText('Write the mitigation steps');

  await page.goto('/');
  // Acknowledging took the ticket: it is in the engineer's own queue, the first table.
  await expect(page.getByTestId('ticket-table').first()).toContainText('No outbound delivery since 21:30');
});

test('the ticket list filters by severity and text and sorts', async ({ page, makeUser, makeTicket, signInAs }) => {
  const lead = await makeUser('lead');
  const marker = `zz${Date.now()}`;
  await makeTicket(lead, { severity: 1, summary: `${marker} outage` });
  await makeTicket(lead, { severity: 3, summary: `${marker} ui glitch` });
  await signInAs(page, lead);
  await page.goto(`/tickets?q=${marker}`);
  const table = page.getByTestId('ticket-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.getByLabel('Severity').selectOption('1');
  await expect(page).toHaveURL(/severity=1/);
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText(`${marker} outage`);
  await page.goto(`/tickets?q=${marker}&sort=severity`);
  await expect(table.locator('tbody tr').first()).toContainText('outage');
});

test('a manager cannot create or change tickets, even by calling the server action directly', async ({ page, browser, db, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer');
  const manager = await makeUser('manager');
  const ticketId = await makeTicket(engineer, { summary: 'Manager must not touch this' });

  // The manager sees no way in.
  await signInAs(page, manager);
  expect((await page.goto('/tickets/new'))?.status()).toBe(403);
  await page.goto(`/tickets/${ticketId}`);
  await expect(page.getByTestId('ticket-summary')).toHaveText('Manager must not touch this');
  await expect(page.getByTestId('acknowledge')).toHaveCount(0);
  await expect(page.getByTestId('confirm-triage')).toHaveCount(0);

  // Capture real server-action calls made by an engineer's browser...
  const engContext = await browser.newContext();
  const eng = await engContext.newPage();
  await signInAs(eng, engineer);
  const captured: { url: string; headers: Record<string, string>; body: string }[] = [];
  eng.on('request', (req) => {
    if (req.method() === 'POST' && req.headers()['next-action']) captured.push({ url: req.url(), headers: req.headers(), body: req.postData() ?? '' });
  });
  await eng.goto('/tickets/new');
  await eng.getByLabel('Customer', { exact: true }).fill('Initech');
  await eng.getByLabel('Customer contact').fill('it@initech.example');
  await eng.getByLabel('Summary').fill('Replayed by a manager');
  await eng.getByRole('button', { name: 'Open ticket' }).click();
  await expect(eng).toHaveURL(/\/tickets\/\d+$/);
  await eng.goto(`/tickets/${ticketId}`);
  await eng.getByTestId('acknowledge').click();
  await expect(eng.getByTestId('acknowledged-at')).toContainText('by');
  await engContext.close();
  expect(captured.length).toBeGreaterThanOrEqual(2);

  // ...and replay them with the manager's session: the server refuses each one.
  await db.update(tickets).set({ acknowledgedAt: null, acknowledgedById: null, status: 'new' }).where(eq(tickets.id, ticketId));
  const before = (await db.select().from(tickets)).length;
  for (const call of captured) {
    const response = await page.request.post(call.url, {
      headers: { 'next-action': call.headers['next-action']!, 'content-type': call.headers['content-type']!, accept: 'text/x-component', origin: new URL(call.url).origin },
      data: call.body,
    });
    const text = await response.text();
    expect(text).toContain('may not do this');
  }
  expect((await db.select().from(tickets)).length).toBe(before);
  expect((await db.select().from(tickets).where(eq(tickets.id, ticketId)).limit(1))[0]?.acknowledgedAt).toBeNull();
});
