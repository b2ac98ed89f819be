// The sanitized copy of a bundle that may leave the building: every string the personal-data
// scanner flags (keys and values of every JSON entry, every ndjson line, every text line, entry
// names) replaced by `[redacted:<category>]`, plus the original's inspection report. Streams
// entry by entry: inflate, rewrite strings only, deflate to the output file.

import fs from 'node:fs';
import { once } from 'node:events';
import { crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { Zip, type ZipInputFile } from 'fflate';
import { checkEntries, DEFAULT_LIMITS, openZip, readEntry, type BundleLimits } from '@/lib/bundle/archive';
import { inspectBundle, type InspectReport } from '@/lib/bundle/inspect';
import { AppError } from '@/lib/errors';
import { JsonRedactor, NdjsonRedactor, StringRedactor, TextRedactor, type RedactionCounts, type RewriteHelper } from './redactor';
import { startRewriteThread } from './rewrite-thread';

export const INSPECT_REPORT_ENTRY = 'inspect-report.json';

export interface SanitizeOptions {
  limits?: Partial<BundleLimits>;
  /** The bundle's own file name, for the report (stored files are named by bundle id). */
  fileName?: string;
  /** Deflate level of the output, default DEFAULT_LEVEL. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** The inspection of the original: overall fraction in [0, 1]. */
  onInspectProgress?(fraction: number): void;
  /** The rewrite: inflated bytes read so far of all entries, and their total. */
  onProgress?(bytesDone: number, bytesTotal: number): void;
  /** Rewrite on a thread of its own (default: from REWRITE_THREAD_MIN_BYTES of zip file on). */
  rewriteThread?: boolean;
  /**
   * The inspection of this very file, when one is on record (a parsed bundle's): it is not made
   * again, and the rewrite has both cores to itself.
   */
  report?: InspectReport;
}

export interface SanitizeResult {
  /** Markers written, per category (entry contents and entry names; not the report). */
  redactions: RedactionCounts;
  /** The inspection of the original bundle, as stored in the sanitized zip. */
  report: InspectReport;
  entries: string[];
}

const BATCH_BYTES = 256 * 1024;
/**
 * zlib level 3: a third of level 6's CPU on trace JSON (0.40 s against 1.14 s per 100 MB here)
 * for a file about 10% larger; the deflate shares two cores with the rewrite and the inspection.
 */
const DEFAULT_LEVEL = 3;
/** Zip files from this size on are rewritten on a thread of their own (below, starting it costs more). */
export const REWRITE_THREAD_MIN_BYTES = 4 * 1024 * 1024;

/**
 * One zip entry deflated by node:zlib (native, on libuv's thread pool, so it runs beside the
 * rewrite on the main thread) rather than fflate's JavaScript deflate, which was a third of a
 * share's time. fflate's Zip still writes the archive: this is its ZipInputFile.
 */
class NativeDeflateEntry implements ZipInputFile {
  size = 0;
  crc = 0;
  readonly compression = 8;
  ondata?: ZipInputFile['ondata'];
  private readonly deflate: DeflateRaw;
  private readonly ended: Promise<void>;
  private failure: Error | null = null;

  constructor(readonly filename: string, level: number) {
    this.deflate = createDeflateRaw({ level, chunkSize: 256 * 1024 });
    this.deflate.on('data', (chunk: Buffer) => this.ondata?.(null, new Uint8Array(chunk.buffer as ArrayBuffer, chunk.byteOffset, chunk.length), false));
    this.deflate.on('error', (err) => { this.failure ??= err; });
    this.ended = once(this.deflate, 'end').then(() => {
      // size and crc are read when the last chunk is handed on (they go in the data descriptor).
      this.ondata?.(null, new Uint8Array(0), true);
    });
    // Awaited in end(); until then a deflate error is kept in `failure`, not left unhandled.
    this.ended.catch(() => {});
  }

  /** Deflates `bytes`; resolves at once unless the deflater's buffer is full. */
  async push(bytes: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    this.size += bytes.length;
    this.crc = crc32(bytes, this.crc);
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
  }

  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    this.deflate.end();
    await this.ended;
    if (this.failure) throw this.failure;
  }
}

/** Collects small pieces so the deflater sees large chunks (far fewer calls), then waits for it. */
class Batcher {
  private parts: Buffer[] = [];
  private size = 0;
  private pending: Promise<void>[] = [];

  constructor(private readonly file: NativeDeflateEntry) {}

  push = (bytes: Buffer): void => {
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size >= BATCH_BYTES) this.send();
  };

  private send(): void {
    if (this.size > 0) this.pending.push(this.file.push(this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size)));
    this.parts = [];
    this.size = 0;
  }

  /** Waits until the deflater has taken what was pushed (back-pressure, between input chunks). */
  async drain(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }

  async finish(): Promise<void> {
    this.send();
    await this.drain();
    await this.file.end();
  }
}

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += fs.writeSync(fd, data, off, data.length - off);
}

type Kind = 'json' | 'ndjson' | 'text';
function kindOf(name: string): Kind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  return 'text';
}

/** What the rewrite needs, the same whether it runs on this thread or on its own. */
export interface RewriteJob {
  sourceZipPath: string;
  outZipPath: string;
  limits?: Partial<BundleLimits>;
  level: number;
}

export interface RewriteHooks {
  onProgress?(bytesDone: number, bytesTotal: number): void;
  /** The inspection of the original, for the report entry written last. */
  report(): Promise<InspectReport>;
  /** A second thread for the JSON entries' elements (lib/share/rewrite-helper.ts). */
  helper?: RewriteHelper;
}

/**
 * Writes every entry of the bundle rewritten, then the report entry, to `outZipPath`; removes it
 * when anything fails (the report's failure included).
 */
export async function writeSanitizedZip(job: RewriteJob, hooks: RewriteHooks): Promise<Omit<SanitizeResult, 'report'>> {
  const limits: BundleLimits = { ...DEFAULT_LIMITS, ...job.limits };
  const zip = await openZip(job.sourceZipPath, limits).catch((err: unknown) => {
    throw new AppError('UNPROCESSABLE', `The bundle cannot be opened: ${err instanceof Error ? err.message : String(err)}.`);
  });
  const structural = checkEntries(zip, limits);
  if (structural.length) throw new AppError('UNPROCESSABLE', `The bundle cannot be sanitized: ${structural.map((p) => p.message).join('; ')}.`);

  const strings = new StringRedactor();
  const names = new Set<string>();
  const fd = fs.openSync(job.outZipPath, 'w');
  let zipError: Error | null = null;
  const out = new Zip((err, data) => {
    if (err) zipError = err;
    else writeAll(fd, data);
  });
  const level = job.level;
  const bytesTotal = zip.entries.reduce((n, e) => n + e.size, 0);
  let bytesDone = 0;
  let ok = false;
  try {
    for (const entry of zip.entries) {
      const name = uniqueName(strings.redact(entry.name, null) ?? entry.name, names);
      const file = new NativeDeflateEntry(name, level);
      out.add(file);
      const batch = new Batcher(file);
      const kind = kindOf(entry.name);
      const rewriter =
        kind === 'json' ? new JsonRedactor(strings, batch.push, name, null, hooks.helper)
        : kind === 'ndjson' ? new NdjsonRedactor(strings, batch.push, name)
        : new TextRedactor(strings, batch.push, name);
      try {
        for await (const chunk of readEntry(zip, entry, limits)) {
          rewriter.write(chunk);
          await batch.drain();
          bytesDone += chunk.length;
          hooks.onProgress?.(bytesDone, bytesTotal);
        }
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('UNPROCESSABLE', `${entry.name} cannot be read: ${err instanceof Error ? err.message : String(err)}.`);
      }
      rewriter.end();
      if (rewriter instanceof JsonRedactor) await rewriter.finish();
      await batch.finish();
      if (zipError) throw zipError;
    }
    const report = await hooks.report();
    hooks.onProgress?.(bytesTotal, bytesTotal);

    const redactions = { ...strings.counts };
    // The report's findings hold masked previews only; it still goes through the redactor so a
    // problem message quoting an entry name or a JSON snippet cannot carry raw data out.
    const reportName = uniqueName(INSPECT_REPORT_ENTRY, names, 'x400-');
    const reportFile = new NativeDeflateEntry(reportName, level);
    out.add(reportFile);
    const reportBatch = new Batcher(reportFile);
    const reportRewriter = new JsonRedactor(new StringRedactor(), reportBatch.push, reportName);
    reportRewriter.write(Buffer.from(JSON.stringify(report, null, 2), 'utf8'));
    reportRewriter.end();
    await reportBatch.finish();
    out.end();
    if (zipError) throw zipError;
    fs.fsyncSync(fd);
    ok = true;
    return { redactions, entries: [...names] };
  } finally {
    fs.closeSync(fd);
    if (!ok) fs.rmSync(job.outZipPath, { force: true });
  }
}

/**
 * Writes a sanitized copy of `sourceZipPath` to `outZipPath` (overwritten). Throws AppError
 * (CANNOT_SANITIZE) for a bundle whose structure is unsafe or whose JSON cannot be rewritten;
 * the partial output is then removed.
 *
 * The inspection of the original (unless `opts.report` holds it) runs at the same time as the
 * rewrite: only the report entry, written last, needs it, and its failure still comes first. From
 * REWRITE_THREAD_MIN_BYTES on, the rewrite runs on a thread of its own
 * (lib/share/rewrite-thread.ts), so the two use both cores.
 */
export async function sanitizeBundle(sourceZipPath: string, outZipPath: string, opts: SanitizeOptions = {}): Promise<SanitizeResult> {
  const job: RewriteJob = { sourceZipPath, outZipPath, limits: opts.limits, level: opts.level ?? DEFAULT_LEVEL };
  // With the inspection on record, this thread is idle: a helper thread takes part of the rewrite.
  const ownThread = (opts.rewriteThread ?? fs.statSync(sourceZipPath).size >= REWRITE_THREAD_MIN_BYTES) ? startRewriteThread(job, { helper: opts.report !== undefined }) : null;
  const inspection = opts.report ? Promise.resolve(opts.report) : inspectBundle(sourceZipPath, {
    limits: opts.limits,
    fileName: opts.fileName,
    // With the rewrite on its own thread, the inspection keeps to this one (two cores, two threads).
    threads: ownThread ? 1 : 2,
    onProgress: opts.onInspectProgress && ((f) => opts.onInspectProgress!(f)),
  });
  const inspected = inspection.then((report) => {
    opts.onInspectProgress?.(1);
    return report;
  });
  // Awaited below on every path; until then a failure must not count as unhandled.
  inspected.catch(() => {});
  let written: Omit<SanitizeResult, 'report'>;
  try {
    written = ownThread ? await ownThread.run(inspected, opts.onProgress) : await writeSanitizedZip(job, { onProgress: opts.onProgress, report: () => inspected });
  } catch (error) {
    // A thread that stopped half-way could not remove its partial output.
    fs.rmSync(outZipPath, { force: true });
    // The inspection's failure, when it failed too, is the one reported.
    await inspected;
    throw error;
  }
  return { ...written, report: await inspected };
}

function uniqueName(name: string, taken: Set<string>, prefix = ''): string {
  let candidate = taken.has(name) ? `${prefix}${name}` : name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${prefix}${n}-${name}`;
  taken.add(candidate);
  return candidate;
}
