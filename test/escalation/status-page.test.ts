// Issue 9, defect 11: status-page updates have their own destination and body; they never go to
// the paging (PagerDuty Events) URL.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { findEscalationAction } from '@/db/queries/escalation';
import type { User } from '@/db/schema';
import { deliverEscalationWebhook, recordEscalationAction, retryEscalationWebhook } from '@/lib/escalation/service';
import { setWebhookSettings } from '@/lib/settings';
import { createTicket } from '@/lib/tickets/service';
import { memoryDb, seedUser } from '../helpers';

let db: AppDb;
let lead: User;
let admin: User;
let engineer: User;
const T0 = new Date('2026-03-02T10:00:00Z');

async function ticket(severity: 1 | 2 | 3) {
  return (await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity, summary: `Sev-${severity} issue`, components: ['queue'], reportedAt: [] }, T0)).id;
}

function recorder() {
  const sent: { url: string; body: Record<string, unknown> }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, body: JSON.parse(String(init.body)) });
    return new Response('{}', { status: 202 });
  }) as unknown as typeof globalThis.fetch;
  return { sent, fetch };
}

beforeEach(async () => {
  db = memoryDb();
  lead = await seedUser(db, 'lead');
  admin = await seedUser(db, 'admin');
  engineer = await seedUser(db, 'engineer');
});

describe('status-page webhook', () => {
  it('with only a paging URL, a status-page update is skipped and says which URL is missing', async () => {
    await setWebhookSettings(db, admin, { url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'abcdef1234567890' });
    const row = await recordEscalationAction(db, lead, { ticketId: await ticket(2), kind: 'status_page', note: 'Investigating delays' });
    expect(row.webhookStatus).toBe('skipped');
    expect(row.webhookResult).toContain('No status-page URL is configured');
    const { sent, fetch } = recorder();
    await deliverEscalationWebhook(db, row.id, { fetch, sleep: async () => {} });
    expect(sent).toEqual([]);
    await expect(retryEscalationWebhook(db, lead, row.id)).rejects.toThrow('No status-page URL is configured');
  });

  it('goes to the status-page URL in its own shape; paging still goes to PagerDuty', async () => {
    await setWebhookSettings(db, admin, { url: 'https://events.pagerduty.com/v2/enqueue', routingKey: 'abcdef1234567890', statusPageUrl: 'https://status.example.com/hooks/x400' });
    const { sent, fetch } = recorder();
    const update = await recordEscalationAction(db, lead, { ticketId: await ticket(2), kind: 'status_page', note: 'Investigating delays' });
    expect(update.webhookStatus).toBe('pending');
    await deliverEscalationWebhook(db, update.id, { fetch, sleep: async () => {} });
    const page = await recordEscalationAction(db, lead, { ticketId: await ticket(1), kind: 'page_oncall' });
    await deliverEscalationWebhook(db, page.id, { fetch, sleep: async () => {} });
    expect(sent.map((s) => s.url)).toEqual(['https://status.example.com/hooks/x400', 'https://events.pagerduty.com/v2/enqueue']);
    expect(sent[0]!.body).toMatchObject({ event: 'status_page.update', message: 'Investigating delays' });
    expect(sent[0]!.body).not.toHaveProperty('routing_key');
    expect(sent[1]!.body).toMatchObject({ routing_key: 'abcdef1234567890', event_action: 'trigger' });
    expect(await findEscalationAction(db, update.id)).toMatchObject({ webhookStatus: 'delivered' });
  });

  it('refuses a status-page URL that is not http(s)', async () => {
    await expect(setWebhookSettings(db, admin, { url: null, routingKey: null, statusPageUrl: 'ftp://status.example.com' })).rejects.toThrow('must start with http');
  });
});
