// Issue 9, "what a daily user needs next": saved views on the ticket list, bulk assign and status,
// search across notes and mitigation text; and on the snapshot, legend clicks and a time range
// kept in the URL.
import { randomUUID } from 'node:crypto';
import { listAudit } from '@/db/queries/audit';
import { listTicketEvents } from '@/db/queries/tickets';
import { generateSnapshot } from '@/test/support/make-bundle';
import { recordCustomerConfirmation, recordCustomerNotified, saveLearnings, saveMitigationSteps } from '@/lib/tickets/resolution';
import { addNote, assignTicket, changeStatus, createTicket } from '@/lib/tickets/service';
import type { User } from '@/db/schema';
import type { AppDb } from '@/db/client';
import { expect, test } from './fixtures';
import { makeParsedBundle } from './support/bundles';

const tag = () => randomUUID().slice(0, 8);

async function ticketAt(db: AppDb, owner: User, opts: { severity: 1 | 2 | 3; customer: string; summary: string; openedMinutesAgo?: number }): Promise<number> {
  const now = new Date(Date.now() - (opts.openedMinutesAgo ?? 0) * 60_000);
  const t = await createTicket(db, owner, { customerName: opts.customer, customerContact: 'ops@example.test', severity: opts.severity, summary: opts.summary, components: ['gateway'], reportedAt: [] }, now);
  return t.id;
}

/** Walks a ticket to "resolved": mitigation, acknowledged, mitigated, customer notified and confirmed. */
async function resolve(db: AppDb, actor: User, id: number) {
  await saveMitigationSteps(db, actor, id, 'Restarted the outbound workers.');
  await changeStatus(db, actor, id, 'acknowledged');
  await changeStatus(db, actor, id, 'mitigated');
  await recordCustomerNotified(db, actor, id, { at: new Date(), via: 'email', message: 'Fixed on our side.' });
  await recordCustomerConfirmation(db, actor, id, { at: new Date(), confirmation: 'Mail flows again.' });
  await changeStatus(db, actor, id, 'resolved');
}

test.describe('ticket list', () => {
  test('saved views: "my Sev-1s breaching today" is saved, shown as a tab, bookmarkable, private, deletable', async ({ page, db, makeUser, signInAs }) => {
    const engineer = await makeUser('engineer');
    const colleague = await makeUser('engineer');
    const customer = `Views ${tag()}`;
    // Opened two hours ago: the Sev-1 acknowledge clock is breached, whatever the time of day.
    const mine = await ticketAt(db, engineer, { severity: 1, customer, summary: 'Mine, Sev-1, breached', openedMinutesAgo: 120 });
    const mineSev2 = await ticketAt(db, engineer, { severity: 2, customer, summary: 'Mine, Sev-2', openedMinutesAgo: 120 });
    const theirs = await ticketAt(db, engineer, { severity: 1, customer, summary: 'Theirs, Sev-1', openedMinutesAgo: 120 });
    await assignTicket(db, engineer, mine, engineer.id);
    await assignTicket(db, engineer, mineSev2, engineer.id);
    await assignTicket(db, engineer, theirs, colleague.id);

    await signInAs(page, engineer);
    await page.goto('/tickets');
    await page.getByLabel('Assignee', { exact: true }).selectOption('me');
    await expect(page).toHaveURL(/assignee=me/);
    await page.getByLabel('Severity', { exact: true }).selectOption('1');
    await expect(page).toHaveURL(/severity=1/);
    await page.getByLabel('SLA', { exact: true }).selectOption('due-today');
    await expect(page).toHaveURL(/sla=due-today/);
    const table = page.getByTestId('ticket-table');
    await expect(table.locator(`tr[data-ticket-id="${mine}"]`)).toBeVisible();
    await expect(table.locator(`tr[data-ticket-id="${mineSev2}"]`)).toHaveCount(0);
    await expect(table.locator(`tr[data-ticket-id="${theirs}"]`)).toHaveCount(0);

    const views = page.getByTestId('saved-views');
    await views.getByRole('button', { name: 'Save view…' }).click();
    await page.getByLabel('View name').fill('My Sev-1s breaching today');
    await page.getByRole('button', { name: 'Save view', exact: true }).click();
    const tab = views.getByRole('link', { name: 'My Sev-1s breaching today' });
    await expect(tab).toHaveAttribute('aria-current', 'page');
    await expect(tab).toHaveAttribute('href', '/tickets?severity=1&assignee=me&sla=due-today');

    // From "All open", the tab brings the filters back; the URL alone does too (a bookmark).
    await views.getByRole('link', { name: 'All open' }).click();
    await expect(page).toHaveURL(/\/tickets$/);
    await views.getByRole('link', { name: 'My Sev-1s breaching today' }).click();
    await expect(page).toHaveURL(/\/tickets\?severity=1&assignee=me&sla=due-today$/);
    await expect(page.getByLabel('SLA', { exact: true })).toHaveValue('due-today');
    await expect(table.locator(`tr[data-ticket-id="${mine}"]`)).toBeVisible();
    await page.goto('/tickets?severity=1&assignee=me&sla=due-today');
    await expect(views.getByRole('link', { name: 'My Sev-1s breaching today' })).toHaveAttribute('aria-current', 'page');

    // A duplicate name is refused with a reason.
    await page.goto('/tickets?severity=2');
    await views.getByRole('button', { name: 'Save view…' }).click();
    await page.getByLabel('View name').fill('my sev-1s breaching today');
    await page.getByRole('button', { name: 'Save view', exact: true }).click();
    await expect(views.getByRole('alert')).toContainText('You already have a view named');

    // Another user does not see it.
    await signInAs(page, colleague);
    await page.goto('/tickets');
    await expect(page.getByTestId('saved-views').getByRole('link', { name: 'My Sev-1s breaching today' })).toHaveCount(0);

    // The owner deletes it.
    await signInAs(page, engineer);
    await page.goto('/tickets');
    await page.getByRole('button', { name: 'Delete view My Sev-1s breaching today' }).click();
    await expect(page.getByTestId('saved-views').getByRole('link', { name: 'My Sev-1s breaching today' })).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('saved-views').getByRole('link', { name: 'My Sev-1s breaching today' })).toHaveCount(0);
  });

  test('bulk status and assign: each ticket through its guards, on its timeline and in the audit log; refusals say why', async ({ page, db, makeUser, signInAs }) => {
    const lead = await makeUser('lead');
    const engineer = await makeUser('engineer', `Bulk Engineer ${tag()}`);
    const customer = `Bulk ${tag()}`;
    const ready = await ticketAt(db, lead, { severity: 3, customer, summary: 'Ready to close' });
    const noLearnings = await ticketAt(db, lead, { severity: 3, customer, summary: 'No learnings yet' });
    for (const id of [ready, noLearnings]) await resolve(db, lead, id);
    await saveLearnings(db, lead, ready, 'Alert on the outbound queue age.');

    await signInAs(page, lead);
    await page.goto(`/tickets?q=${encodeURIComponent(customer)}&status=resolved`);
    const bar = page.getByTestId('bulk-actions');
    await expect(bar).toContainText('None selected');
    await page.getByLabel('Select all tickets on this page').check();
    await expect(bar).toContainText('2 selected');
    await bar.getByLabel('Set status').selectOption('closed');
    const setStatus = bar.getByRole('button', { name: 'Set status' });
    await expect(setStatus).toBeDisabled(); // closing asks first
    await bar.getByLabel('Yes, close these 2 tickets').check();
    await setStatus.click();
    const result = page.getByTestId('bulk-result');
    await expect(result).toContainText(`Changed #${ready}.`);
    await expect(result).toContainText(`#${noLearnings}: Capture the learnings before closing.`);

    const audit = await listAudit(db, { action: 'ticket.status' });
    expect(audit.filter((e) => e.targetId === String(ready) && (e.detail as { to?: string })?.to === 'closed')).toHaveLength(1);
    expect(audit.filter((e) => e.targetId === String(noLearnings) && (e.detail as { to?: string })?.to === 'closed')).toHaveLength(0);
    await page.goto(`/tickets/${ready}`);
    await expect(page.getByTestId('ticket-timeline').locator('li[data-kind="status"]', { hasText: /to closed/ })).toHaveCount(1);

    // Bulk assign one ticket from the list.
    await page.goto(`/tickets?q=${encodeURIComponent(customer)}&status=all`);
    await page.getByLabel(`Select ticket #${noLearnings}`).check();
    await expect(bar).toContainText('1 selected');
    await bar.getByLabel('Assign to').selectOption({ label: engineer.name });
    await bar.getByRole('button', { name: 'Assign' }).click();
    await expect(result).toContainText(`Changed #${noLearnings}.`);
    await expect(page.locator(`tr[data-ticket-id="${noLearnings}"]`)).toContainText(engineer.name);
    expect((await listAudit(db, { action: 'ticket.assign' })).some((e) => e.targetId === String(noLearnings))).toBe(true);
  });

  test('a manager sees no row checkboxes and no bulk bar, and the bulk action refuses a replayed call', async ({ page, browser, db, makeUser, signInAs }) => {
    const lead = await makeUser('lead');
    const manager = await makeUser('manager');
    const customer = `Replay ${tag()}`;
    const id = await ticketAt(db, lead, { severity: 3, customer, summary: 'Managers only look' });

    // Capture a real bulk call made by the lead's browser...
    const leadContext = await browser.newContext();
    const leadPage = await leadContext.newPage();
    await signInAs(leadPage, lead);
    const captured: { url: string; headers: Record<string, string>; body: string }[] = [];
    leadPage.on('request', (req) => {
      if (req.method() === 'POST' && req.headers()['next-action']) captured.push({ url: req.url(), headers: req.headers(), body: req.postData() ?? '' });
    });
    await leadPage.goto(`/tickets?q=${encodeURIComponent(customer)}`);
    await leadPage.getByLabel(`Select ticket #${id}`).check();
    await leadPage.getByTestId('bulk-actions').getByLabel('Set status').selectOption('acknowledged');
    await leadPage.getByTestId('bulk-actions').getByRole('button', { name: 'Set status' }).click();
    await expect(leadPage.getByTestId('bulk-result')).toContainText(`Changed #${id}.`);
    await leadContext.close();
    expect(captured.length).toBeGreaterThanOrEqual(1);

    await signInAs(page, manager);
    await page.goto(`/tickets?q=${encodeURIComponent(customer)}`);
    await expect(page.locator(`tr[data-ticket-id="${id}"]`)).toBeVisible();
    await expect(page.getByTestId('bulk-actions')).toHaveCount(0);
    await expect(page.getByLabel(`Select ticket #${id}`)).toHaveCount(0);
    const events = async () => (await listTicketEvents(db, id)).length;
    const before = await events();
    for (const call of captured) {
      const response = await page.request.post(call.url, {
        headers: { 'next-action': call.headers['next-action']!, 'content-type': call.headers['content-type']!, accept: 'text/x-component', origin: new URL(call.url).origin },
        data: call.body,
      });
      expect(await response.text()).toContain('may not do this');
    }
    expect(await events()).toBe(before);
  });

  test('search finds words in notes and mitigation steps, shows the matching snippet, and never fails on FTS syntax', async ({ page, db, makeUser, signInAs }) => {
    const engineer = await makeUser('engineer');
    const word = `kestrel${tag().replace(/[^0-9a-f]/g, '')}`;
    const other = `osprey${tag().replace(/[^0-9a-f]/g, '')}`;
    const byNote = await ticketAt(db, engineer, { severity: 2, customer: 'Search Co', summary: 'Slow delivery' });
    const byMitigation = await ticketAt(db, engineer, { severity: 3, customer: 'Search Co', summary: 'Queue grows' });
    await addNote(db, engineer, byNote, `Customer says the ${word} relay drops the TLS handshake after rotation.`);
    await saveMitigationSteps(db, engineer, byMitigation, `Drained the ${other} spool and restarted the workers.`);

    await signInAs(page, engineer);
    await page.goto('/tickets');
    await page.getByLabel('Search tickets').fill(word);
    await page.getByLabel('Search tickets').press('Enter');
    const row = page.locator(`tr[data-ticket-id="${byNote}"]`);
    await expect(row).toBeVisible();
    await expect(page.getByTestId('ticket-table').locator('tbody tr')).toHaveCount(1);
    const match = row.getByTestId('search-match');
    await expect(match).toContainText('Note:');
    await expect(match.locator('mark')).toHaveText(word);
    await match.getByRole('link', { name: 'Note:' }).click();
    await expect(page).toHaveURL(new RegExp(`/tickets/${byNote}#event-\\d+$`));

    await page.goto(`/tickets?q=${other}`);
    await expect(page.locator(`tr[data-ticket-id="${byMitigation}"]`).getByTestId('search-match')).toContainText('Mitigation:');

    for (const bad of ['"', 'AND (', 'NEAR(x', '*', `${word}"`]) {
      const response = await page.goto(`/tickets?q=${encodeURIComponent(bad)}`);
      expect(response?.status(), bad).toBe(200);
      await expect(page.getByRole('heading', { name: 'Tickets' })).toBeVisible();
    }
    await expect(page.locator(`tr[data-ticket-id="${byNote}"]`)).toBeVisible(); // `word"` still finds the note
  });
});

test('snapshot: a legend click hides a series; the time range is kept in the URL', async ({ page, db, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer');
  const id = await makeParsedBundle(db, engineer, await makeTicket(engineer), { snapshot: generateSnapshot({ pointsPerSeries: 1080, startMs: Date.parse('2026-11-26T20:00:00Z') }) });
  await signInAs(page, engineer);
  await page.goto(`/bundles/${id}/snapshot`);
  const queue = page.locator('[data-chart="queue-depth"]');
  const curves = queue.locator('.recharts-line .recharts-curve');
  await expect(curves.first()).toBeVisible({ timeout: 20_000 });
  const shown = await curves.count();
  expect(shown).toBeGreaterThan(1);
  await queue.locator('.recharts-legend-item').first().click();
  await expect(curves).toHaveCount(shown - 1);
  await queue.locator('.recharts-legend-item').first().click();
  await expect(curves).toHaveCount(shown);

  await page.getByTestId('snapshot-range-picker').getByRole('button', { name: 'Last 15 min' }).click();
  await expect(page.getByTestId('snapshot-charts')).toHaveAttribute('data-zoomed', 'true');
  await expect(page).toHaveURL(/\?from=2026-11-26T22%3A44%3A50Z&to=2026-11-26T22%3A59%3A5\dZ$/);
  await page.reload();
  await expect(page.getByTestId('snapshot-charts')).toHaveAttribute('data-zoomed', 'true', { timeout: 20_000 });
  await expect(page.getByTestId('snapshot-range-picker').getByLabel('From (UTC)')).toHaveValue('2026-11-26T22:44:50');
  await page.getByTestId('snapshot-range-picker').getByRole('button', { name: 'Whole snapshot' }).click();
  await expect(page).toHaveURL(new RegExp(`/bundles/${id}/snapshot$`));
});
