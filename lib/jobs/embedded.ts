// The embedded queue: jobs run in this process, one at a time per queue name (parsing a 1M-span
// bundle uses a good share of memory; two at once would double it). Durable only through the
// database: at start the server sends again what the rows say is unfinished (pending parses,
// pending webhooks).
import { queueSpec, type JobHandler, type JobQueue, type ScheduleSpec, type SendOptions, type StopOptions } from './queue';

interface Lane {
  handler: JobHandler<object> | null;
  tail: Promise<unknown>;
  waiting: { data: object; options: SendOptions; attempt: number }[];
  keys: Set<string>;
}

export class EmbeddedQueue implements JobQueue {
  readonly kind = 'embedded' as const;
  private readonly lanes = new Map<string, Lane>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly onError: (name: string, error: unknown) => void = (name, error) => console.error(`background job ${name} failed: ${(error as Error).message}`)) {}

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { handler: null, tail: Promise.resolve(), waiting: [], keys: new Set() };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<void> {
    if (this.stopped) return;
    const lane = this.lane(name);
    if (options.singletonKey !== undefined) {
      if (lane.keys.has(options.singletonKey)) return;
      lane.keys.add(options.singletonKey);
    }
    const delay = (options.startAfterSeconds ?? 0) * 1000;
    if (delay > 0) this.later(delay, () => this.enqueue(name, { data, options, attempt: 0 }));
    else this.enqueue(name, { data, options, attempt: 0 });
  }

  private enqueue(name: string, job: Lane['waiting'][number]): void {
    const lane = this.lane(name);
    if (!lane.handler) {
      lane.waiting.push(job);
      return;
    }
    const handler = lane.handler;
    const run = lane.tail.then(async () => {
      // Stopping: deliveries already queued are still tried once (their rows say pending until
      // sent, so a failure is sent again at the next start); other work waits for that start.
      if (this.stopped && !queueSpec(name).finishOnStop) return;
      try {
        await handler(job.data);
        if (job.options.singletonKey !== undefined) lane.keys.delete(job.options.singletonKey);
      } catch (error) {
        const spec = queueSpec(name);
        const limit = job.options.retryLimit ?? spec.retryLimit;
        if (job.attempt < limit && !this.stopped) {
          const base = (job.options.retryDelaySeconds ?? spec.retryDelaySeconds) * 1000;
          const backoff = job.options.retryBackoff ?? spec.retryBackoff;
          this.later(backoff ? base * 2 ** job.attempt : base, () => this.enqueue(name, { ...job, attempt: job.attempt + 1 }));
        } else if (job.options.singletonKey !== undefined) lane.keys.delete(job.options.singletonKey);
        this.onError(name, error);
      }
    });
    lane.tail = run;
    this.track(run);
  }

  async work<T extends object>(name: string, handler: JobHandler<T>): Promise<void> {
    const lane = this.lane(name);
    lane.handler = handler as JobHandler<object>;
    const waiting = lane.waiting.splice(0);
    for (const job of waiting) this.enqueue(name, job);
  }

  async schedule(name: string, spec: ScheduleSpec): Promise<void> {
    if (!('everySeconds' in spec)) throw new Error(`the embedded queue schedules by interval only (${name}: ${spec.cron})`);
    const tick = () => void this.send(name, {}, { singletonKey: name });
    tick();
    const timer = setInterval(tick, spec.everySeconds * 1000);
    timer.unref();
    this.timers.add(timer as unknown as NodeJS.Timeout);
  }

  async retryAbandoned<T extends object>(name: string, singletonKey: string, data: T): Promise<void> {
    await this.send(name, data, { singletonKey });
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async stop(options: StopOptions = {}): Promise<boolean> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (options.graceMs === undefined) {
      await this.idle();
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), options.graceMs);
    });
    const drained = await Promise.race([this.idle().then(() => true as const), late]);
    clearTimeout(timer);
    return drained;
  }
}
