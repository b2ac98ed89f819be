// Webhook deliveries as queued jobs (lib/jobs): a recorded paging / status-page action is sent by
// a worker with retries and backoff, so a restart never loses a page. The distributed queue keeps
// its jobs in PostgreSQL; the embedded one lives in the process, so at start the rows the database
// still shows as pending are queued again.
import type { Db } from '@/db/client';
import { listPendingWebhookActions } from '@/db/queries/escalation';
import type { JobQueue } from '@/lib/jobs';
import { deliverEscalationWebhook } from './service';
import type { DeliveryOptions } from './webhook';

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
