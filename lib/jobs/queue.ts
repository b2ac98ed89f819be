// The job queue seam: background work (parsing, webhook delivery, purge, the stray-object sweep)
// is sent by name and run by whichever process works that name. Embedded: in this process.
// Distributed: pg-boss on the PostgreSQL database, shared by every instance.
export interface SendOptions {
  /** At most one job with this key waits in the queue at a time (a second send is dropped). */
  singletonKey?: string;
  /** Retries after a failure (the handler threw, or the worker holding it died). */
  retryLimit?: number;
  /** Doubles the delay before each retry. */
  retryBackoff?: boolean;
  retryDelaySeconds?: number;
  startAfterSeconds?: number;
}

/** A schedule: every N seconds, or a cron expression (distributed only). */
export type ScheduleSpec = { everySeconds: number } | { cron: string };

export type JobHandler<T = Record<string, unknown>> = (data: T) => Promise<unknown>;

export interface QueueSpec {
  /** How long one run may take before the queue takes it as dead and retries it. */
  expireInSeconds: number;
  retryLimit: number;
  retryBackoff: boolean;
  retryDelaySeconds: number;
  /** Deliveries (webhooks, pages, e-mails): on a graceful stop, jobs already queued in this process
   * are still tried once (embedded); others wait for the next start in their rows. */
  finishOnStop?: boolean;
}

export interface StopOptions {
  /** How long running jobs may take to finish before stop() returns anyway (default: no bound). */
  graceMs?: number;
}

export interface JobQueue {
  readonly kind: 'embedded' | 'pg-boss';
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<void>;
  /** Runs `handler` for jobs of `name` in this process, one at a time. */
  work<T extends object>(name: string, handler: JobHandler<T>): Promise<void>;
  /** Sends `name` on a schedule, once per period across every instance; and once now. */
  schedule(name: string, spec: ScheduleSpec): Promise<void>;
  /** The worker that held the job with this key died: run it again (a retry where the queue
   * still holds the dead worker's job, else a new job). */
  retryAbandoned<T extends object>(name: string, singletonKey: string, data: T): Promise<void>;
  /** Resolves when every job sent so far in this process has run (embedded; for tests). */
  idle(): Promise<void>;
  /** Takes no new jobs and waits for the running ones, at most `graceMs`; then lets go of the
   * queue (pg-boss: its connections). True when every running job finished in time. */
  stop(options?: StopOptions): Promise<boolean>;
}

/** The queues the console uses, with their limits. */
export const QUEUES: Record<string, QueueSpec> = {
  parse: { expireInSeconds: 2 * 3600, retryLimit: 3, retryBackoff: true, retryDelaySeconds: 5 },
  webhook: { expireInSeconds: 10 * 60, retryLimit: 5, retryBackoff: true, retryDelaySeconds: 30, finishOnStop: true },
  paging: { expireInSeconds: 10 * 60, retryLimit: 8, retryBackoff: true, retryDelaySeconds: 5, finishOnStop: true },
  'sla-watch': { expireInSeconds: 10 * 60, retryLimit: 0, retryBackoff: false, retryDelaySeconds: 10 },
  purge: { expireInSeconds: 3600, retryLimit: 2, retryBackoff: true, retryDelaySeconds: 60 },
  // A share is started again by its requester, never retried: its passphrase travels in the payload.
  share: { expireInSeconds: 3600, retryLimit: 0, retryBackoff: false, retryDelaySeconds: 10 },
  'sweep-objects': { expireInSeconds: 3600, retryLimit: 1, retryBackoff: false, retryDelaySeconds: 60 },
  // lib/customer-updates: one e-mail per job; MAX_SEND_ATTEMPTS (5) = the first try + 4 retries.
  'customer-update': { expireInSeconds: 5 * 60, retryLimit: 4, retryBackoff: true, retryDelaySeconds: 30, finishOnStop: true },
};

export const DEFAULT_QUEUE: QueueSpec = { expireInSeconds: 15 * 60, retryLimit: 2, retryBackoff: true, retryDelaySeconds: 10 };

export function queueSpec(name: string): QueueSpec {
  return QUEUES[name] ?? DEFAULT_QUEUE;
}
