// A Sev-1 ticket from intake to closed through the resolution section, each guard tried first.
import { insertBundle } from '@/db/queries/bundles';
import { expect, test } from './fixtures';

test('a Sev-1 ticket walks from intake to closed with every guard', async ({ page, db, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer', 'Erin Engineer');
  const id = await makeTicket(engineer, { severity: 1, summary: `Outbound outage ${Date.now()}`, components: ['gateway'] });
  const bundleId = `e2e-${id}-bundle`;
  await insertBundle(db, { id: bundleId, sha256: bundleId.padEnd(64, '0').slice(0, 64), fileName: 'trace-20261126T215803Z-cli.zip', size: 1024, channel: 'cli', createdAt: new Date(), ingestedAt: new Date(), ticketId: id, state: 'active', consentGranted: true, metadata: {} });
  await signInAs(page, engineer);
  await page.goto(`/tickets/${id}`);

  // SLA clocks run from the opening, with Jira's colours and an explanation.
  const ack = page.getByTestId('sla-clocks').getByTestId('sla-ack');
  await expect(ack).toHaveAttribute('data-state', 'running');
  await expect(ack).toContainText('left');
  await page.getByTestId('explain-ack').locator('summary').click();
  await expect(page.getByTestId('explain-ack')).toContainText('Target: 30 min elapsed (24×7)');
  await expect(page.getByTestId('explain-ack')).toContainText('wall time');

  // Pause while waiting on the customer, then resume.
  await page.getByTestId('pause-sla-toggle').click();
  await page.getByLabel('Pause reason').fill('Waiting for the customer’s trace bundle');
  await page.getByRole('button', { name: 'Pause clocks' }).click();
  await expect(page.getByTestId('sla-clocks').getByTestId('sla-ack')).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('sla-pauses')).toContainText('Waiting for the customer’s trace bundle');
  await expect(page.getByTestId('sla-pauses')).toContainText(engineer.email);
  await page.getByTestId('resume-sla').click();
  await expect(page.getByTestId('sla-clocks').getByTestId('sla-ack')).toHaveAttribute('data-state', 'running');

  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('sla-clocks').getByTestId('sla-ack')).toHaveAttribute('data-state', 'met');

  // Mitigated needs the mitigation steps.
  await page.getByTestId('status-investigating').click();
  await page.getByTestId('status-mitigated').click();
  await expect(page.locator('main').getByRole('alert')).toContainText('Write the mitigation steps before marking the ticket mitigated.');
  await page.getByLabel('Mitigation steps (Markdown)').fill('1. Restarted the outbound queue worker\n2. Raised `queue.maxRetries` to 8');
  await page.getByRole('button', { name: 'Save mitigation steps' }).click();
  await expect(page.getByTestId('resolution-mitigation')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('resolution-mitigation').locator('code')).toHaveText('queue.maxRetries');

  // An engineering task must cite a bundle of the ticket.
  await page.getByText('Add an engineering task').click();
  await page.getByLabel('Task title').fill('Retry outbound on X400-2101');
  await page.getByLabel('Task link or id').fill('ENG-4711');
  await page.getByRole('checkbox', { name: new RegExp(bundleId) }).uncheck();
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByTestId('resolution-tasks').getByRole('alert')).toContainText('Cite at least one');
  await page.getByRole('checkbox', { name: new RegExp(bundleId) }).check();
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByTestId('engineering-tasks')).toContainText('Retry outbound on X400-2101');
  await expect(page.getByTestId('engineering-tasks')).toContainText(bundleId);

  await page.getByTestId('status-mitigated').click();
  await expect(page.getByTestId('sla-clocks').getByTestId('sla-mitigate')).toHaveAttribute('data-state', 'met');

  // Resolved needs the customer's confirmation.
  await page.getByTestId('status-resolved').click();
  await expect(page.locator('main').getByRole('alert')).toContainText("Record the customer's confirmation before resolving.");
  await page.getByText('Record the notification').click();
  await page.getByLabel('Notified via').selectOption('phone');
  await page.getByLabel('Message to the customer').fill('Outbound delivery is restored; we keep watching the queue.');
  await page.getByRole('button', { name: 'Save notification' }).click();
  await expect(page.getByTestId('resolution-notified')).toContainText('by phone');
  await page.getByText('Record the confirmation').click();
  await page.getByLabel('Customer confirmation').fill('J. Doe (Acme NOC): mail flows again.');
  await page.getByRole('button', { name: 'Save confirmation' }).click();
  await expect(page.getByTestId('resolution-confirmed')).toHaveAttribute('data-done', 'true');
  await page.getByTestId('status-resolved').click();
  await expect(page.getByText('Resolved', { exact: true }).first()).toBeVisible();

  // Release version must be semver; the list filters by it.
  await page.getByLabel('Release version').fill('4.12');
  await page.getByRole('button', { name: 'Tag release' }).click();
  await expect(page.getByTestId('resolution-release').getByRole('alert')).toContainText('not a semantic version');
  const version = `4.${id}.1`;
  await page.getByLabel('Release version').fill(`v${version}`);
  await page.getByRole('button', { name: 'Tag release' }).click();
  await expect(page.getByTestId('release-version')).toHaveText(version);

  // Closed needs the learnings.
  await page.getByTestId('status-closed').click();
  await expect(page.locator('main').getByRole('alert')).toContainText('Capture the learnings before closing.');
  await page.getByTestId('resolution-learnings').getByText('Capture the learnings', { exact: true }).click();
  await page.getByLabel('Learnings (Markdown)').fill('Alert on **outbound queue age**, not only depth.');
  await page.getByRole('button', { name: 'Save learnings' }).click();
  await expect(page.getByTestId('resolution-learnings')).toHaveAttribute('data-done', 'true');
  // A Sev-1 also needs its post-incident review: the draft is written from the evidence.
  const review = page.locator('#review');
  await expect(review.getByLabel('Review (Markdown)')).not.toBeEmpty();
  await review.getByLabel('The review is complete').check();
  await review.getByRole('button', { name: 'Save draft' }).click();
  await expect(review).toContainText('Completed');
  // Closing asks first; a closed ticket takes no new bundles.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('status-closed').click();
  await expect(page.getByText('Closed. Reopening needs a reason')).toBeVisible();
  await expect(page.getByTestId('ticket-timeline')).toContainText('captured the learnings');
  await page.screenshot({ path: 'test-results/screenshots/ticket-resolution.png', fullPage: true });

  await page.goto(`/tickets?release=${version}`);
  const table = page.getByTestId('ticket-table');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText(`Outbound outage`);
});

test('a manager sees the resolution and SLA but cannot write', async ({ page, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer');
  const manager = await makeUser('manager');
  const id = await makeTicket(engineer, { severity: 2 });
  await signInAs(page, manager);
  await page.goto(`/tickets/${id}`);
  await expect(page.getByTestId('sla-clocks')).toBeVisible();
  await expect(page.getByTestId('resolution-mitigation')).toBeVisible();
  await expect(page.getByLabel('Mitigation steps (Markdown)')).toHaveCount(0);
  await expect(page.getByTestId('pause-sla-toggle')).toHaveCount(0);
  await expect(page.getByLabel('Release version')).toHaveCount(0);
});
