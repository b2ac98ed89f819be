// The distributed queue: pg-boss on the console's PostgreSQL database (its own schema, `pgboss`).
// Every instance may send; instances that run workers (X400_ROLE worker or all) fetch and run.
// A job whose worker dies is retried: by pg-boss when it expires, and sooner by the instance that
// notices the dead worker's heartbeat went stale (retryAbandoned).
import PgBoss from 'pg-boss';
import { queueSpec, type JobHandler, type JobQueue, type ScheduleSpec, type SendOptions, type StopOptions } from './queue';

export interface PgBossOptions {
  connectionString: string;
  /** Maintenance (expiry, archiving) and cron scheduling run only where workers run. */
  runsWorkers: boolean;
  pollingIntervalSeconds?: number;
  onError?: (error: Error) => void;
}

export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly created = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private started: Promise<unknown> | null = null;

  constructor(private readonly options: PgBossOptions) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: 'pgboss',
      application_name: 'x400-support-jobs',
      max: 4,
      supervise: options.runsWorkers,
      schedule: options.runsWorkers,
      migrate: true,
    });
    this.boss.on('error', (error: Error) => (options.onError ?? ((e) => console.error(`job queue: ${e.message}`)))(error));
  }

  /** Connects (and installs or upgrades pg-boss's schema, under its own advisory lock). */
  start(): Promise<unknown> {
    this.started ??= this.boss.start();
    return this.started;
  }

  private queue(name: string): Promise<void> {
    let ready = this.created.get(name);
    if (!ready) {
      const spec = queueSpec(name);
      // "short": at most one job per singleton key waits (created); a running one does not block
      // a new send, so a job re-sent for a dead worker's bundle is never refused.
      ready = this.start().then(() =>
        this.boss.createQueue(name, {
          name,
          policy: 'short',
          retryLimit: spec.retryLimit,
          retryBackoff: spec.retryBackoff,
          retryDelay: spec.retryDelaySeconds,
          expireInSeconds: spec.expireInSeconds,
        }),
      );
      ready.catch(() => this.created.delete(name));
      this.created.set(name, ready);
    }
    return ready;
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<void> {
    await this.queue(name);
    // pg-boss checks every key it is given: pass only the ones set.
    const sendOptions: PgBoss.SendOptions = {};
    if (options.singletonKey !== undefined) sendOptions.singletonKey = options.singletonKey;
    if (options.retryLimit !== undefined) sendOptions.retryLimit = options.retryLimit;
    if (options.retryBackoff !== undefined) sendOptions.retryBackoff = options.retryBackoff;
    if (options.retryDelaySeconds !== undefined) sendOptions.retryDelay = options.retryDelaySeconds;
    if (options.startAfterSeconds !== undefined) sendOptions.startAfter = options.startAfterSeconds;
    await this.boss.send(name, data, sendOptions);
  }

  async work<T extends object>(name: string, handler: JobHandler<T>): Promise<void> {
    await this.queue(name);
    await this.boss.work<T>(name, { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 1 }, async (jobs) => {
      for (const job of jobs) await handler(job.data);
    });
  }

  async schedule(name: string, spec: ScheduleSpec): Promise<void> {
    await this.queue(name);
    if ('cron' in spec) {
      await this.boss.schedule(name, spec.cron, {}, { singletonKey: name });
      return;
    }
    // One job per period across all instances: every instance offers it, the throttle slot
    // (singletonSeconds) lets one through.
    const offer = () =>
      this.boss
        .send(name, {}, { singletonKey: name, singletonSeconds: spec.everySeconds })
        .catch((error: Error) => console.error(`job queue: could not schedule ${name}: ${error.message}`));
    await offer();
    const timer = setInterval(() => void offer(), Math.min(spec.everySeconds, 3600) * 1000);
    timer.unref();
    this.timers.add(timer);
  }

  async retryAbandoned<T extends object>(name: string, singletonKey: string, data: T): Promise<void> {
    await this.queue(name);
    const { rows } = await this.boss
      .getDb()
      .executeSql(`SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active'`, [name, singletonKey]);
    const ids = rows.map((r: { id: string }) => r.id);
    for (const id of ids) await this.boss.fail(name, id, { message: 'the instance running it stopped' });
    // Failing retries it while it has retries left; a new job covers the rest (a duplicate send
    // is dropped by the singleton key, and the handler does nothing for a finished bundle).
    await this.boss.send(name, data, { singletonKey });
  }

  async idle(): Promise<void> {}

  async stop(options: StopOptions = {}): Promise<boolean> {
    for (const t of this.timers) clearInterval(t);
    if (!this.started) return true;
    // pg-boss stops fetching, waits for the running jobs up to the timeout, then fails the ones
    // still running (retried elsewhere by their retry policy) and closes its pool.
    let drained = true;
    const timeout = options.graceMs ?? 10_000;
    const started = Date.now();
    await this.boss.stop({ graceful: true, timeout, wait: true }).catch(() => {});
    if (Date.now() - started >= Math.max(timeout, 1000)) drained = false;
    return drained;
  }
}
