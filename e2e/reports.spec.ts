// The SLA report's figures against a hand-built fixture (tickets with known timestamps written to
// the database directly, in a week no other test uses), CSV export, and the weekly report.
import { insertTicket } from '@/db/queries/tickets';
import type { NewTicket } from '@/db/schema';
import { expect, test } from './fixtures';

const d = (s: string) => new Date(s);

test('the SLA report matches a hand-built fixture, exports CSV, and the weekly report rolls it up', async ({ page, db, makeUser, signInAs }) => {
  const manager = await makeUser('manager', 'Mona Manager');
  const t = async (v: Partial<NewTicket> & Pick<NewTicket, 'severity' | 'createdAt'>) =>
    (await insertTicket(db, { customerName: 'Fixture Co', customerContact: 'noc@fixture.example', summary: 'Fixture ticket', components: ['gateway'], reportedAt: [], updatedAt: v.createdAt, status: 'closed', ...v })).id;
  // Week of Mon 2020-06-08, calendar UTC Mon–Fri 09:00–17:00 (the default).
  // Sev-1 (ack 30 min, mitigate 4 h, 24×7): ack met ×3, breached ×1 → 75.0 %; mitigate met ×2, breached ×2 → 50.0 %.
  await t({ severity: 1, createdAt: d('2020-06-08T10:00:00Z'), acknowledgedAt: d('2020-06-08T10:10:00Z'), mitigatedAt: d('2020-06-08T12:00:00Z') });
  await t({ severity: 1, createdAt: d('2020-06-09T22:00:00Z'), acknowledgedAt: d('2020-06-09T22:30:00Z'), mitigatedAt: d('2020-06-10T02:00:00Z') });
  await t({ severity: 1, createdAt: d('2020-06-10T10:00:00Z'), acknowledgedAt: d('2020-06-10T10:20:00Z'), mitigatedAt: d('2020-06-10T15:00:00Z') });
  const late = await t({ severity: 1, createdAt: d('2020-06-11T10:00:00Z'), acknowledgedAt: d('2020-06-11T10:45:00Z'), mitigatedAt: d('2020-06-11T18:00:00Z'), summary: 'Late Sev-1 fixture' });
  // Sev-2 (ack 4 h, mitigate 1 business day): ack 2/2 → 100.0 %; mitigate: Fri 16:00 + 8 business h = Mon 16:00, one met one not → 50.0 %.
  await t({ severity: 2, createdAt: d('2020-06-12T16:00:00Z'), acknowledgedAt: d('2020-06-12T17:00:00Z'), mitigatedAt: d('2020-06-15T15:00:00Z') });
  await t({ severity: 2, createdAt: d('2020-06-12T16:00:00Z'), acknowledgedAt: d('2020-06-12T19:59:00Z'), mitigatedAt: d('2020-06-15T16:30:00Z') });
  // Sev-3 (next business day; 5 business days): Fri 18:00 → ack by Mon 17:00, met.
  await t({ severity: 3, createdAt: d('2020-06-12T18:00:00Z'), acknowledgedAt: d('2020-06-15T16:00:00Z'), mitigatedAt: d('2020-06-16T10:00:00Z'), resolvedAt: d('2020-06-16T11:00:00Z'), releaseVersion: '3.9.0', releaseTaggedAt: d('2020-06-12T18:30:00Z'), learnings: 'Document the **CLI flag** change.', learningsCapturedAt: d('2020-06-13T09:00:00Z') });

  await signInAs(page, manager);
  await page.goto('/reports/sla?from=2020-06-08&to=2020-06-14');
  await expect(page.getByTestId('pct-1-ack')).toHaveText('75.0%');
  await expect(page.getByTestId('pct-1-mitigate')).toHaveText('50.0%');
  await expect(page.getByTestId('pct-2-ack')).toHaveText('100.0%');
  await expect(page.getByTestId('pct-2-mitigate')).toHaveText('50.0%');
  await expect(page.getByTestId('pct-3-ack')).toHaveText('100.0%');
  await expect(page.getByTestId('pct-3-mitigate')).toHaveText('100.0%');
  await expect(page.getByTestId('sla-total-1')).toContainText('4 tickets');
  await expect(page.getByTestId('sla-total-1')).toContainText('3 met · 1 breached · 0 running');
  await expect(page.getByTestId('sla-breaches').getByRole('link', { name: `#${late}` }).first()).toBeVisible();
  await expect(page.getByTestId('sla-weeks').locator('tr[data-severity="1"]')).toContainText('2020-W24');
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/reports-sla.png', fullPage: true });

  const csv = await page.request.get('/api/reports/sla?from=2020-06-08&to=2020-06-14&part=weeks');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain('2020-06-08,2020-W24,Sev-1,4,3,1,0,75,');

  await page.goto('/reports/weekly?week=2020-06-10');
  await expect(page.getByRole('heading', { name: 'Weekly operations report — 2020-W24' })).toBeVisible();
  await expect(page.getByTestId('weekly-tickets')).toContainText('Total');
  await expect(page.getByTestId('weekly-releases')).toContainText('3.9.0');
  await expect(page.getByTestId('weekly-learnings').locator('strong')).toHaveText('CLI flag');
  await page.screenshot({ path: 'test-results/screenshots/reports-weekly.png', fullPage: true });
  const md = await page.request.get('/api/reports/weekly?week=2020-06-10');
  expect(md.headers()['content-type']).toContain('text/markdown');
  const text = await md.text();
  expect(text).toContain('# Weekly operations report — 2020-W24');
  expect(text).toContain('| Sev-1 | 4 | 0 |');
  expect(text).toContain('### 3.9.0');
});

test('engineers cannot read the reports', async ({ page, makeUser, signInAs }) => {
  const engineer = await makeUser('engineer');
  await signInAs(page, engineer);
  expect((await page.goto('/reports/sla'))?.status()).toBe(403);
  expect((await page.request.get('/api/reports/sla')).status()).toBe(403);
  expect((await page.request.get('/api/reports/weekly')).status()).toBe(403);
});

test('an admin edits the business calendar, imports .ics holidays and sees the SLA targets', async ({ page, db, makeUser, signInAs }) => {
  const { setCalendar, getCalendar } = await import('@/lib/settings');
  const { SYSTEM_ACTOR } = await import('@/lib/auth/accounts');
  const before = await getCalendar(db);
  const admin = await makeUser('admin');
  await signInAs(page, admin);
  try {
    await page.goto('/settings');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByLabel('Friday windows').fill('09:00-12:00, 13:00-15:00');
    await page.getByRole('button', { name: 'Save calendar' }).click();
    await expect(page.getByText('Calendar saved.')).toBeVisible();
    await page.getByLabel('iCalendar file').setInputFiles({
      name: 'holidays.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20301225', 'DTEND;VALUE=DATE:20301227', 'SUMMARY:Christmas', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n')),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByText('Imported.')).toBeVisible();
    await expect(page.getByLabel('Holidays')).toHaveValue(/2030-12-25\n2030-12-26/);
    await expect(page.getByLabel('Friday windows')).toHaveValue('09:00-12:00, 13:00-15:00');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save calendar' }).click();
    await expect(page.locator('#calendar').getByRole('alert')).toContainText('not a valid IANA time zone');
    await expect(page.locator('#targets')).toContainText('next business day');
  } finally {
    await setCalendar(db, SYSTEM_ACTOR, before);
  }
});
