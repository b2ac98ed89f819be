// The main thread's side of a two-thread inspect: starts the worker, offers it trace batches
// while it keeps up (the rest are read here, so neither thread waits on the other), and collects
// its results at the end. Sequence numbers order everything: each batch given away takes one, and
// the main thread's own work continues under the next.

import type { Worker } from 'node:worker_threads';
import { workerFile } from '@/lib/workers';
import type { BundleLimits } from '../archive';
import type { ErrorCatalogue } from '../errors-catalogue';
import type { MetricsCollector } from '../metrics';
import type { OffloadedBatch } from '../trace/reader';
import type { SeqTracker } from './findings';
import type { BatchMessage, FinishedMessage, SnapshotMessage, WorkerInit } from './protocol';

/**
 * Chunks' batches queued at the worker before the main thread reads the next chunk itself. Four,
 * not two: the worker starved less (1M spans, farm-bench -n 8 paired: wall 0.956x, +24 MiB peak).
 */
const MAX_QUEUED = 4;

/**
 * Whether the worker is given the next chunk, with `queued` chunks still waiting at it: while it
 * keeps up, and never more than this thread will still read itself after this chunk (at the end
 * of the entry, a worker with a queue kept the main thread waiting ~0.3 s at 1M spans).
 */
export function workerTakes(queued: number, chunkBytes: number, bytesAfter: number): boolean {
  return queued < MAX_QUEUED && queued + 1 <= Math.ceil(bytesAfter / Math.max(chunkBytes, 1));
}

export class TraceSplit {
  private seq: number;
  private sent = 0;
  private offered = 0;
  private alternate = false;
  private chunk: Buffer | null = null;
  private taking = false;
  private pending: BatchMessage['batches'] = [];
  private crashed: Error | null = null;
  private readonly finished: Promise<FinishedMessage | null>;

  private constructor(
    private readonly worker: Worker,
    private readonly done: Int32Array,
    private readonly tracker: SeqTracker,
    private readonly metrics: MetricsCollector,
    firstSeq: number,
  ) {
    this.seq = firstSeq;
    this.finished = new Promise((resolve) => {
      worker.on('message', (msg: FinishedMessage) => resolve(msg));
      worker.on('error', (err) => { this.crashed = err; resolve(null); });
      worker.on('exit', () => resolve(null));
    });
  }

  /**
   * Starts a worker, or returns null when none can run here. The main thread's own work is
   * tracked by `tracker` and `metrics`, under `firstSeq` until the first batch is given away; the
   * split then moves them to new sequence numbers.
   */
  static start(opts: {
    limits: Partial<BundleLimits>;
    catalogue: ErrorCatalogue | null;
    tracker: SeqTracker;
    metrics: MetricsCollector;
    firstSeq: number;
    /** 'alternate': every other batch, waiting for the worker when needed (tests use it to split evenly). */
    policy?: 'adaptive' | 'alternate';
    /** The worker reads OTLP span records from their bytes (the main thread does too). */
    fastRecords: boolean;
    /** Where the worker spools the row details of its spans (WorkerInit.spool). */
    spool?: string | null;
  }): TraceSplit | null {
    const file = workerFile(import.meta.url, 'inspect-worker', 'worker-dev.mjs');
    if (!file) return null;
    const progress = new SharedArrayBuffer(4);
    const init: WorkerInit = {
      limits: opts.limits,
      ndrReasons: (opts.catalogue?.ndrReasons ?? []).map((r) => ({ code: r.code, name: r.name })),
      ndrDiagnostics: (opts.catalogue?.ndrDiagnostics ?? []).map((r) => ({ code: r.code, name: r.name })),
      fastRecords: opts.fastRecords,
      progress,
      spool: opts.spool ?? null,
    };
    let worker: Worker;
    try {
      // Looked up at run time: Turbopack takes a literal `new Worker(…)` for a worker entry point and
      // bundles the whole project folder into it, which breaks `next build`.
      const threads = process.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
      if (!threads) return null;
      worker = new threads.Worker(file, { workerData: init });
    } catch {
      return null;
    }
    const split = new TraceSplit(worker, new Int32Array(progress), opts.tracker, opts.metrics, opts.firstSeq);
    split.alternate = opts.policy === 'alternate';
    return split;
  }

  private moveMainOn(): void {
    this.seq++;
    this.tracker.begin(this.seq);
    this.metrics.seq = this.seq;
  }

  /** The worker reads snapshot.json of `zipPath` under `seq` (below firstSeq), streamed from `streamFromBytes`. */
  readSnapshot(zipPath: string, seq: number, streamFromBytes: number): void {
    const msg: SnapshotMessage = { type: 'snapshot', zipPath, seq, streamFromBytes };
    this.worker.postMessage(msg);
  }

  /**
   * Called before the trace reader is given `chunk`: decides whether the batches cut from it go
   * to the worker (when it keeps up). Giving whole chunks keeps messages few and large.
   * `bytesAfter`: how much of the entry is left after this chunk (see workerTakes).
   */
  beginChunk(chunk: Buffer, bytesAfter = Infinity): void {
    this.chunk = chunk;
    this.pending = [];
    if (this.crashed) {
      this.taking = false;
    } else if (this.alternate) {
      this.taking = this.offered++ % 2 === 0;
      // Block until the worker has room (it runs on its own thread; the wait is bounded).
      for (let done = Atomics.load(this.done, 0); this.taking && this.sent - done >= MAX_QUEUED; done = Atomics.load(this.done, 0)) {
        if (Atomics.wait(this.done, 0, done, 30_000) === 'timed-out') this.taking = false;
      }
    } else {
      this.taking = workerTakes(this.sent - Atomics.load(this.done, 0), chunk.length, bytesAfter);
    }
  }

  /** TraceReader's offload hook: takes the batch when this chunk goes to the worker. */
  offload = (batch: OffloadedBatch): boolean => {
    if (!this.taking || batch.buf !== this.chunk) return false;
    // The batch takes a number of its own; the main thread's later work the one after it.
    this.seq++;
    this.pending.push({ seq: this.seq, kind: batch.kind, top: batch.top, path: batch.path, first: batch.first, count: batch.count, start: batch.start, end: batch.end, service: batch.service, processes: batch.processes });
    this.moveMainOn();
    return true;
  };

  /** TraceReader's wholeRecords hook: elements of resourceSpans / data are cut out whole for the worker. */
  wholeRecords = (): boolean => this.taking;

  /** Called after the trace reader read the chunk: sends what it gave away, in one message. */
  endChunk(): void {
    const pending = this.pending;
    this.pending = [];
    const chunk = this.chunk;
    this.chunk = null;
    if (pending.length === 0 || !chunk) return;
    const from = pending[0].start;
    const to = pending[pending.length - 1].end;
    const bytes = new Uint8Array(to - from);
    bytes.set(chunk.subarray(from, to));
    for (const b of pending) {
      b.start -= from;
      b.end -= from;
    }
    const msg: BatchMessage = { type: 'batches', batches: pending, bytes };
    this.worker.postMessage(msg, [bytes.buffer]);
    this.sent++;
  }

  /** Messages (chunks' batches) given to the worker so far. */
  get offloaded(): number {
    return this.sent;
  }

  /** Waits for the worker's results (null when it failed), then ends it. */
  async finish(): Promise<FinishedMessage | null> {
    if (!this.crashed) this.worker.postMessage({ type: 'finish' });
    const result = await this.finished;
    await this.worker.terminate();
    return result;
  }

  /** Ends the worker without waiting for results. */
  async abandon(): Promise<void> {
    await this.worker.terminate();
  }
}
