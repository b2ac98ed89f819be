// Customer-update e-mails as queued jobs (lib/jobs), like webhook deliveries: retried with backoff
// by the queue; embedded, the updates the database still shows as queued are queued again at start.
import type { Db } from '@/db/client';
import { listQueuedCustomerUpdates } from '@/db/queries/customer-updates';
import type { JobQueue } from '@/lib/jobs';
import { deliverCustomerUpdate, type DeliveryDeps } from './service';

export const CUSTOMER_UPDATE_JOB = 'customer-update';

export interface CustomerUpdateJob {
  updateId: number;
  /** The origin of the request that sent it: the link's base when X400_PUBLIC_URL is unset. */
  baseUrl: string | null;
}

export async function queueCustomerUpdate(jobs: JobQueue, updateId: number, baseUrl: string | null): Promise<void> {
  await jobs.send<CustomerUpdateJob>(CUSTOMER_UPDATE_JOB, { updateId, baseUrl }, { singletonKey: `customer-update-${updateId}` });
}

/** Runs the mail jobs in this process (a worker). `publicUrl` wins over the job's own origin. */
export async function workCustomerUpdates(db: Db, jobs: JobQueue, deps: Omit<DeliveryDeps, 'baseUrl'> & { publicUrl: string | null }): Promise<void> {
  await jobs.work<CustomerUpdateJob>(CUSTOMER_UPDATE_JOB, ({ updateId, baseUrl }) => deliverCustomerUpdate(db, updateId, { ...deps, baseUrl: deps.publicUrl ?? baseUrl }));
}

/** Queues again every update still waiting in the database; returns how many. */
export async function resendQueuedCustomerUpdates(db: Db, jobs: JobQueue): Promise<number> {
  const queued = await listQueuedCustomerUpdates(db);
  for (const u of queued) await queueCustomerUpdate(jobs, u.id, null);
  return queued.length;
}
