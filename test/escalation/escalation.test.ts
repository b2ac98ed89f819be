import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { findEscalationAction } from '@/db/queries/escalation';
import { findTicket, insertTicket, listTicketEvents, updateTicket } from '@/db/queries/tickets';
import { withTransaction } from '@/db/client';
import type { User } from '@/db/schema';
import { buildBoard } from '@/lib/escalation/board';
import { cadenceCompliance, escalationState, type RecordedAction } from '@/lib/escalation/matrix';
import { deliverEscalationWebhook, recordEscalationAction, retryEscalationWebhook } from '@/lib/escalation/service';
import { backoffDelay, deliverWebhook, pagerDutyTrigger } from '@/lib/escalation/webhook';
import { setWebhookSettings } from '@/lib/settings';
import { queueWebhook, resendPendingWebhooks, workWebhooks } from '@/lib/escalation/delivery-queue';
import { EmbeddedQueue } from '@/lib/jobs';
import { defaultCalendar } from '@/lib/sla/policy';
import { explainSpec } from '@/lib/sla/ticket';
import { createTicket } from '@/lib/tickets/service';
import { testDb, seedUser } from '../helpers';

let db: AppDb;
let lead: User;
let engineer: User;
let manager: User;
let admin: User;
const T0 = new Date('2026-03-02T10:00:00Z'); // a Monday
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const UTC = defaultCalendar('UTC');

async function ticket(severity: 1 | 2 | 3, created = T0) {
  return (await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity, summary: `Sev-${severity} issue`, components: ['gateway'], reportedAt: [] }, created)).id;
}

const facts = (severity: 1 | 2 | 3, extra: Partial<{ mitigatedAt: Date; incidentCommanderId: string; sprintScheduled: string }> = {}) => ({
  severity,
  createdAt: T0,
  mitigatedAt: extra.mitigatedAt ?? null,
  incidentCommanderId: extra.incidentCommanderId ?? null,
  sprintScheduled: extra.sprintScheduled ?? null,
});
let nextId = 1;
const rec = (kind: string, min: number): RecordedAction => ({ id: nextId++, kind, at: at(min), by: 'lead@x', note: null, webhookStatus: null, webhookAttempts: 0, webhookResult: null });

async function insertTicketsInBulk(into: AppDb, n: number, created: Date) {
  await withTransaction(into, async (tx) => {
    for (let i = 0; i < n; i++) {
      await insertTicket(tx, { customerName: 'Bulk', customerContact: 'ops@bulk.example', severity: 3, summary: `Bulk ${i}`, components: ['gateway'], reportedAt: [], createdAt: created, updatedAt: created });
    }
  });
}

beforeEach(async () => {
  db = await testDb();
  lead = await seedUser(db, 'lead');
  engineer = await seedUser(db, 'engineer');
  manager = await seedUser(db, 'manager');
  admin = await seedUser(db, 'admin');
});

describe('escalation matrix states', () => {
  it('Sev-1: paging and stakeholders overdue, hourly update overdue 1 h after opening', () => {
    const s = escalationState(facts(1), [], UTC, at(61));
    expect(s.map((a) => [a.kind, a.state])).toEqual([
      ['page_oncall', 'overdue'],
      ['notify_stakeholders', 'overdue'],
      ['update', 'overdue'],
    ]);
    expect(s[0].dueAt).toEqual(at(15));
    expect(s[2].dueAt).toEqual(at(60));
    expect(escalationState(facts(1), [], UTC, at(60))[2].state).toBe('due');
  });

  it('the next update is due 60 min after the last one; none after mitigation', () => {
    const s = escalationState(facts(1), [rec('page_oncall', 5), rec('update', 50)], UTC, at(100));
    expect(s[0]).toMatchObject({ state: 'done', lastAt: at(5) });
    expect(s[2]).toMatchObject({ state: 'due', dueAt: at(110), count: 1 });
    expect(escalationState(facts(1), [rec('update', 50)], UTC, at(111))[2].state).toBe('overdue');
    expect(escalationState(facts(1, { mitigatedAt: at(90) }), [rec('update', 50)], UTC, at(300))[2]).toMatchObject({ state: 'done', dueAt: null });
  });

  it('Sev-2: commander counts as done from the ticket; twice-daily updates', () => {
    const s = escalationState(facts(2, { incidentCommanderId: 'u1' }), [], UTC, at(61));
    expect(s.map((a) => [a.kind, a.state])).toEqual([
      ['assign_commander', 'done'],
      ['status_page', 'overdue'],
      ['update', 'due'],
    ]);
    expect(s[2].dueAt).toEqual(at(720));
  });

  it('Sev-3: ETA by the end of the next business day, sprint within 5 business days', () => {
    const s = escalationState(facts(3), [], UTC, at(0));
    expect(s[0]).toMatchObject({ kind: 'communicate_eta', state: 'due', dueAt: new Date('2026-03-03T17:00:00Z') });
    expect(s[1]).toMatchObject({ kind: 'schedule_sprint', dueAt: new Date('2026-03-09T10:00:00Z') });
  });

  it('cadence compliance counts due times met and missed within the range', () => {
    const h = 3_600_000;
    const start = T0.getTime();
    const all = { from: start, to: start + 10 * h };
    // updates at 0:50, 1:40, then nothing until mitigation at 5:00: dues 0:60 met, 1:50 met, 2:40 3:40 4:40 missed
    expect(cadenceCompliance(start, start + 5 * h, [start + 50 * 60_000, start + 100 * 60_000], 60, all, start + 10 * h)).toEqual({ met: 2, missed: 3 });
    // a late update resets the cadence from itself
    // (due 1:00 missed by the 1:10 update; next due 2:10, met at 2:05; mitigated 3:00)
    expect(cadenceCompliance(start, start + 3 * h, [start + 70 * 60_000, start + 125 * 60_000], 60, all, start + 10 * h)).toEqual({ met: 1, missed: 1 });
    expect(cadenceCompliance(start, start + 3 * h, [start + 70 * 60_000], 60, all, start + 10 * h)).toEqual({ met: 0, missed: 2 });
    // only due times inside the range count
    expect(cadenceCompliance(start, null, [], 60, { from: start + 2.5 * h, to: start + 4.5 * h }, start + 10 * h)).toEqual({ met: 0, missed: 2 });
  });
});

describe('recording actions', () => {
  it('records one click with a note, a timeline event and an audit entry; managers and engineers may not', async () => {
    const id = await ticket(1);
    await expect(recordEscalationAction(db, manager, { ticketId: id, kind: 'update' })).rejects.toThrow(/may not/);
    await expect(recordEscalationAction(db, engineer, { ticketId: id, kind: 'update' })).rejects.toThrow(/may not/);
    await expect(recordEscalationAction(db, lead, { ticketId: id, kind: 'status_page' })).rejects.toThrow('no “status page” for Sev-1');
    const row = await recordEscalationAction(db, lead, { ticketId: id, kind: 'update', note: 'Queue draining, ETA 30 min' }, at(50));
    expect(row).toMatchObject({ kind: 'update', note: 'Queue draining, ETA 30 min', webhookStatus: null });
    expect((await listTicketEvents(db, id)).at(-1)).toMatchObject({ kind: 'escalation' });
  });

  it('assigning the commander sets it on the ticket; a sprint needs its name', async () => {
    const id = await ticket(2);
    await recordEscalationAction(db, lead, { ticketId: id, kind: 'assign_commander', commanderId: engineer.id }, at(10));
    expect((await findTicket(db, id))!.incidentCommanderId).toBe(engineer.id);
    await expect(recordEscalationAction(db, lead, { ticketId: id, kind: 'assign_commander', commanderId: manager.id })).rejects.toThrow('engineer or lead');
    const s3 = await ticket(3);
    await expect(recordEscalationAction(db, lead, { ticketId: s3, kind: 'schedule_sprint' })).rejects.toThrow('Name the sprint');
    await recordEscalationAction(db, lead, { ticketId: s3, kind: 'schedule_sprint', note: 'Sprint 48' });
    expect((await findTicket(db, s3))!.sprintScheduled).toBe('Sprint 48');
  });

  it('paging without a webhook is recorded as skipped', async () => {
    const id = await ticket(1);
    const row = await recordEscalationAction(db, lead, { ticketId: id, kind: 'page_oncall' });
    expect(row.webhookStatus).toBe('skipped');
  });
});

describe('outgoing webhook', () => {
  it('builds a PagerDuty Events API v2 trigger', () => {
    const body = pagerDutyTrigger(
      { id: 7, severity: 1, summary: 'No outbound delivery', customerName: 'Acme', status: 'acknowledged', components: ['gateway'], createdAt: T0 },
      { routingKey: 'R0UTINGKEY123', note: 'paging', at: at(3), ticketUrl: 'https://console.example/tickets/7' },
    );
    expect(body).toMatchObject({
      routing_key: 'R0UTINGKEY123',
      event_action: 'trigger',
      dedup_key: 'x400-ticket-7',
      payload: { summary: 'Sev-1 #7 Acme: No outbound delivery', source: 'x400-support-console', severity: 'critical', timestamp: at(3).toISOString(), component: 'gateway' },
      links: [{ href: 'https://console.example/tickets/7', text: 'Ticket #7' }],
    });
  });

  it('retries 5xx and network errors with exponential backoff, not 4xx', async () => {
    const delays: number[] = [];
    const statuses = [503, 0, 202];
    let calls = 0;
    const fakeFetch = (async () => {
      const s = statuses[calls++];
      if (s === 0) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      return new Response(s === 202 ? '{"status":"success"}' : 'busy', { status: s });
    }) as unknown as typeof fetch;
    const r = await deliverWebhook('https://hooks.example/x', { a: 1 }, { fetch: fakeFetch, sleep: async (ms) => void delays.push(ms), baseDelayMs: 1000 });
    expect(r).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(r.result).toContain('HTTP 202');
    expect(delays).toEqual([1000, 2000]);

    let n = 0;
    const bad = (async () => (n++, new Response('bad key', { status: 400 }))) as unknown as typeof fetch;
    const r2 = await deliverWebhook('https://hooks.example/x', {}, { fetch: bad, sleep: async () => {} });
    expect(r2).toMatchObject({ status: 'failed', attempts: 1 });
    expect(n).toBe(1);

    const down = (async () => new Response('', { status: 500 })) as unknown as typeof fetch;
    const r3 = await deliverWebhook('https://hooks.example/x', {}, { fetch: down, sleep: async () => {}, attempts: 3 });
    expect(r3.status).toBe('failed');
    expect(r3.result).toContain('gave up after 3 attempts');
    expect(backoffDelay(1, 1000, 30_000, '7')).toBe(7000);
    expect(backoffDelay(6, 1000, 30_000)).toBe(30_000);
  });

  it('records the delivery result on the action row, and a failed one can be retried', async () => {
    await setWebhookSettings(db, admin, { url: 'https://hooks.example/pd', routingKey: 'abcdef1234567890' });
    await expect(setWebhookSettings(db, lead, { url: null, routingKey: null })).rejects.toThrow(/may not/);
    const id = await ticket(1);
    const row = await recordEscalationAction(db, lead, { ticketId: id, kind: 'page_oncall', note: 'Outage' }, at(2));
    expect(row.webhookStatus).toBe('pending');
    const sent: unknown[] = [];
    let fail = true;
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      return new Response(fail ? 'down' : '{"status":"success"}', { status: fail ? 502 : 202 });
    }) as unknown as typeof fetch;
    await deliverEscalationWebhook(db, row.id, { fetch: fakeFetch, sleep: async () => {}, attempts: 2 });
    expect(await findEscalationAction(db, row.id)).toMatchObject({ webhookStatus: 'failed', webhookAttempts: 2 });
    expect(sent[0]).toMatchObject({ routing_key: 'abcdef1234567890', event_action: 'trigger', dedup_key: `x400-ticket-${id}` });
    fail = false;
    await retryEscalationWebhook(db, lead, row.id);
    await deliverEscalationWebhook(db, row.id, { fetch: fakeFetch, sleep: async () => {} });
    expect(await findEscalationAction(db, row.id)).toMatchObject({ webhookStatus: 'delivered', webhookAttempts: 3 });
  });
});

describe('board', () => {
  it('one column per severity, most urgent first, open tickets only', async () => {
    const calm = await ticket(1, at(50));
    const late = await ticket(1, at(0));
    const sev2 = await ticket(2, at(0));
    const done = await ticket(1, at(0));
    await updateTicket(db, done, { status: 'resolved' });
    await recordEscalationAction(db, lead, { ticketId: calm, kind: 'page_oncall' }, at(51));
    const board = await buildBoard(db, at(70));
    expect(board.columns.map((c) => c.severity)).toEqual([1, 2, 3]);
    expect(board.columns[0].cards.map((c) => c.ticketId)).toEqual([late, calm]);
    const card = board.columns[0].cards[0];
    expect(card.actions.find((a) => a.kind === 'update')).toMatchObject({ state: 'overdue', dueAt: at(60).getTime() });
    expect(card.clocks.ack).toMatchObject({ state: 'breached', level: 'breached' });
    // The tooltip the browser works out on hover, from the card's spec and the board's calendar.
    expect(explainSpec(card.clocks.ack.spec, board.calendar, board.generatedAt).lines.join(' ')).toContain('30 min');
    expect(board.columns[1].cards.map((c) => c.ticketId)).toEqual([sev2]);
    expect(board.totals.tickets).toBe(3);
  });

  it('shows every open ticket, the oldest included, however many are open', async () => {
    const oldest = await ticket(3, at(-600));
    // More open tickets than the board once capped itself at (2000), all newer than the oldest.
    await insertTicketsInBulk(db, 2000, at(0));
    const board = await buildBoard(db, at(70));
    expect(board.totals.tickets).toBe(2001);
    expect(board.columns[2].cards.some((c) => c.ticketId === oldest)).toBe(true);
  });
});

describe('webhook deliveries as queued jobs', () => {
  it('a page recorded before a restart is delivered after it (embedded: pending rows are queued again at start)', async () => {
    await setWebhookSettings(db, admin, { url: 'https://hooks.example/pd', routingKey: 'abcdef1234567890' });
    const id = await ticket(1);
    const row = await recordEscalationAction(db, lead, { ticketId: id, kind: 'page_oncall', note: 'Outage' }, at(2));
    // The process that recorded it died before delivering: its in-process queue is gone.
    const lost = new EmbeddedQueue(() => {});
    await queueWebhook(lost, row.id, null);
    await lost.stop();
    expect((await findEscalationAction(db, row.id))?.webhookStatus).toBe('pending');

    const sent: unknown[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      return new Response('{"status":"success"}', { status: 202 });
    }) as unknown as typeof fetch;
    const restarted = new EmbeddedQueue(() => {});
    await workWebhooks(db, restarted, { fetch: fakeFetch, sleep: async () => {} });
    expect(await resendPendingWebhooks(db, restarted)).toBe(1);
    await restarted.idle();
    expect(await findEscalationAction(db, row.id)).toMatchObject({ webhookStatus: 'delivered', webhookAttempts: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ event_action: 'trigger', dedup_key: `x400-ticket-${id}` });
    // Delivered rows are not sent again at the next start.
    expect(await resendPendingWebhooks(db, restarted)).toBe(0);
    await restarted.stop();
  });
});
