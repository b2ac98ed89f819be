// Issue 10: a Sev-1 left alone warns its assignee, then pages (trigger); acknowledging sends
// `acknowledge` and mitigating `resolve`, with the one stored dedup_key, each once, every body
// checked against the Events API v2 shape by a local HTTP receiver. The inbound webhook's HMAC.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { listInbox, listPagingEvents, markInboxRead } from '@/db/queries/alerts';
import { findEscalationAction } from '@/db/queries/escalation';
import { readSetting } from '@/db/queries/settings';
import { findTicket, listTicketEvents } from '@/db/queries/tickets';
import type { User } from '@/db/schema';
import { loadKeyring } from '@/lib/crypto/keyring';
import { buildBoard } from '@/lib/escalation/board';
import { parseInboundPaging, recordInboundPaging, signPagingBody, verifyPagingSignature } from '@/lib/escalation/inbound';
import { deliverPagingEvent, pagerDutyLifecycle, TriggerNotDeliveredYet } from '@/lib/escalation/paging';
import { recordEscalationAction, deliverEscalationWebhook } from '@/lib/escalation/service';
import { runSlaWatch } from '@/lib/escalation/sla-watch';
import { setWebhookSettings } from '@/lib/settings';
import { getPagingSecret, getWarningPolicies, setPagingSecret, setWarningPolicies } from '@/lib/settings/alerts';
import { defaultWarningPolicies } from '@/lib/sla/warnings';
import { saveMitigationSteps } from '@/lib/tickets/resolution';
import { acknowledgeTicket, assignTicket, changeStatus, createTicket } from '@/lib/tickets/service';
import { startPagingReceiver, eventsV2Problems, type PagingReceiver } from '../../e2e/support/paging-receiver';
import { seedUser, testDb } from '../helpers';

const RECEIVER_PORT = 3342;
const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const T0 = new Date('2026-03-02T10:00:00Z'); // a Monday
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const fast = { sleep: async () => {}, attempts: 2 };

let receiver: PagingReceiver;
let db: AppDb;
let engineer: User;
let lead: User;
let admin: User;

beforeAll(async () => {
  receiver = await startPagingReceiver(RECEIVER_PORT);
});
afterAll(async () => receiver.close());

beforeEach(async () => {
  receiver.received.length = 0;
  db = await testDb();
  engineer = await seedUser(db, 'engineer');
  lead = await seedUser(db, 'lead');
  admin = await seedUser(db, 'admin');
  await setWebhookSettings(db, admin, { url: `${receiver.url}/v2/enqueue`, routingKey: ROUTING_KEY });
});

async function sev1(created = T0) {
  const t = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 1, summary: 'Outage', components: ['gateway'], reportedAt: [] }, created);
  await assignTicket(db, lead, t.id, engineer.id, created);
  return t.id;
}

describe('a Sev-1 left alone', () => {
  it('warns the assignee at 50 %, pages when the page is due, once; ack and mitigation send acknowledge and resolve', async () => {
    const id = await sev1();
    // 10 min: nothing yet (50 % of 30 min is 15 min).
    expect(await runSlaWatch(db, at(10))).toEqual({ warnings: [], pages: [] });
    // 16 min: the 50 % warning, then the Sev-1 page (due at 15 min, nobody acknowledged).
    const first = await runSlaWatch(db, at(16));
    expect(first.warnings).toEqual([`#${id} ack 50`]);
    expect(first.pages).toHaveLength(1);
    const inbox = await listInbox(db, engineer.id);
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ ticketId: id, kind: 'sla_warning' });
    expect(inbox.items[0]!.text).toContain('50% of the time to acknowledge used');
    // Evaluated again (another instance, the next tick): nothing new.
    expect(await runSlaWatch(db, at(16))).toEqual({ warnings: [], pages: [] });
    const [a, b] = await Promise.all([runSlaWatch(db, at(25)), runSlaWatch(db, at(25))]);
    expect([...a.warnings, ...b.warnings]).toEqual([`#${id} ack 80`]);
    expect([...a.pages, ...b.pages]).toEqual([]); // already paged: the 80 % paging level does not page twice

    const ticket = (await findTicket(db, id))!;
    expect(ticket.pagingDedupKey).toBe(`x400-ticket-${id}`);
    const board = await buildBoard(db, at(25));
    const card = board.columns[0]!.cards.find((c) => c.ticketId === id)!;
    expect(card.warnings.map((w) => [w.clock, w.threshold])).toEqual([['ack', 50], ['ack', 80]]);
    expect(card.actions.find((x) => x.kind === 'page_oncall')).toMatchObject({ state: 'done', webhookStatus: 'pending' });

    // The trigger goes out; acknowledging before it is delivered waits for it.
    await acknowledgeTicket(db, engineer, id, at(26));
    const [ack] = await listPagingEvents(db, [id]);
    expect(ack).toMatchObject({ action: 'acknowledge', status: 'pending', dedupKey: `x400-ticket-${id}` });
    await expect(deliverPagingEvent(db, ack!.id, fast)).rejects.toThrow(TriggerNotDeliveredYet);
    await deliverEscalationWebhook(db, first.pages[0]!, fast);
    expect(await findEscalationAction(db, first.pages[0]!)).toMatchObject({ webhookStatus: 'delivered' });
    expect(await deliverPagingEvent(db, ack!.id, fast)).toMatchObject({ status: 'delivered' });
    expect(await deliverPagingEvent(db, ack!.id, fast)).toBeNull(); // sent once

    await saveMitigationSteps(db, engineer, id, 'Restarted the MTA queue runner.', at(40));
    await changeStatus(db, engineer, id, 'mitigated', at(41));
    const resolve = (await listPagingEvents(db, [id])).find((e) => e.action === 'resolve')!;
    expect(await deliverPagingEvent(db, resolve.id, fast)).toMatchObject({ status: 'delivered' });

    const events = receiver.events();
    expect(events.map((e) => e.event_action)).toEqual(['trigger', 'acknowledge', 'resolve']);
    for (const r of receiver.received) expect(r.problems).toEqual([]);
    expect(new Set(events.map((e) => e.dedup_key))).toEqual(new Set([`x400-ticket-${id}`]));
    expect(events[1]).toEqual({ routing_key: ROUTING_KEY, event_action: 'acknowledge', dedup_key: `x400-ticket-${id}` });
    expect(events[2]).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: `x400-ticket-${id}` });
    expect((events[0]!.payload as Record<string, unknown>).severity).toBe('critical');
    const timeline = (await listTicketEvents(db, id)).map((e) => (e.data as { summary?: string } | null)?.summary ?? e.kind);
    expect(timeline).toEqual(expect.arrayContaining([
      expect.stringMatching(/^SLA warning: 50% of the time to acknowledge used/),
      'paged on-call automatically: the Sev-1 page is due and nobody has acknowledged the ticket',
      'sent “acknowledge” to the paging service',
      'sent “resolve” to the paging service',
    ]));
    expect(await markInboxRead(db, engineer.id, null, at(50))).toBe(2);
    expect((await listInbox(db, engineer.id)).unread).toBe(0);
  });

  it('a ticket acknowledged in time is not paged; an unpaged ticket sends no acknowledge or resolve', async () => {
    const id = await sev1();
    await acknowledgeTicket(db, engineer, id, at(5));
    expect(await runSlaWatch(db, at(20))).toEqual({ warnings: [], pages: [] });
    expect(await listPagingEvents(db, [id])).toEqual([]);
    expect(receiver.received).toEqual([]);
  });

  it('the admin\u2019s paging level pages a Sev-2 at its threshold', async () => {
    await setWarningPolicies(db, admin, { ...defaultWarningPolicies(), 2: { thresholds: [50, 80], pageAt: 50 } });
    expect((await getWarningPolicies(db))[2].pageAt).toBe(50);
    const t = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] }, T0);
    // Sev-2 ack: 4 h elapsed → 50 % at 2 h.
    const r = await runSlaWatch(db, at(121));
    expect(r.warnings).toEqual([`#${t.id} ack 50`]);
    expect(r.pages).toHaveLength(1);
    expect((await listTicketEvents(db, t.id)).some((e) => (e.data as { summary?: string } | null)?.summary === 'paged on-call automatically: 50% of the time to acknowledge used')).toBe(true);
    await expect(setWarningPolicies(db, engineer, defaultWarningPolicies())).rejects.toThrow();
    await expect(setWarningPolicies(db, admin, { ...defaultWarningPolicies(), 1: { thresholds: [50], pageAt: 80 } })).rejects.toThrow('paging level (80 %) must be one of its thresholds');
  });

  it('a lead\u2019s manual page stores the same dedup_key', async () => {
    const id = await sev1();
    await recordEscalationAction(db, lead, { ticketId: id, kind: 'page_oncall' }, at(2));
    expect((await findTicket(db, id))!.pagingDedupKey).toBe(`x400-ticket-${id}`);
    expect(pagerDutyLifecycle('acknowledge', { routingKey: 'k', dedupKey: 'd' })).toEqual({ routing_key: 'k', event_action: 'acknowledge', dedup_key: 'd' });
  });
});

describe('Events v2 shape check (the receiver)', () => {
  it('refuses a payload on acknowledge, a missing summary and unknown keys', () => {
    expect(eventsV2Problems({ routing_key: 'k', event_action: 'acknowledge', dedup_key: 'd', payload: {} })).toEqual(['acknowledge takes no payload']);
    expect(eventsV2Problems({ routing_key: 'k', event_action: 'trigger', payload: { source: 's', severity: 'critical', extra: 1 } })).toEqual(['unknown payload key extra', 'payload.summary must be 1–1024 characters']);
    expect(eventsV2Problems({ routing_key: 'k', event_action: 'resolve' })).toEqual(['resolve needs the dedup_key']);
  });
});

describe('inbound paging webhook', () => {
  const secret = 'whsec-0123456789abcdef';
  const now = new Date('2026-03-02T10:30:00Z');
  const t = Math.floor(now.getTime() / 1000);
  const body = (id: number, eventId = 'EV1') => JSON.stringify({ event: { id: eventId, event_type: 'incident.acknowledged', occurred_at: '2026-03-02T10:29:00Z', agent: { summary: 'Dana Oncall' }, data: { dedup_key: `x400-ticket-${id}` } } });

  it('checks the HMAC-SHA256 signature in a replay window', () => {
    const b = body(1);
    expect(verifyPagingSignature(secret, signPagingBody(secret, t, b), b, now)).toEqual({ ok: true });
    expect(verifyPagingSignature(secret, signPagingBody('another-secret-123456', t, b), b, now)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(verifyPagingSignature(secret, signPagingBody(secret, t, b), b.replace('Dana', 'Eve'), now).ok).toBe(false);
    expect(verifyPagingSignature(secret, signPagingBody(secret, t - 301, b), b, now)).toEqual({ ok: false, reason: 'signature timestamp outside the 300 s window' });
    expect(verifyPagingSignature(secret, signPagingBody(secret, t - 299, b), b, now).ok).toBe(true);
    expect(verifyPagingSignature(secret, null, b, now)).toEqual({ ok: false, reason: 'missing x-x400-signature header' });
    expect(verifyPagingSignature(secret, 'v1=abc', b, now).ok).toBe(false);
    // Rotation: any of several v1 values may match.
    const good = signPagingBody(secret, t, b).split(',')[1];
    expect(verifyPagingSignature(secret, `t=${t},v1=${'0'.repeat(64)},${good}`, b, now).ok).toBe(true);
  });

  it('records the acknowledgement on the ticket and the board once; a replayed event id is refused', async () => {
    const id = await sev1();
    await recordEscalationAction(db, lead, { ticketId: id, kind: 'page_oncall' }, at(2));
    const event = parseInboundPaging(body(id));
    if (typeof event === 'string') throw new Error(event);
    expect(await recordInboundPaging(db, event, now)).toEqual({ status: 'recorded', ticketId: id, action: 'acknowledged' });
    expect(await recordInboundPaging(db, event, now)).toEqual({ status: 'replay' });
    expect(await findTicket(db, id)).toMatchObject({ pagingAcknowledgedAt: new Date('2026-03-02T10:29:00Z'), pagingAcknowledgedBy: 'Dana Oncall' });
    const card = (await buildBoard(db, now)).columns[0]!.cards.find((c) => c.ticketId === id)!;
    expect(card.paging).toMatchObject({ acknowledgedBy: 'Dana Oncall' });
    expect((await listTicketEvents(db, id)).some((e) => (e.data as { summary?: string } | null)?.summary === 'the paging service says the page was acknowledged by Dana Oncall')).toBe(true);
    const unknown = parseInboundPaging(body(9999, 'EV2'));
    if (typeof unknown === 'string') throw new Error(unknown);
    expect(await recordInboundPaging(db, unknown, now)).toEqual({ status: 'unknown-ticket' });
    expect(parseInboundPaging('{"event":{}}')).toBe('event.id is missing');
  });

  it('keeps the signing secret sealed with the data key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-secret-'));
    try {
      const ring = loadKeyring(path.join(dir, 'x400-data.key'), null);
      await setPagingSecret(db, admin, secret, now, ring);
      const stored = String(await readSetting(db, 'paging.inboundSecret'));
      expect(stored).toMatch(/^x4s1:/);
      expect(stored).not.toContain(secret);
      expect(await getPagingSecret(db, ring)).toBe(secret);
      await expect(setPagingSecret(db, admin, 'short', now, ring)).rejects.toThrow('16–256 printable characters');
      await expect(setPagingSecret(db, lead, secret, now, ring)).rejects.toThrow();
      await setPagingSecret(db, admin, null, now, ring);
      expect(await getPagingSecret(db, ring)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
