// Issue 10's "done when", distributed mode: with X400_DATABASE_URL the console's queue is pg-boss,
// and the breach-warning watch, the page (trigger), the acknowledge event and a customer-update
// e-mail all travel as jobs through it (the same wiring lib/server/jobs.ts starts), never inline.
// Runs in the suite's PostgreSQL pass (scripts/test-pg.mjs); the SQLite pass skips it, saying so.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf, type AppDb } from '@/db/client';
import { usesPostgres } from '@/db/schema';
import { listInbox } from '@/db/queries/alerts';
import { findCustomerUpdate } from '@/db/queries/customer-updates';
import { updateTicket } from '@/db/queries/tickets';
import { createUser, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { queueCustomerUpdate, workCustomerUpdates } from '@/lib/customer-updates/delivery-queue';
import { smtpMailer } from '@/lib/customer-updates/mailer';
import { submitCustomerUpdate } from '@/lib/customer-updates/service';
import { queueTicketPaging, SLA_WATCH_JOB, workPagingAndWatch, workWebhooks } from '@/lib/escalation/delivery-queue';
import { jobQueueFromConfig, type JobQueue } from '@/lib/jobs';
import { setWebhookSettings } from '@/lib/settings';
import { acknowledgeTicket, assignTicket, createTicket } from '@/lib/tickets/service';
import { startPagingReceiver, type PagingReceiver } from '../../e2e/support/paging-receiver';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { testDb } from '../helpers';
import { until } from '@/test/support/until';

const RECEIVER_PORT = 3423;
let url: string | null = null;
let db: AppDb;
let jobs: JobQueue;
let receiver: PagingReceiver;
let sink: SmtpSink;

beforeAll(async () => {
  if (!usesPostgres()) return;
  db = await testDb();
  url = (poolOf(db).options as { connectionString: string }).connectionString;
  receiver = await startPagingReceiver(RECEIVER_PORT);
  sink = await startSmtpSink();
}, 60_000);

afterAll(async () => {
  await jobs?.stop();
  await receiver?.close();
  await sink?.close();
}, 60_000);

describe('distributed mode: warnings, paging and customer updates are pg-boss jobs', () => {
  it('the watch warns and pages, acknowledge follows, and the update e-mail goes out, each as a queued job', async (ctx) => {
    if (!url) return ctx.skip('distributed mode runs in the PostgreSQL pass (X400_DATABASE_URL)');
    jobs = jobQueueFromConfig({ databaseUrl: url, role: 'all' });
    expect(jobs.kind).toBe('pg-boss');
    const admin = (await createUser(db, { email: 'admin@dist.test', role: 'admin', password: 'dist-password-123' }, SYSTEM_ACTOR)).user;
    const engineer = (await createUser(db, { email: 'engineer@dist.test', role: 'engineer', password: 'dist-password-123' }, SYSTEM_ACTOR)).user;
    await setWebhookSettings(db, admin, { url: `${receiver.url}/v2/enqueue`, routingKey: 'DISTROUTINGKEY0123456789abcdefAB' });

    // A Sev-1 opened 16 minutes ago, assigned, unacknowledged: 50 % of its ack clock is gone and
    // the matrix's page is due.
    const created = new Date(Date.now() - 16 * 60_000);
    const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 1, summary: 'Nothing delivered', components: ['mta'], reportedAt: [] }, created);
    await assignTicket(db, admin, ticket.id, engineer.id, created);

    // What a worker instance runs (lib/server/jobs.ts startBackgroundJobs), on the shared queue.
    const fast = { sleep: async () => {}, attempts: 2 };
    await workWebhooks(db, jobs, fast);
    await workPagingAndWatch(db, jobs, fast);
    await workCustomerUpdates(db, jobs, { mailer: smtpMailer({ url: sink.url, from: 'X400 Support <support@x400.example>' }), confirmLinkDays: 7, publicUrl: 'https://support.example.test' });
    await jobs.schedule(SLA_WATCH_JOB, { everySeconds: 3600 });

    // 1. The watch job: the assignee's inbox, then the page's trigger, delivered by a webhook job.
    await until('the warning', async () => (await listInbox(db, engineer.id)).unread > 0);
    const dedupKey = `x400-ticket-${ticket.id}`;
    await until('the trigger', async () => receiver.events().some((e) => e.dedup_key === dedupKey && e.event_action === 'trigger'));

    // 2. Acknowledging queues the acknowledge event as a paging job.
    await acknowledgeTicket(db, engineer, ticket.id);
    await queueTicketPaging(db, jobs, ticket.id);
    await until('acknowledge', async () => receiver.events().some((e) => e.dedup_key === dedupKey && e.event_action === 'acknowledge'));
    expect(receiver.received.filter((r) => r.path === '/v2/enqueue').every((r) => r.problems.length === 0)).toBe(true);

    // 3. A customer update is queued, and a customer-update job sends it over SMTP.
    await updateTicket(db, ticket.id, { status: 'investigating' });
    const { update } = await submitCustomerUpdate(db, engineer, { ticketId: ticket.id, situation: 'investigating', subject: '[Ticket] Investigating', body: 'We are on it.' }, { smtp: true, confirmLinkDays: 7, baseUrl: null });
    expect(update.status).toBe('queued');
    await queueCustomerUpdate(jobs, update.id, null);
    await until('the e-mail', async () => sink.received.length > 0);
    await until('the update marked sent', async () => (await findCustomerUpdate(db, update.id))?.status === 'sent');

    // Every one of them went through pg-boss's tables.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; state: string }>(`SELECT name, state FROM pgboss.job WHERE name = ANY($1)`, [[SLA_WATCH_JOB, 'webhook', 'paging', 'customer-update']]);
      const done = (name: string) => rows.some((r) => r.name === name && r.state === 'completed');
      expect({ watch: done(SLA_WATCH_JOB), webhook: done('webhook'), paging: done('paging'), mail: done('customer-update') }).toEqual({ watch: true, webhook: true, paging: true, mail: true });
    } finally {
      await client.end();
    }
  }, 90_000);
});
