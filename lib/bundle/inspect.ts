// inspectBundle: the one entry point the CLI (`x400-support inspect`) and the console's ingest
// share. Validates a bundle file, decides consent, checks redaction and gathers metrics in one
// streaming pass; never throws for a bad bundle (problems are reported), only for broken invariants.

import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  checkEntries, DEFAULT_LIMITS, openZip, parseBundleFileName, readEntry, readEntryBuffer,
  type BundleLimits, type Channel, type OpenedZip, type ZipEntry,
} from './archive';
import { parseJsonChecked, type Segment } from './json-stream';
import { validateMetadata, verifyConsent } from './metadata';
import { MetricsCollector, type BundleMetrics } from './metrics';
import { OperationsCollector, indexSpans, operationStats, type OperationsPartial, type SpanIndex } from './operations';
import { LogsCollector, logsSummary, readLogLine, type LogLine, type LogsSummary } from './logs';
import { BundleProblem, type Problem } from './problems';
import { RedactionCheck, type RedactionReport } from './redaction';
import type { Series } from './snapshot';
import { readSnapshotWhole, SNAPSHOT_STREAM_MIN_BYTES, streamSnapshot } from './snapshot-stream';
import { mergeFindings, SeqTracker, type SeqFindings } from './parallel/findings';
import { TraceSplit } from './parallel/split';
import { tryLoadErrorCatalogue } from './errors-catalogue';
import { TraceReader } from './trace/reader';
import { OtlpFastReader } from './trace/otlp-fast';
import { redactDeep } from './redact-deep';
import type { Span, TraceFormat } from './trace/model';

export type InspectStage = 'archive' | 'metadata' | 'snapshot' | 'trace' | 'logs' | 'config' | 'extra' | 'done';

export interface InspectOptions {
  /** Overrides of DEFAULT_LIMITS. */
  limits?: Partial<BundleLimits>;
  /** The bundle's name when the file on disk has another (uploads); defaults to the path's basename. */
  fileName?: string;
  /** Each span, as it is read (Zipkin spans come at the end, after merging). */
  onSpan?(span: Span): void;
  /** At the end, all spans' columns and parents, as the span statistics indexed them. */
  onSpanIndex?(index: SpanIndex, runs: SpanRun[]): void;
  /** logs.ndjson lines, in normal form, not yet redacted, a chunk's worth at a time (awaited). */
  onLogLines?(lines: LogLine[]): void | Promise<void>;
  /** Each snapshot series. */
  onSeries?(series: Series): void;
  /**
   * Awaited after each chunk of trace.json: a consumer that writes spans asynchronously catches
   * up here (back-pressure), and a failure it throws stops the read.
   */
  drain?(): Promise<void>;
  /** Overall progress in [0, 1] and the stage running. */
  onProgress?(fraction: number, stage: InspectStage): void;
  /** Read metadata.json only (e.g. before an engineer confirmed consent), even when consent is granted. */
  metadataOnly?: boolean;
  /**
   * 2: read snapshot.json and part of trace.json on a worker thread (when the trace is large and
   * neither onSpan nor onSeries is asked for). The report is the same, byte for byte, as with 1
   * (the default): a bundle with any problem is read again on one thread.
   */
  threads?: 1 | 2;
  /**
   * With threads 2 and onSpan (a parse into the database): spans read on the worker thread do not
   * reach onSpan; the worker spools their row details (lib/ingest/spans.ts spanDetails) to this
   * file instead, and onSpanIndex's runs say which spans each thread read.
   */
  workerSpool?: string;
  /**
   * Called before the bundle is read again on one thread (a two-thread reading met a problem, or
   * its worker failed): undo what onSpan, onSeries and onLogLines did with the first reading.
   */
  onRestart?(): void | Promise<void>;
  /** With threads 2: the smallest inflated trace.json read on two threads (default PARALLEL_MIN_TRACE_BYTES). */
  parallelFromBytes?: number;
  /** snapshot.json is streamed from this inflated size (default SNAPSHOT_STREAM_MIN_BYTES; tests stream small ones), else read whole. */
  snapshotStreamFromBytes?: number;
  /** With threads 2: 'alternate' gives the worker every other chunk, waiting for it (tests). */
  parallelSplit?: 'adaptive' | 'alternate';
  /** Inflated bytes handed to the trace reader at a time (default TRACE_CHUNK_BYTES; tests use small ones to cut many batches). */
  traceChunkBytes?: number;
  /**
   * false: every span record goes through JSON.parse and the general reader, none through the
   * byte-level OTLP reader (lib/bundle/trace/otlp-fast.ts). Tests compare the two.
   */
  fastRecords?: boolean;
}

/**
 * trace.json is inflated and read this much at a time. On two threads each chunk is one message
 * to the worker and one partial of span statistics per thread: 2 MiB rather than 512 KiB made
 * inspect at 1M spans 6% faster (farm-bench, 6 pairs, wall ratio 0.94, 0.91-0.97); at 100k, on
 * one thread, it changed nothing.
 */
export const TRACE_CHUNK_BYTES = 2 * 1024 * 1024;
/** Below this inflated trace.json size a second thread costs more to start than it saves. */
export const PARALLEL_MIN_TRACE_BYTES = 4 * 1024 * 1024;
/**
 * The same for OTLP, whose span records are read from their bytes on either thread: the main
 * thread still cuts out the worker's records, and on two cores the worker, the inflate thread and
 * V8's own threads compete. Measured through the bin (quiet, medians): 100k spans (50 MB) 1.47 s
 * on two threads against 1.28 s on one; 1M spans (500 MB) 7.4 s against 8.7 s.
 */
export const PARALLEL_MIN_OTLP_BYTES = 128 * 1024 * 1024;

/** Consecutive spans in read order, and whether the worker read them (else the main thread, through onSpan). */
export interface SpanRun {
  n: number;
  worker: boolean;
}
/** Sequence numbers: metadata.json, then snapshot.json, then trace.json and what follows. */
const SEQ_METADATA = 0;
const SEQ_SNAPSHOT = 1;
const SEQ_TRACE = 2;

export interface InspectReport {
  file: string;
  sha256: string | null;
  size: number;
  valid: boolean;
  problems: Problem[];
  bundleId: string | null;
  channel: Channel | null;
  createdAt: string | null;
  entries: { name: string; size: number; compressedSize: number }[];
  extraEntries: string[];
  consent: { granted: boolean; consentedAt: string | null; reason: string };
  retentionDays: number | null;
  reportedAt: string[];
  traceFormat: TraceFormat | null;
  /** Entries whose content was read (metadata only, without consent). */
  entriesRead: string[];
  redaction: RedactionReport;
  metrics: BundleMetrics;
  /** null without logs.ndjson (or when it was not read). */
  logs: LogsSummary | null;
}

const KNOWN = new Set(['metadata.json', 'snapshot.json', 'trace.json', 'logs.ndjson', 'config.json']);
const REQUIRED = ['metadata.json', 'snapshot.json', 'trace.json'];

/**
 * The file's SHA-256, read through one buffer: a fresh buffer per read cost a page fault per
 * 4 KiB touched (15k of them for a 60 MB bundle, 0.15 s here).
 */
async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(1024 * 1024);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

function isIoError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string' && /^E[A-Z]+$/.test((err as { code: string }).code);
}

/** 0 valid and clean; 1 valid but personal data found; 2 invalid; 3 no consent (only metadata read). */
export function inspectExitCode(report: InspectReport): 0 | 1 | 2 | 3 {
  if (report.problems.some((p) => p.code !== 'NO_CONSENT')) return 2;
  if (report.problems.some((p) => p.code === 'NO_CONSENT')) return 3;
  return report.redaction.clean ? 0 : 1;
}

export async function inspectBundle(filePath: string, opts: InspectOptions = {}): Promise<InspectReport> {
  const limits: BundleLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const catalogue = tryLoadErrorCatalogue();
  const metrics = new MetricsCollector(catalogue);
  const redaction = new RedactionCheck(limits.maxFindings);
  // Findings come from several checks (snapshot.json's, a worker's): merged in order at the end.
  const tracker = new SeqTracker(redaction);
  tracker.begin(SEQ_METADATA);
  const parts: (() => SeqFindings)[] = [() => tracker.result()];
  // Span statistics gather per sequence number, so a worker's batches slot in between.
  const opsParts: { seq: number; partial: () => OperationsPartial; worker: boolean }[] = [];
  let operations: OperationsCollector | null = null;
  let operationsSeq = -1;
  const addOperation = (span: Span) => {
    if (!operations || operationsSeq !== metrics.seq) {
      const collector = new OperationsCollector();
      operations = collector;
      operationsSeq = metrics.seq;
      opsParts.push({ seq: operationsSeq, partial: () => collector.partial(), worker: false });
    }
    operations.add(span);
  };
  let logs: LogsCollector | null = null;
  const progress = opts.onProgress ?? (() => {});
  const report: InspectReport = {
    file: opts.fileName ?? basename(filePath),
    sha256: null,
    size: 0,
    valid: false,
    problems: [],
    bundleId: null,
    channel: null,
    createdAt: null,
    entries: [],
    extraEntries: [],
    consent: { granted: false, consentedAt: null, reason: 'metadata.json was not read' },
    retentionDays: null,
    reportedAt: [],
    traceFormat: null,
    entriesRead: [],
    redaction: redaction.report(),
    metrics: metrics.result(),
    logs: null,
  };
  let hashing: Promise<unknown> = Promise.resolve(null);
  const finish = async (): Promise<InspectReport> => {
    const hashFailure = await hashing;
    if (hashFailure !== null) {
      if (!isIoError(hashFailure)) throw hashFailure;
      report.problems.push({ code: 'IO_ERROR', message: `cannot read the file: ${(hashFailure as Error).message}` });
    }
    report.valid = report.problems.length === 0;
    report.redaction = mergeFindings(parts.map((p) => p()), limits.maxFindings);
    // Metrics are keyed by span, service and operation names: personal data there is masked too.
    const ordered = opsParts.sort((a, b) => a.seq - b.seq).map((p) => ({ partial: p.partial(), worker: p.worker }));
    const spans = indexSpans(ordered.map((p) => p.partial));
    opts.onSpanIndex?.(spans, ordered.map((p) => ({ n: p.partial.n, worker: p.worker })));
    report.metrics = redactDeep(metrics.result(operationStats(spans)));
    report.logs = logs ? redactDeep(logsSummary([logs.partial()], spans)) : null;
    progress(1, 'done');
    return report;
  };
  const guard = async (entryName: string | undefined, fn: () => Promise<void>): Promise<boolean> => {
    try {
      await fn();
      return true;
    } catch (err) {
      if (err instanceof BundleProblem) report.problems.push(err.problem);
      else if (isIoError(err)) report.problems.push({ code: 'IO_ERROR', message: `cannot read the file: ${(err as Error).message}`, ...(entryName ? { entry: entryName } : {}) });
      else throw err;
      return false;
    }
  };

  // 1. The file itself: size, hash, name. The hash is read beside the rest (and awaited by
  // finish): on two cores it no longer delays the first span by 0.3 s at 1M spans.
  if (!(await guard(undefined, async () => {
    const st = await stat(filePath);
    report.size = st.size;
    hashing = sha256File(filePath).then((hex) => { report.sha256 = hex; return null; }, (err: unknown) => err);
  }))) return finish();
  const parsedName = parseBundleFileName(report.file);
  if (!parsedName) {
    report.problems.push({ code: 'BAD_FILE_NAME', message: `"${report.file}" is not a bundle name (trace-<YYYYMMDDTHHMMSSZ or epoch ms>-<ui|cli>.zip)` });
  }

  // 2. The archive: central directory only, nothing inflated yet.
  let zip: OpenedZip | null = null;
  progress(0.05, 'archive');
  if (!(await guard(undefined, async () => { zip = await openZip(filePath, limits); }))) return finish();
  const z = zip as unknown as OpenedZip;
  report.entries = z.entries.map((e) => ({ name: e.name, size: e.size, compressedSize: e.compressedSize }));
  report.extraEntries = z.entries.map((e) => e.name).filter((n) => !KNOWN.has(n));
  const structural = checkEntries(z, limits);
  if (structural.length) {
    report.problems.push(...structural);
    return finish();
  }
  const byName = new Map<string, ZipEntry>(z.entries.map((e) => [e.name, e]));
  for (const name of REQUIRED) {
    if (!byName.has(name)) report.problems.push({ code: 'MISSING_ENTRY', message: `required entry "${name}" is missing`, entry: name });
  }
  const metaEntry = byName.get('metadata.json');
  if (!metaEntry) return finish();

  // 3. metadata.json and consent: without consent nothing else is read.
  progress(0.08, 'metadata');
  let metaRaw: unknown;
  if (!(await guard('metadata.json', async () => {
    metaRaw = parseJsonChecked(await readEntryBuffer(z, metaEntry, limits), 'metadata.json', limits.maxJsonDepth);
    report.entriesRead.push('metadata.json');
  }))) return finish();
  const meta = validateMetadata(metaRaw, parsedName);
  report.problems.push(...meta.problems);
  if (!meta.ok) {
    report.consent = { granted: false, consentedAt: null, reason: 'metadata.json is invalid' };
    return finish();
  }
  const md = meta.metadata;
  report.bundleId = md.bundleId;
  report.channel = md.channel;
  report.createdAt = md.createdAt;
  report.reportedAt = md.reportedAt ?? [];
  report.retentionDays = md.telemetry?.retentionDays ?? null;
  report.consent = verifyConsent(md);
  if (!report.consent.granted) {
    report.problems.push({ code: 'NO_CONSENT', message: `no consent: ${report.consent.reason}; nothing but metadata.json was read`, entry: 'metadata.json' });
    return finish();
  }
  redaction.scanValue('metadata.json', [], metaRaw);
  if (opts.metadataOnly) return finish();

  const snapEntry = byName.get('snapshot.json');
  const traceEntry = byName.get('trace.json');
  // OTLP span records are read straight from their bytes (otlp-fast.ts), on both threads: the
  // chunks given to the worker are only cut into records here.
  const fastRecords = opts.fastRecords !== false;
  const twoThreads = async (entry: ZipEntry): Promise<boolean> => {
    if (opts.parallelFromBytes !== undefined) return entry.size >= opts.parallelFromBytes;
    if (entry.size < PARALLEL_MIN_TRACE_BYTES) return false;
    return entry.size >= PARALLEL_MIN_OTLP_BYTES || !(fastRecords && await startsAsOtlp(z, entry, limits));
  };
  const split = opts.threads === 2 && (!opts.onSpan || opts.workerSpool) && traceEntry && await twoThreads(traceEntry)
    ? TraceSplit.start({ limits: opts.limits ?? {}, catalogue, tracker, metrics, firstSeq: SEQ_TRACE, policy: opts.parallelSplit, fastRecords, spool: opts.workerSpool })
    : null;
  // The series reach onSeries from this thread only.
  const snapshotOnWorker = split !== null && !opts.onSeries;
  try {
    // 4. snapshot.json: streamed series by series when large, else read whole; on the worker when there is one.
    if (snapEntry && snapshotOnWorker) {
      report.entriesRead.push('snapshot.json');
      split.readSnapshot(filePath, SEQ_SNAPSHOT, opts.snapshotStreamFromBytes ?? SNAPSHOT_STREAM_MIN_BYTES);
    } else if (snapEntry) {
      progress(0.1, 'snapshot');
      await guard('snapshot.json', async () => {
        let check = new RedactionCheck(limits.maxFindings);
        let snapTracker = new SeqTracker(check);
        snapTracker.begin(SEQ_SNAPSHOT);
        let series: Series[] | null = await streamSnapshot(z, snapEntry, limits, check, opts.snapshotStreamFromBytes);
        if (series) {
          report.entriesRead.push('snapshot.json');
        } else {
          // The whole-document reading, from a clean check.
          check = new RedactionCheck(limits.maxFindings);
          snapTracker = new SeqTracker(check);
          snapTracker.begin(SEQ_SNAPSHOT);
        }
        const final = snapTracker;
        parts.push(() => final.result());
        series ??= await readSnapshotWhole(z, snapEntry, limits, check, report.entriesRead);
        for (const s of series) {
          metrics.addSeries(s);
          opts.onSeries?.(s);
        }
      });
    }
    tracker.begin(SEQ_TRACE);
    metrics.seq = SEQ_TRACE;

    // 5. trace.json, streamed; batches handed to the worker while it keeps up.
    if (traceEntry) {
      progress(0.15, 'trace');
      await guard('trace.json', async () => {
        const onSpan = opts.onSpan;
        const reader = new TraceReader({
          maxDepth: limits.maxJsonDepth,
          onSpan: (span) => { metrics.addSpan(span); addOperation(span); onSpan?.(span); },
          onPiece: (path: readonly Segment[], value) => redaction.scanValue('trace.json', path, value),
          onKey: (path, key) => redaction.scanKey('trace.json', path, key),
          fast: fastRecords ? new OtlpFastReader(redaction) : undefined,
          offload: split?.offload,
          wholeRecords: split?.wholeRecords,
        });
        report.entriesRead.push('trace.json');
        let done = 0;
        for await (const chunk of readEntry(z, traceEntry, limits, opts.traceChunkBytes ?? TRACE_CHUNK_BYTES)) {
          split?.beginChunk(chunk, traceEntry.size - done - chunk.length);
          reader.push(chunk);
          split?.endChunk();
          await opts.drain?.();
          done += chunk.length;
          progress(0.15 + 0.8 * (done / Math.max(traceEntry.size, 1)), 'trace');
        }
        reader.finish();
        report.traceFormat = reader.format;
        if (!reader.format) throw new BundleProblem('UNSUPPORTED_TRACE_FORMAT', 'trace.json is none of OTLP/JSON, Jaeger JSON or Zipkin v2 JSON', 'trace.json');
      });
    }

    logs = await readTheRest(z, byName, limits, redaction, report, progress, opts);

    if (split) {
      const worker = await split.finish();
      // Any problem, or a worker that could not read its part: the one-thread reading is the reference.
      // (A worker spool that is not one row per span it read is a failure too.)
      const spooledAll = !opts.workerSpool || worker?.spooledRows === worker?.operations.reduce((n, p) => n + p.partial.n, 0);
      if (!worker || worker.failure !== null || !spooledAll || (snapEntry && snapshotOnWorker && !worker.snapshot) || report.problems.length > 0) {
        await opts.onRestart?.();
        return await inspectBundle(filePath, { ...opts, threads: 1 });
      }
      parts.push(() => worker.findings);
      metrics.absorb(worker.metrics);
      for (const { seq, partial } of worker.operations) opsParts.push({ seq, partial: () => partial, worker: true });
      if (worker.snapshot) {
        const snap = worker.snapshot;
        parts.push(() => snap.findings);
        metrics.absorb(snap.metrics);
      }
    }
  } finally {
    await split?.abandon();
  }
  return finish();
}

/** True when trace.json opens as an OTLP document (`{"resourceSpans"` or the legacy `{"batches"`). */
async function startsAsOtlp(z: OpenedZip, entry: ZipEntry, limits: BundleLimits): Promise<boolean> {
  try {
    for await (const head of readEntry(z, entry, limits, 16 * 1024)) {
      return /^\s*\{\s*"(?:resourceSpans|batches)"/.test(head.toString('latin1', 0, 256));
    }
  } catch {
    // the full read reports what is wrong
  }
  return false;
}

/** Step 6: logs.ndjson, config.json and unknown entries, checked for personal data. */
async function readTheRest(
  z: OpenedZip,
  byName: Map<string, ZipEntry>,
  limits: BundleLimits,
  redaction: RedactionCheck,
  report: InspectReport,
  progress: (fraction: number, stage: InspectStage) => void,
  opts: InspectOptions,
): Promise<LogsCollector | null> {
  const guard = async (entryName: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      if (err instanceof BundleProblem) report.problems.push(err.problem);
      else if (isIoError(err)) report.problems.push({ code: 'IO_ERROR', message: `cannot read the file: ${(err as Error).message}`, entry: entryName });
      else throw err;
    }
  };
  // 6. logs.ndjson, config.json and unknown entries: checked for personal data.
  let logs: LogsCollector | null = null;
  const logsEntry = byName.get('logs.ndjson');
  if (logsEntry) {
    progress(0.95, 'logs');
    const collector = new LogsCollector();
    logs = collector;
    await guard('logs.ndjson', () => scanNdjson(z, logsEntry, limits, redaction, report, async (lines) => {
      for (const line of lines) collector.add(line);
      await opts.onLogLines?.(lines);
    }));
  }
  const configEntry = byName.get('config.json');
  if (configEntry) {
    progress(0.97, 'config');
    await guard('config.json', async () => {
      const raw = parseJsonChecked(await readEntryBuffer(z, configEntry, limits), 'config.json', limits.maxJsonDepth);
      report.entriesRead.push('config.json');
      redaction.scanValue('config.json', [], raw);
      const days = (raw as { telemetry?: { retentionDays?: unknown } } | null)?.telemetry?.retentionDays;
      if (report.retentionDays === null && typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 3650) report.retentionDays = days;
    });
  }
  for (const name of report.extraEntries) {
    const entry = byName.get(name)!;
    progress(0.98, 'extra');
    await guard(name, async () => {
      if (name.endsWith('.ndjson')) return scanNdjson(z, entry, limits, redaction, report, null);
      const buf = await readEntryBuffer(z, entry, limits);
      report.entriesRead.push(name);
      if (name.endsWith('.json')) {
        redaction.scanValue(name, [], parseJsonChecked(buf, name, limits.maxJsonDepth));
      } else {
        const lines = buf.toString('utf8').split('\n');
        for (let i = 0; i < lines.length; i++) if (lines[i]) redaction.scanLine(name, lines[i], i + 1);
      }
    });
  }
  return logs;
}

/**
 * Reads an ndjson entry line by line. With `onLogLine` (logs.ndjson) every line must be a JSON
 * object, and each is handed on in normal form.
 */
async function scanNdjson(zip: OpenedZip, entry: ZipEntry, limits: BundleLimits, redaction: RedactionCheck, report: InspectReport, onLogLines: ((lines: LogLine[]) => Promise<void>) | null): Promise<void> {
  const strict = onLogLines !== null;
  let pending: LogLine[] = [];
  report.entriesRead.push(entry.name);
  let carry: Buffer | null = null;
  let lineNo = 0;
  const handleLine = (line: Buffer) => {
    lineNo++;
    const text = line.toString('utf8').trim();
    if (!text) return;
    let value: unknown;
    try {
      value = parseJsonChecked(Buffer.from(text), entry.name, limits.maxJsonDepth);
    } catch (err) {
      if (err instanceof BundleProblem) throw new BundleProblem(err.problem.code, `${entry.name} line ${lineNo}: ${err.problem.message}`, entry.name, lineNo);
      throw err;
    }
    if (strict && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new BundleProblem('LOGS_INVALID', `${entry.name} line ${lineNo} is not a JSON object`, entry.name, lineNo);
    }
    redaction.scanValue(entry.name, [], value, lineNo);
    if (onLogLines) pending.push(readLogLine(value as Record<string, unknown>, lineNo));
  };
  for await (const chunk of readEntry(zip, entry, limits)) {
    let buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    let nl: number;
    while ((nl = buf.indexOf(0x0a, start)) !== -1) {
      handleLine(buf.subarray(start, nl));
      start = nl + 1;
    }
    carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    if (carry && carry.length > limits.maxEntryBytes) throw new BundleProblem('ENTRY_TOO_LARGE', `${entry.name}: a line is too long`, entry.name);
    buf = Buffer.alloc(0);
    if (pending.length && onLogLines) { await onLogLines(pending); pending = []; }
  }
  if (carry) handleLine(carry);
  if (pending.length && onLogLines) await onLogLines(pending);
}
