// Webhook deliveries as queued jobs (lib/jobs): a recorded paging / status-page action is sent by
// a worker with retries and backoff, so a restart never loses a page. The distributed queue keeps
// its jobs in PostgreSQL; the embedded one lives in the process, so at start the rows the database
// still shows as pending are queued again.
import type { Db } from '@/db/client';
import { listPendingPagingEvents } from '@/db/queries/alerts';
import { listPendingWebhookActions } from '@/db/queries/escalation';
import type { JobQueue } from '@/lib/jobs';
import { deliverEscalationWebhook } from './service';
import type { DeliveryOptions } from './webhook';
import { deliverPagingEvent, pendingLifecycle } from './paging';
import { runSlaWatch } from './sla-watch';

export const WEBHOOK_JOB = 'webhook';

export interface WebhookJob {
  actionId: number;
  baseUrl: string | null;
}

export async function queueWebhook(jobs: JobQueue, actionId: number, baseUrl: string | null): Promise<void> {
  await jobs.send<WebhookJob>(WEBHOOK_JOB, { actionId, baseUrl }, { singletonKey: `action-${actionId}` });
}

/** Runs deliveries in this process (a worker). */
export async function workWebhooks(db: Db, jobs: JobQueue, options: DeliveryOptions = {}): Promise<void> {
  await jobs.work<WebhookJob>(WEBHOOK_JOB, ({ actionId, baseUrl }) => deliverEscalationWebhook(db, actionId, { ...options, baseUrl }));
}

/** Queues again every delivery still pending in the database; returns how many. */
export async function resendPendingWebhooks(db: Db, jobs: JobQueue): Promise<number> {
  const pending = await listPendingWebhookActions(db);
  for (const action of pending) await queueWebhook(jobs, action.id, null);
  return pending.length;
}

export const PAGING_JOB = 'paging';
export const SLA_WATCH_JOB = 'sla-watch';

/** Sends one acknowledge / resolve event (lib/escalation/paging.ts) in the background. */
export async function queuePagingEvent(jobs: JobQueue, eventId: number): Promise<void> {
  await jobs.send<{ eventId: number }>(PAGING_JOB, { eventId }, { singletonKey: `paging-${eventId}` });
}

/** Queues a ticket's lifecycle events still to send (after an acknowledge or a mitigation). */
export async function queueTicketPaging(db: Db, jobs: JobQueue, ticketId: number): Promise<void> {
  for (const e of await pendingLifecycle(db, ticketId)) await queuePagingEvent(jobs, e.id);
}

/** Runs paging deliveries and the SLA watch in this process (a worker). */
export async function workPagingAndWatch(db: Db, jobs: JobQueue, options: DeliveryOptions = {}): Promise<void> {
  // A trigger still on its way makes the handler throw: the queue retries the event later.
  await jobs.work<{ eventId: number }>(PAGING_JOB, ({ eventId }) => deliverPagingEvent(db, eventId, options));
  await jobs.work(SLA_WATCH_JOB, async () => {
    const report = await runSlaWatch(db);
    for (const actionId of report.pages) await queueWebhook(jobs, actionId, null);
    // Durable through the rows: events an earlier run (or a stopped instance) left unsent.
    for (const e of await listPendingPagingEvents(db)) await queuePagingEvent(jobs, e.id);
  });
}
