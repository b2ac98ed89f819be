// The inspect worker thread: reads snapshot.json (streamed) and parses the trace batches the main
// thread hands it, doing for each exactly what the main thread does with its own: redaction
// check, span conversion, metrics. Its results go back once, at the end, to be merged in order.

import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_LIMITS, openZip, type BundleLimits } from '../archive';
import { MetricsCollector } from '../metrics';
import { OperationsCollector, partialBuffers } from '../operations';
import type { Span } from '../trace/model';
import { RedactionCheck } from '../redaction';
import { readSnapshotWhole, streamSnapshot } from '../snapshot-stream';
import { OtlpFastReader } from '../trace/otlp-fast';
import { SpanSpool } from '../../ingest/span-spool';
import { SpanRedactor, spanDetails } from '../../ingest/spans';
import { readOffloaded, readRecords } from '../trace/reader';
import { SeqTracker } from './findings';
import type { BatchMessage, FinishedMessage, SnapshotMessage, WorkerInit } from './protocol';

const init = workerData as WorkerInit;
const limits: BundleLimits = { ...DEFAULT_LIMITS, ...init.limits };
const catalogue = { ndrReasons: init.ndrReasons, ndrDiagnostics: init.ndrDiagnostics };
const check = new RedactionCheck(limits.maxFindings);
const tracker = new SeqTracker(check);
const metrics = new MetricsCollector(catalogue);
const done = new Int32Array(init.progress);
const fast = init.fastRecords ? new OtlpFastReader(check) : null;
let failure: string | null = null;
let snapshot: Promise<FinishedMessage['snapshot']> = Promise.resolve(null);

// A parse into the database keeps each span's row details too, as the main thread's onSpan does.
const spool = init.spool ? new SpanSpool(init.spool) : null;
const redactor = new SpanRedactor();

const operations: { seq: number; collector: OperationsCollector }[] = [];
let batchOperations = new OperationsCollector();
const onSpan = (span: Span) => {
  metrics.addSpan(span);
  batchOperations.add(span);
  spool?.append(spanDetails(span, redactor));
};

/** Starts the batch numbered `seq`: findings, metrics and span statistics under that number. */
function beginBatch(seq: number): void {
  tracker.begin(seq);
  metrics.seq = seq;
  batchOperations = new OperationsCollector();
  operations.push({ seq, collector: batchOperations });
}
const records = {
  onSpan,
  onPiece: (path: readonly (string | number)[], value: unknown) => check.scanValue('trace.json', path, value),
  onKey: (path: readonly (string | number)[], key: string) => check.scanKey('trace.json', path, key),
};

function readBatch(bytes: Buffer, msg: BatchMessage['batches'][number]): void {
  beginBatch(msg.seq);
  if (msg.kind === 'otlp-resources' || msg.kind === 'jaeger-data') {
    readRecords({ top: msg.top, first: msg.first, buf: bytes, start: msg.start, end: msg.end }, limits.maxJsonDepth, records);
    return;
  }
  const path: (string | number)[] = msg.path.slice();
  if (msg.kind === 'otlp' && fast?.usable && path.length + 5 <= limits.maxJsonDepth) {
    // Span records from their bytes, as the main thread reads its own; one given back takes
    // the general path, alone.
    let from = msg.start;
    for (let k = 0; k < msg.count; k++) {
      from = skipSeparator(bytes, from);
      path.push(msg.first + k);
      let end = fast.readSpan(bytes, from, path, msg.service!);
      if (end >= 0) {
        onSpan(fast.span!);
      } else {
        end = containerEnd(bytes, from);
        readOne(msg, path, JSON.parse(bytes.toString('utf8', from, end)));
      }
      path.pop();
      from = end;
    }
    return;
  }
  const values = JSON.parse('[' + bytes.toString('utf8', msg.start, msg.end) + ']') as unknown[];
  if (values.length !== msg.count) throw new Error('invalid JSON array element');
  for (let k = 0; k < values.length; k++) {
    path.push(msg.first + k);
    readOne(msg, path, values[k]);
    path.pop();
  }
}

/** A record parsed whole: checked, then converted, at `path`. */
function readOne(msg: BatchMessage['batches'][number], path: readonly (string | number)[], value: unknown): void {
  check.scanValue('trace.json', path, value);
  readOffloaded(msg, value, onSpan);
}

/** The offset just past the object or array starting at `bytes[i]` (the main thread cut it out whole). */
function containerEnd(bytes: Buffer, i: number): number {
  let depth = 0;
  for (; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x22) {
      for (i++; bytes[i] !== 0x22; i++) if (bytes[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if ((c === 0x7d || c === 0x5d) && --depth === 0) {
      return i + 1;
    }
  }
  throw new Error('invalid JSON array element');
}

/** The offset of the next record: past whitespace and the comma between two records. */
function skipSeparator(bytes: Buffer, i: number): number {
  for (let c = bytes[i]; c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = bytes[++i]);
  return i;
}

async function readSnapshot(msg: SnapshotMessage): Promise<FinishedMessage['snapshot']> {
  const zip = await openZip(msg.zipPath, limits);
  const entry = zip.entries.find((e) => e.name === 'snapshot.json');
  if (!entry) return null;
  let snapCheck = new RedactionCheck(limits.maxFindings);
  let snapTracker = new SeqTracker(snapCheck);
  snapTracker.begin(msg.seq);
  let series = await streamSnapshot(zip, entry, limits, snapCheck, msg.streamFromBytes);
  if (!series) {
    // Declined: the whole document, from a clean check (a problem throws, and the main thread
    // then reads the bundle again on its own, which reports it).
    snapCheck = new RedactionCheck(limits.maxFindings);
    snapTracker = new SeqTracker(snapCheck);
    snapTracker.begin(msg.seq);
    series = await readSnapshotWhole(zip, entry, limits, snapCheck, []);
  }
  const seriesMetrics = new MetricsCollector(catalogue);
  for (const s of series) seriesMetrics.addSeries(s);
  return { findings: snapTracker.result(), metrics: seriesMetrics.state() };
}

parentPort!.on('message', (msg: SnapshotMessage | BatchMessage | { type: 'finish' }) => {
  if (msg.type === 'snapshot') {
    snapshot = readSnapshot(msg).catch((err: unknown) => {
      failure ??= `snapshot.json: ${err instanceof Error ? err.message : String(err)}`;
      return null;
    });
  } else if (msg.type === 'batches') {
    try {
      const bytes = Buffer.from(msg.bytes.buffer, msg.bytes.byteOffset, msg.bytes.byteLength);
      if (failure === null) for (const batch of msg.batches) readBatch(bytes, batch);
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    Atomics.add(done, 0, 1);
    Atomics.notify(done, 0);
  } else {
    void snapshot.then((snap) => {
      const parts = operations.map(({ seq, collector }) => ({ seq, partial: collector.partial() }));
      let spooledRows = 0;
      try {
        spooledRows = spool?.handOver() ?? 0;
      } catch (err) {
        failure ??= `span spool: ${err instanceof Error ? err.message : String(err)}`;
      }
      const finished: FinishedMessage = { type: 'finished', failure, findings: tracker.result(), metrics: metrics.state(), operations: parts, spooledRows, snapshot: snap };
      // The span columns move to the main thread: no copy, nothing for either collector to trace.
      parentPort!.postMessage(finished, parts.flatMap((p) => partialBuffers(p.partial)));
    });
  }
});
