// Customer updates end to end in the domain: drafted, blocked on personal data, sent through a
// real SMTP server on loopback (smtp-server) by the mail job, ticking the board's update action;
// kept "to send by hand" without SMTP; and the single-use confirmation link.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { insertBundle } from '@/db/queries/bundles';
import { findCustomerUpdate, listTicketConfirmationLinks, listTicketCustomerUpdates } from '@/db/queries/customer-updates';
import { listTicketEscalationActions } from '@/db/queries/escalation';
import { findTicket, listTicketEvents, updateTicket } from '@/db/queries/tickets';
import type { User } from '@/db/schema';
import { hashToken } from '@/lib/auth/tokens';
import { confirmByLink, ConfirmationLinkError, peekConfirmationLink } from '@/lib/customer-updates/confirmation';
import { queueCustomerUpdate, workCustomerUpdates } from '@/lib/customer-updates/delivery-queue';
import { smtpMailer } from '@/lib/customer-updates/mailer';
import {
  customerUpdateDrafts,
  deliverCustomerUpdate,
  markCustomerUpdateSentByHand,
  MAX_SEND_ATTEMPTS,
  PersonalDataInUpdateError,
  submitCustomerUpdate,
} from '@/lib/customer-updates/service';
import { EmbeddedQueue } from '@/lib/jobs';
import { createTicket } from '@/lib/tickets/service';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { seedUser, testDb } from '../helpers';

let db: AppDb;
let engineer: User;
let sink: SmtpSink;
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const BASE = 'https://support.example.test';
const SMTP = { smtp: true, confirmLinkDays: 7, baseUrl: BASE };

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});
beforeEach(async () => {
  db = await testDb();
  engineer = await seedUser(db, 'engineer');
  sink.received.length = 0;
});

async function ticket(severity: 1 | 2 | 3 = 1, contact = 'ops@acme.example') {
  const t = await createTicket(db, engineer, { customerName: 'Acme', customerContact: contact, severity, summary: 'No outbound delivery', components: ['queue'], reportedAt: [] }, T0);
  return t.id;
}

const mailer = () => smtpMailer({ url: sink.url, from: 'X400 Support <support@x400.example>' });
const deps = (min: number) => ({ mailer: mailer(), confirmLinkDays: 7, baseUrl: BASE, now: () => at(min) });

describe('drafts', () => {
  it('are filled from the bundle error codes, the SLA clock and the matrix cadence', async () => {
    const id = await ticket(1);
    await insertBundle(db, { id: 'b1', sha256: 'a'.repeat(64), fileName: 'trace-x-cli.zip', size: 1, channel: 'cli', createdAt: T0, ingestedAt: T0, ticketId: id, state: 'active', consentGranted: true, metadata: {}, report: { metrics: { errorCodes: { 'X400-2101': 3 } } } });
    const drafts = await customerUpdateDrafts(db, engineer, id, at(10));
    const investigating = drafts.find((d) => d.situation === 'investigating')!;
    expect(investigating.body).toContain('X400-2101 (Queue store unavailable)');
    expect(investigating.body).toContain('restart `x400-queue`');
    // Sev-1: mitigate within 4 h (24×7); the next hourly update counts from now.
    expect(investigating.body).toContain('Our target for restoring service on a Sev-1 incident is 2026-03-02 14:00 UTC.');
    expect(investigating.body).toContain('Our next update will reach you by 2026-03-02 11:10 UTC.');
    expect(drafts.find((d) => d.situation === 'resolved')!.body).toContain('{{confirmationLink}}');
  });
});

describe('sending', () => {
  it('refuses personal data, naming category and place, and writes nothing', async () => {
    const id = await ticket(1);
    const body = 'Hello,\n\nwe spoke to jane.doe@acme.example about the outage.';
    const attempt = submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'investigating', subject: 'Update', body }, SMTP, at(5));
    await expect(attempt).rejects.toBeInstanceOf(PersonalDataInUpdateError);
    await expect(attempt).rejects.toThrow('Personal data found: an e-mail address in the body, line 3, column 13 (21 characters). Edit it out before sending.');
    await attempt.catch((e: Error) => expect(e.message).not.toContain('jane.doe'));
    expect(await listTicketCustomerUpdates(db, id)).toEqual([]);
    expect((await listTicketEvents(db, id)).map((e) => e.kind)).not.toContain('customer_update');
  });

  it('sends through SMTP from the job queue, ticks the board update and restarts its cadence', async () => {
    const id = await ticket(1);
    const { update, manualText } = await submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'investigating', subject: '[Ticket] Investigating', body: 'We are on it.' }, SMTP, at(5));
    expect(update.status).toBe('queued');
    expect(manualText).toBeNull();
    const jobs = new EmbeddedQueue();
    await workCustomerUpdates(db, jobs, { mailer: mailer(), confirmLinkDays: 7, publicUrl: null, now: () => at(6) });
    await queueCustomerUpdate(jobs, update.id, BASE);
    await jobs.idle();
    await jobs.stop();
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]).toMatchObject({ from: 'support@x400.example', to: ['ops@acme.example'], subject: '[Ticket] Investigating' });
    expect(sink.received[0].text.trim()).toBe('We are on it.');
    expect(await findCustomerUpdate(db, update.id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: at(6) });
    const actions = await listTicketEscalationActions(db, id);
    expect(actions.map((a) => [a.kind, a.at.toISOString(), a.byId])).toEqual([['update', at(6).toISOString(), engineer.id]]);
    expect((await listTicketEvents(db, id)).map((e) => e.kind)).toEqual(expect.arrayContaining(['customer_update', 'customer_update_sent', 'escalation']));
    // A Sev-1 investigating update is not the notification of the fix.
    expect((await findTicket(db, id))!.customerNotifiedAt).toBeNull();
  });

  it('a resolved update carries a fresh single-use link, records the notification, and the link confirms', async () => {
    const id = await ticket(2);
    await updateTicket(db, id, { status: 'mitigated', acknowledgedAt: at(10), mitigatedAt: at(60), mitigationSteps: 'Restarted x400-queue.' });
    const { update } = await submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'resolved', subject: 'Resolved', body: 'Please confirm:\n{{confirmationLink}}' }, SMTP, at(70));
    expect(await deliverCustomerUpdate(db, update.id, deps(71))).toBe('sent');
    const link = /https:\/\/support\.example\.test\/confirm\/([A-Za-z0-9_-]{43})/.exec(sink.received[0].text);
    expect(link).not.toBeNull();
    const token = link![1];
    // Only the hash is stored; the stored text keeps the placeholder.
    const [row] = await listTicketConfirmationLinks(db, id);
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(await listTicketCustomerUpdates(db, id))).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 86_400_000);
    const notified = (await findTicket(db, id))!;
    expect(notified.customerNotifiedAt).toEqual(at(71));
    expect(notified.customerNotifiedVia).toBe('email');

    expect(await peekConfirmationLink(db, token, at(80))).toEqual({ state: 'usable', ticketId: id });
    expect(await confirmByLink(db, token, at(80))).toEqual({ ticketId: id });
    const confirmed = (await findTicket(db, id))!;
    expect(confirmed.customerConfirmedAt).toEqual(at(80));
    expect(confirmed.customerConfirmation).toBe(`Confirmed by the customer through the single-use link sent with customer update #${update.id}.`);
    const [audit] = await listAudit(db, { action: 'ticket.customer_confirmed' });
    expect(audit).toMatchObject({ actorEmail: 'customer (confirmation link)', targetId: String(id) });
    // Single use.
    await expect(confirmByLink(db, token, at(81))).rejects.toThrow('already been used');
    expect(await peekConfirmationLink(db, token, at(81))).toEqual({ state: 'used' });
  });

  it('a link is used once even when two clicks race, and expires', async () => {
    const id = await ticket(2);
    const { update } = await submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'mitigated', subject: 'Mitigated', body: 'Confirm: {{confirmationLink}}' }, SMTP, at(1));
    await deliverCustomerUpdate(db, update.id, deps(2));
    const token = /\/confirm\/([A-Za-z0-9_-]{43})/.exec(sink.received[0].text)![1];
    const results = await Promise.allSettled([confirmByLink(db, token, at(3)), confirmByLink(db, token, at(3))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConfirmationLinkError);
    expect((await listTicketEvents(db, id)).filter((e) => e.kind === 'customer_confirmed')).toHaveLength(1);

    const other = await ticket(2);
    const second = await submitCustomerUpdate(db, engineer, { ticketId: other, situation: 'resolved', subject: 'Resolved', body: '{{confirmationLink}}' }, SMTP, at(1));
    await deliverCustomerUpdate(db, second.update.id, deps(2));
    const late = /\/confirm\/([A-Za-z0-9_-]{43})/.exec(sink.received[1].text)![1];
    const eightDays = new Date(at(2).getTime() + 8 * 86_400_000);
    expect(await peekConfirmationLink(db, late, eightDays)).toEqual({ state: 'expired' });
    await expect(confirmByLink(db, late, eightDays)).rejects.toThrow('expired');
    expect((await findTicket(db, other))!.customerConfirmedAt).toBeNull();
    await expect(confirmByLink(db, 'x'.repeat(43), at(3))).rejects.toThrow('not valid');
    expect(await peekConfirmationLink(db, '../../etc', at(3))).toEqual({ state: 'unknown' });
  });

  it('an SMTP refusal is retried and recorded without the address; the last attempt marks it failed', async () => {
    const id = await ticket(1);
    const { update } = await submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'investigating', subject: 'Update', body: 'Still on it.' }, SMTP, at(1));
    sink.refuseNext('5.1.1 <ops@acme.example>: mailbox unavailable');
    await expect(deliverCustomerUpdate(db, update.id, deps(2))).rejects.toThrow();
    const after = (await findCustomerUpdate(db, update.id))!;
    expect(after).toMatchObject({ status: 'queued', attempts: 1 });
    expect(after.lastError).toContain('mailbox unavailable');
    expect(after.lastError).not.toContain('ops@acme.example');
    expect(await listTicketEscalationActions(db, id)).toEqual([]);
    for (let i = 2; i <= MAX_SEND_ATTEMPTS; i++) {
      sink.refuseNext('4.2.2 over quota');
      if (i < MAX_SEND_ATTEMPTS) await expect(deliverCustomerUpdate(db, update.id, deps(2 + i))).rejects.toThrow();
      else expect(await deliverCustomerUpdate(db, update.id, deps(2 + i))).toBe('failed');
    }
    expect(await findCustomerUpdate(db, update.id)).toMatchObject({ status: 'failed', attempts: MAX_SEND_ATTEMPTS });
    // Then sent another way by hand: that ticks the board.
    await markCustomerUpdateSentByHand(db, engineer, { ticketId: id, updateId: update.id }, 'phone', at(30));
    expect((await listTicketEscalationActions(db, id)).map((a) => a.kind)).toEqual(['update']);
  });
});

describe('without SMTP', () => {
  it('keeps the update to send by hand with the text (and link) ready to copy; marking it sent ticks the board', async () => {
    const id = await ticket(3);
    const { update, manualText } = await submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'resolved', subject: 'Resolved', body: 'Confirm here: {{confirmationLink}}' }, { smtp: false, confirmLinkDays: 3, baseUrl: BASE }, at(1));
    expect(update.status).toBe('manual');
    const token = /^Confirm here: https:\/\/support\.example\.test\/confirm\/([A-Za-z0-9_-]{43})$/.exec(manualText!)![1];
    expect((await listTicketConfirmationLinks(db, id))[0]).toMatchObject({ tokenHash: hashToken(token), expiresAt: new Date(at(1).getTime() + 3 * 86_400_000) });
    expect(sink.received).toHaveLength(0);
    await markCustomerUpdateSentByHand(db, engineer, { ticketId: id, updateId: update.id }, 'email', at(5));
    // Sev-3 has no cadence: the update communicates the ETA, once.
    expect((await listTicketEscalationActions(db, id)).map((a) => a.kind)).toEqual(['communicate_eta']);
    await expect(markCustomerUpdateSentByHand(db, engineer, { ticketId: id, updateId: update.id }, 'email', at(6))).rejects.toThrow('already sent');
    await expect(markCustomerUpdateSentByHand(db, engineer, { ticketId: id + 1, updateId: update.id }, 'email', at(6))).rejects.toThrow('has no customer update');
  });

  it('a contact that is not an e-mail address is also kept to send by hand; a manager may not send', async () => {
    const id = await ticket(1, '+44 20 7946 0958');
    const { update } = await submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'acknowledged', subject: 'Ack', body: 'We are on it.' }, SMTP, at(1));
    expect(update.status).toBe('manual');
    const manager = await seedUser(db, 'manager');
    await expect(submitCustomerUpdate(db, manager, { ticketId: id, situation: 'acknowledged', subject: 'Ack', body: 'Hi' }, SMTP, at(1))).rejects.toThrow();
    await expect(submitCustomerUpdate(db, engineer, { ticketId: id, situation: 'acknowledged', subject: 'Ack', body: '{{confirmationLink}}' }, SMTP, at(1))).rejects.toThrow('Only a mitigated or resolved update may carry the confirmation link');
  });
});
