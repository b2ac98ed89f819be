// Customer updates (issue 10): a templated update with planted personal data is refused until it is
// edited, then arrives at a real SMTP server on loopback; the single-use confirmation link in a
// resolved update ticks the ticket's customer confirmation.
import { findTicket, updateTicket } from '@/db/queries/tickets';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../test/support/smtp-sink';
import { expect, test } from './fixtures';
import { E2E } from './support/env';

let sink: SmtpSink;
test.beforeAll(async () => {
  sink = await startSmtpSink(E2E.smtpPort);
});
test.afterAll(async () => {
  await sink?.close();
});

async function mailFor(subject: RegExp): Promise<ReceivedMail> {
  await expect.poll(() => sink.received.some((m) => subject.test(m.subject)), { timeout: 20_000 }).toBe(true);
  return sink.received.find((m) => subject.test(m.subject))!;
}

test('an update with personal data is blocked until edited, then arrives by e-mail and ticks the board', async ({ page, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer');
  const id = await makeTicket(engineer, { severity: 1, summary: 'No outbound delivery', customerContact: 'ops@acme.example' });
  await signInAs(page, engineer);
  await page.goto(`/tickets/${id}`);
  const section = page.locator('#customer-updates'); // the composer is open while the ticket has no update
  await section.getByLabel('Situation').selectOption('investigating');
  const body = section.getByLabel('Message');
  await expect(body).toHaveValue(/an update on "No outbound delivery": we are investigating/);
  await expect(body).toHaveValue(/Our target for restoring service on a Sev-1 incident is \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
  await expect(body).toHaveValue(/Our next update will reach you by \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\./);
  const drafted = await body.inputValue();
  await body.fill(`${drafted}\n\nCall Jane back on +44 20 7946 0958 if needed.`);
  await section.getByRole('button', { name: 'Send update' }).click();
  const alert = section.getByRole('alert');
  await expect(alert).toContainText('Personal data found: a phone number in the body');
  await expect(alert).not.toContainText('7946');
  await expect(body).toHaveValue(/\+44 20 7946 0958/); // kept as typed, to be edited
  expect(sink.received.filter((m) => m.subject.includes(`#${id}]`))).toHaveLength(0);

  await body.fill(`${drafted}\n\nWe will call your operations desk if needed.`);
  await section.getByRole('button', { name: 'Send update' }).click();
  // Queued for e-mail: the update is listed at once (the form's own message goes with the refresh).
  await expect(section.getByTestId('customer-update').first()).toContainText(/Sending by e-mail|Sent/);
  const mail = await mailFor(new RegExp(`^\\[Ticket #${id}\\] Investigating: No outbound delivery$`));
  expect(mail.to).toEqual(['ops@acme.example']);
  expect(mail.from).toBe('support@e2e.test');
  expect(mail.text).toContain('We will call your operations desk if needed.');
  expect(mail.text).not.toContain('7946');

  await page.reload();
  await expect(page.locator('#customer-updates [data-testid="customer-update"]').first()).toHaveAttribute('data-status', 'sent');
  await expect(page.getByText(/sent customer update #\d+ \(Investigating\) by e-mail/)).toBeVisible();
  await expect(page.getByText(/posted an update: customer update #\d+ sent by e-mail/)).toBeVisible();
});

test('the confirmation link in a resolved update ticks the customer confirmation, once', async ({ page, browser, db, makeUser, makeTicket, signInAs }) => {
  const engineer = await makeUser('engineer');
  const id = await makeTicket(engineer, { severity: 2, summary: 'Queue backlog at night', customerContact: 'noc@globex.example' });
  const now = new Date();
  await updateTicket(db, id, { status: 'mitigated', acknowledgedAt: now, mitigatedAt: now, mitigationSteps: 'Restarted x400-queue and raised queue.maxRetries to 8.' });
  await signInAs(page, engineer);
  await page.goto(`/tickets/${id}`);
  const section = page.locator('#customer-updates'); // the composer is open while the ticket has no update
  await section.getByLabel('Situation').selectOption('resolved');
  await expect(section.getByLabel('Message')).toHaveValue(/one click on this link records your confirmation \(no account needed\):\n\{\{confirmationLink\}\}/);
  await section.getByRole('button', { name: 'Send update' }).click();
  // Queued for e-mail: the update is listed at once (the form's own message goes with the refresh).
  await expect(section.getByTestId('customer-update').first()).toContainText(/Sending by e-mail|Sent/);

  const mail = await mailFor(new RegExp(`^\\[Ticket #${id}\\] Resolved: please confirm`));
  const link = /(http:\/\/[^\s]+\/confirm\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1];
  expect(link, mail.text).toBeTruthy();

  // The customer has no account: a fresh browser context, no cookies.
  const customer = await browser.newContext();
  const visit = await customer.newPage();
  await visit.goto(link!);
  await expect(visit.getByText(`Is the issue you reported on ticket #${id} resolved for you?`)).toBeVisible();
  await expect(visit.locator('body')).not.toContainText('Queue backlog at night');
  await expect(visit.locator('body')).not.toContainText('Globex');
  expect((await findTicket(db, id))!.customerConfirmedAt).toBeNull(); // opening the page does not use the link
  await visit.getByRole('button', { name: 'Yes, confirm it is resolved' }).click();
  await expect(visit.getByTestId('confirm-done')).toContainText(`your confirmation for ticket #${id} is recorded`);
  await visit.goto(link!);
  await expect(visit.getByTestId('confirm-refused')).toContainText('already been used');
  await customer.close();

  await page.reload();
  await expect(page.getByTestId('resolution-confirmed')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('resolution-notified')).toHaveAttribute('data-done', 'true');
  await expect(page.getByText(/the customer confirmed through the single-use link sent with customer update #\d+/)).toBeVisible();
});
