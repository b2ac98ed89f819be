// Issue 10, related tickets: two tickets of different customers whose parsed bundles share an
// error code; the ticket page suggests the other one saying why (no personal data), an engineer
// cannot link, a lead links them under one parent incident, the board groups the child under the
// parent, and /errors counts both tickets for that code with the latest fix.
import { eq } from 'drizzle-orm';
import { tickets } from '@/db/schema';
import { expect, test } from './fixtures';
import { makeParsedBundle } from './support/bundles';

const T0 = Date.parse('2026-11-26T21:39:00Z');

/** One trace: the gateway's inbound span and a failing mta.transfer with `code` and an X.411 reason. */
function failingTrace(code: string, traceId: string) {
  const span = (id: string, parent: string | null, name: string, startMs: number, durMs: number, failing: boolean) => ({
    traceId,
    spanId: id,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: String(BigInt(T0 + startMs) * 1_000_000n),
    endTimeUnixNano: String(BigInt(T0 + startMs + durMs) * 1_000_000n),
    attributes: failing ? [{ key: 'x400.error.code', value: { stringValue: code } }, { key: 'x400.ndr.reason', value: { intValue: '1' } }] : [],
    status: { code: failing ? 2 : 0 },
  });
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-mta' } }] },
      scopeSpans: [{ spans: [span('c000000000000001', null, 'gateway.inbound', 0, 5_000, false), span('c000000000000002', 'c000000000000001', 'mta.transfer', 1_000, 2_000, true)] }],
    }],
  };
}

test('a shared error code suggests the other ticket; a lead links them; the board groups them; /errors counts them', async ({ page, browser, db, makeUser, makeTicket, signInAs }) => {
  test.setTimeout(120_000);
  // A code of this run only, so the counts below are this test's.
  const code = `X400-8${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const engineer = await makeUser('engineer');
  const lead = await makeUser('lead');
  const parent = await makeTicket(engineer, { customerName: 'Acme Mail', severity: 1, summary: `Acme: nothing delivered ${code}`, components: ['mta'] });
  const child = await makeTicket(engineer, { customerName: 'Globex Post', customerContact: 'jane.doe@globex.example', severity: 2, summary: `Globex: bounces ${code}`, components: ['mta'] });
  await makeParsedBundle(db, engineer, parent, { trace: failingTrace(code, 'c1'.repeat(16)) });
  await makeParsedBundle(db, engineer, child, { trace: failingTrace(code, 'c2'.repeat(16)) });
  await db.update(tickets).set({ mitigationSteps: 'Rerouted outbound mail through the standby MTA.', mitigatedAt: new Date(), status: 'mitigated', acknowledgedAt: new Date() }).where(eq(tickets.id, child));

  // The engineer sees the suggestion and why, but no way to link.
  await signInAs(page, engineer);
  await page.goto(`/tickets/${parent}`);
  const suggestion = page.locator(`[data-testid="related-ticket"][data-ticket-id="${child}"]`);
  await expect(suggestion).toContainText('Globex Post');
  await expect(suggestion.getByTestId('related-why')).toContainText(`error code ${code}`);
  await expect(suggestion.getByTestId('related-why')).toContainText('failing operation x400-mta mta.transfer');
  await expect(page.getByTestId('related-tickets')).not.toContainText('jane.doe');
  await expect(suggestion.getByRole('button')).toHaveCount(0);

  // A lead links the other ticket under this one.
  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await signInAs(leadPage, lead);
  await leadPage.goto(`/tickets/${parent}`);
  await leadPage.getByTestId(`link-child-${child}`).click();
  await expect(leadPage.locator(`[data-testid="incident-child"][data-ticket-id="${child}"]`)).toContainText('Globex Post');
  await expect(leadPage.getByTestId('ticket-timeline')).toContainText(`linked ticket #${child} under this incident`);
  await leadPage.goto(`/tickets/${child}`);
  await expect(leadPage.getByTestId('incident-parent')).toContainText(`#${parent}`);
  await expect(leadPage.getByTestId('ticket-timeline')).toContainText(`linked this ticket under incident #${parent}`);

  // The board: the parent's card holds the child; the child has no card of its own.
  await leadPage.goto('/board');
  const card = leadPage.locator(`[data-testid="board-card"][data-ticket-id="${parent}"]`);
  await expect(card.locator(`[data-testid="board-child"][data-ticket-id="${child}"]`)).toContainText('Globex Post');
  await expect(leadPage.locator(`[data-testid="board-card"][data-ticket-id="${child}"]`)).toHaveCount(0);
  await leadPage.screenshot({ path: 'test-results/screenshots/board-parent-incident.png' });

  // /errors: two tickets saw the code; the latest fix is the child's mitigation.
  await page.goto('/errors');
  const row = page.locator(`[data-testid="error-seen-row"][data-code="${code}"]`);
  await expect(row.getByTestId('error-seen-tickets')).toHaveText('2');
  await expect(row).toContainText(`#${child}`);
  await expect(row).toContainText('Rerouted outbound mail through the standby MTA.');

  // Unlinking puts the child back on the board on its own.
  await leadPage.goto(`/tickets/${child}`);
  leadPage.once('dialog', (d) => void d.accept());
  await leadPage.getByTestId('unlink-parent').click();
  await expect(leadPage.getByTestId('incident-parent')).toHaveCount(0);
  await leadPage.goto('/board');
  await expect(leadPage.locator(`[data-testid="board-card"][data-ticket-id="${child}"]`)).toBeVisible();
  await leadContext.close();
});
