// Background work inside the server process, one job at a time (parsing a 1M-span bundle uses a
// good share of memory; two at once would double it). A key is queued at most once.
type Job = () => Promise<unknown>;

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly pending = new Set<string>();

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  enqueue(key: string, job: Job): boolean {
    if (this.pending.has(key)) return false;
    this.pending.add(key);
    this.tail = this.tail
      .then(job)
      .catch((error) => this.onError(key, error))
      .finally(() => this.pending.delete(key));
    return true;
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
