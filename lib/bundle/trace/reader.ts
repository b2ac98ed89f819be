// Streams trace.json: detects the encoding by shape, cuts out span objects with the structural
// scanner and turns them into the span model. Every parsed piece is also handed to `onPiece`
// (with its JSON path) so the redaction check sees every string without a second pass.

import { JsonStreamScanner, type Decision, type JsonStreamHandler, type Segment } from '../json-stream';
import { UNKNOWN_SERVICE, type Span, type TraceFormat } from './model';
import { otlpResourceService, otlpSpan } from './otlp';
import { jaegerSpan, type JaegerProcesses } from './jaeger';
import { ZipkinMerger } from './zipkin';
import type { OtlpFastReader } from './otlp-fast';

/**
 * A run of captured span records (OTLP spans of one scope, Jaeger spans of one trace, or whole
 * Jaeger traces of a root array) whose context is already known, handed out unparsed so another
 * thread can read them: see `readOffloaded`, which does there exactly what the reader does here.
 */
export interface OffloadedBatch {
  /**
   * otlp / jaeger: span records; jaeger-traces: whole traces of a root array; otlp-resources /
   * jaeger-data: whole elements of resourceSpans (or batches) / data, read by `readRecords`.
   */
  kind: 'otlp' | 'jaeger' | 'jaeger-traces' | 'otlp-resources' | 'jaeger-data';
  /** Path of the array the records are elements of. */
  path: Segment[];
  first: number;
  count: number;
  buf: Buffer;
  start: number;
  end: number;
  /** otlp-resources, jaeger-data: the array's key (resourceSpans, batches or data). */
  top?: string;
  /** otlp: the resource's service name. */
  service?: string;
  /** jaeger: the trace's processes. */
  processes?: JaegerProcesses;
}

export interface TraceReaderOptions {
  onSpan(span: Span): void;
  /** Offered each batch of records whose context is known; returns true when it takes it. */
  offload?(batch: OffloadedBatch): boolean;
  /**
   * Asked at each element of resourceSpans / data: true to cut it out whole and offer it (with
   * its resource or processes inside) rather than walk into it. Whole elements the offload does
   * not take are read here by `readRecords`, exactly as a walk would.
   */
  wholeRecords?(): boolean;
  /** Every parsed value, with its path, for the redaction check. */
  onPiece?(path: readonly Segment[], value: unknown): void;
  /** Every key of a walked container, for the redaction check. */
  onKey?(path: readonly Segment[], key: string): void;
  /**
   * Reads OTLP span records of the common shape straight from the bytes, checking their strings
   * itself (so it must check into the same redaction check as onPiece). Whole resources are then
   * never cut out for `offload`.
   */
  fast?: OtlpFastReader;
  maxDepth: number;
}

const OTLP_ROOT = new Set(['resourceSpans', 'batches']);
const OTLP_SCOPE = new Set(['scopeSpans', 'instrumentationLibrarySpans']);

interface OtlpResourceState {
  service: string | null;
  pending: unknown[];
}

interface JaegerTraceState {
  processes: JaegerProcesses | null;
  pending: unknown[];
}

export class TraceReader {
  format: TraceFormat | null = null;
  /** Span records that had no usable ids. */
  skipped = 0;
  private rootKind: 'object' | 'array' | null = null;
  private otlpResource: OtlpResourceState | null = null;
  private jaegerTrace: JaegerTraceState | null = null;
  private readonly zipkin = new ZipkinMerger();
  private readonly scanner: JsonStreamScanner;

  constructor(private readonly opts: TraceReaderOptions) {
    const handler: JsonStreamHandler = {
      decide: (path, kind) => this.decide(path, kind),
      onValue: (path, value) => this.onValue(path, value),
      onKey: opts.onKey,
      onEnd: (path, kind) => this.onEnd(path, kind),
      readFast: opts.fast?.usable ? (path, buf, start) => this.readFast(path, buf, start) : undefined,
      takeBatch: opts.offload ? (path, first, count, buf, start, end) => this.takeBatch(path, first, count, buf, start, end) : undefined,
    };
    this.scanner = new JsonStreamScanner(handler, 'trace.json', opts.maxDepth);
  }

  push(chunk: Buffer): void {
    this.scanner.push(chunk);
  }

  /** Completes the document; Zipkin spans are emitted here, after merging. */
  finish(): void {
    this.scanner.finish();
    if (this.format === 'zipkin') {
      for (const span of this.zipkin.spans()) this.opts.onSpan(span);
      this.skipped += this.zipkin.skipped;
    }
  }

  private decide(path: readonly Segment[], kind: 'object' | 'array'): Decision {
    const d = path.length;
    if (d === 0) {
      this.rootKind = kind;
      // A single unwrapped Jaeger trace may list `processes` before or after `spans`.
      if (kind === 'object') this.jaegerTrace = { processes: null, pending: [] };
      return 'descend';
    }
    if (this.rootKind === 'object') {
      const top = path[0];
      if (OTLP_ROOT.has(top as string)) {
        // resourceSpans[i].scopeSpans[j].spans[k]
        if (d === 1) { this.format ??= 'otlp'; return kind === 'array' ? 'descend' : 'capture'; }
        if (d === 2) {
          if (kind !== 'object' || (!this.fast && this.opts.wholeRecords?.())) return 'capture';
          this.otlpResource = { service: null, pending: [] };
          return 'descend';
        }
        if (d === 3) return OTLP_SCOPE.has(path[2] as string) && kind === 'array' ? 'descend' : 'capture';
        if (d === 4) return OTLP_SCOPE.has(path[2] as string) && kind === 'object' ? 'descend' : 'capture';
        if (d === 5) return path[4] === 'spans' && kind === 'array' ? 'descend' : 'capture';
        // A span record: read from the bytes when the resource's service is known (the record's
        // four levels of nesting stay well inside the depth limit); when this chunk's records go
        // to the worker, only cut out here (the worker reads them from the bytes).
        if (d === 6 && this.fast && kind === 'object' && path[4] === 'spans' && this.otlpResource?.service != null && d + 4 <= this.opts.maxDepth) {
          return this.opts.wholeRecords?.() ? 'capture' : 'fast';
        }
        return 'capture';
      }
      if (top === 'data') {
        // data[i].spans[k]
        if (d === 1) { this.format ??= 'jaeger'; return kind === 'array' ? 'descend' : 'capture'; }
        if (d === 2) {
          if (kind !== 'object' || this.opts.wholeRecords?.()) return 'capture';
          this.jaegerTrace = { processes: null, pending: [] };
          return 'descend';
        }
        if (d === 3) return path[2] === 'spans' && kind === 'array' ? 'descend' : 'capture';
        return 'capture';
      }
      if (top === 'spans' && d === 1 && kind === 'array') {
        // a single, unwrapped Jaeger trace
        this.format ??= 'jaeger';
        return 'descend';
      }
      return 'capture';
    }
    // Root array: Jaeger traces or Zipkin spans, each small enough to cut out whole.
    return 'capture';
  }

  private get fast(): boolean {
    return this.opts.fast?.usable === true;
  }

  private readFast(path: readonly Segment[], buf: Buffer, start: number): number {
    const fast = this.opts.fast!;
    const end = fast.readSpan(buf, start, path, this.otlpResource!.service!);
    if (end >= 0) this.opts.onSpan(fast.span!);
    return end;
  }

  private takeBatch(path: readonly Segment[], first: number, count: number, buf: Buffer, start: number, end: number): boolean {
    const d = path.length;
    const batch = { path: path.slice(), first, count, buf, start, end };
    if (this.rootKind === 'object') {
      const top = path[0];
      if (d === 1 && this.opts.wholeRecords && (OTLP_ROOT.has(top as string) || top === 'data')) {
        // Elements of resourceSpans / data, cut out whole: the worker's, or read here.
        const whole: OffloadedBatch = { ...batch, kind: top === 'data' ? 'jaeger-data' : 'otlp-resources', top: top as string };
        if (!this.opts.offload!(whole)) {
          readRecords(whole, this.opts.maxDepth, { onSpan: this.opts.onSpan, onPiece: this.opts.onPiece, onKey: this.opts.onKey });
        }
        return true;
      }
      if (OTLP_ROOT.has(top as string)) {
        const res = this.otlpResource;
        if (d === 5 && path[4] === 'spans' && res && res.service !== null) return this.opts.offload!({ ...batch, kind: 'otlp', service: res.service });
        return false;
      }
      const tr = this.jaegerTrace;
      if (tr?.processes && ((top === 'data' && d === 3 && path[2] === 'spans') || (top === 'spans' && d === 1))) {
        return this.opts.offload!({ ...batch, kind: 'jaeger', processes: tr.processes });
      }
      return false;
    }
    if (this.rootKind === 'array' && d === 0 && this.format === 'jaeger') return this.opts.offload!({ ...batch, kind: 'jaeger-traces' });
    return false;
  }

  private onValue(path: readonly Segment[], value: unknown): void {
    this.opts.onPiece?.(path, value);
    const d = path.length;
    if (this.rootKind === 'object') {
      const top = path[0];
      if (OTLP_ROOT.has(top as string)) {
        const res = this.otlpResource;
        if (d === 6 && path[4] === 'spans' && res) {
          if (res.service !== null) this.emitOtlp(value, res.service);
          else res.pending.push(value);
        } else if (d === 3 && path[2] === 'resource' && res) {
          res.service = otlpResourceService(value);
          for (const raw of res.pending) this.emitOtlp(raw, res.service);
          res.pending = [];
        }
        return;
      }
      if (top === 'data' || top === 'spans' || top === 'processes' || top === 'traceID') {
        const inData = top === 'data';
        const tr = this.jaegerTrace;
        if (!tr) return;
        if ((inData && d === 4 && path[2] === 'spans') || (!inData && d === 2 && top === 'spans')) {
          if (tr.processes) this.emitJaeger(value, tr.processes);
          else tr.pending.push(value);
        } else if ((inData && d === 3 && path[2] === 'processes') || (!inData && d === 1 && top === 'processes')) {
          tr.processes = (typeof value === 'object' && value !== null ? value : {}) as JaegerProcesses;
          for (const raw of tr.pending) this.emitJaeger(raw, tr.processes);
          tr.pending = [];
        }
      }
      return;
    }
    if (this.rootKind === 'array' && d === 1) {
      const el = value as Record<string, unknown> | null;
      if (el && typeof el === 'object' && Array.isArray(el.spans)) {
        this.format ??= 'jaeger';
        if (this.format !== 'jaeger') { this.skipped++; return; }
        const processes = (el.processes ?? {}) as JaegerProcesses;
        for (const raw of el.spans) this.emitJaeger(raw, processes);
      } else if (el && typeof el === 'object' && ('id' in el || 'traceId' in el)) {
        this.format ??= 'zipkin';
        if (this.format !== 'zipkin') { this.skipped++; return; }
        this.zipkin.add(el);
      } else {
        this.skipped++;
      }
    }
  }

  private onEnd(path: readonly Segment[], kind: 'object' | 'array'): void {
    if (kind !== 'object') return;
    const d = path.length;
    if (this.rootKind === 'object' && d === 2 && OTLP_ROOT.has(path[0] as string) && this.otlpResource) {
      for (const raw of this.otlpResource.pending) this.emitOtlp(raw, UNKNOWN_SERVICE);
      this.otlpResource = null;
    } else if (this.rootKind === 'object' && ((d === 2 && path[0] === 'data') || d === 0) && this.jaegerTrace) {
      for (const raw of this.jaegerTrace.pending) this.emitJaeger(raw, this.jaegerTrace.processes ?? {});
      this.jaegerTrace = null;
    }
  }

  private emitOtlp(raw: unknown, service: string): void {
    const span = otlpSpan(raw, service);
    if (span) this.opts.onSpan(span);
    else this.skipped++;
  }

  private emitJaeger(raw: unknown, processes: JaegerProcesses): void {
    const span = jaegerSpan(raw, processes);
    if (span) this.opts.onSpan(span);
    else this.skipped++;
  }
}

/**
 * What the reader does with one record of an offloaded batch (after the redaction check saw it):
 * the same span conversion, for the thread that parsed it. Returns the records skipped.
 */
export function readOffloaded(batch: Pick<OffloadedBatch, 'kind' | 'service' | 'processes'>, value: unknown, onSpan: (span: Span) => void): number {
  if (batch.kind === 'otlp') {
    const span = otlpSpan(value, batch.service!);
    if (span) onSpan(span);
    return span ? 0 : 1;
  }
  if (batch.kind === 'jaeger') {
    const span = jaegerSpan(value, batch.processes!);
    if (span) onSpan(span);
    return span ? 0 : 1;
  }
  // A whole Jaeger trace in a root array already read as Jaeger.
  const el = value as Record<string, unknown> | null;
  if (!(el && typeof el === 'object' && Array.isArray(el.spans))) return 1;
  const processes = (el.processes ?? {}) as JaegerProcesses;
  let skipped = 0;
  for (const raw of el.spans) {
    const span = jaegerSpan(raw, processes);
    if (span) onSpan(span);
    else skipped++;
  }
  return skipped;
}

/**
 * Reads whole elements of resourceSpans / data (an `otlp-resources` or `jaeger-data` batch) as
 * the reader walking the full document would: the same span conversion, pieces and keys, at the
 * same paths. Runs a reader on `{"<top>":[<the elements>]}` and shifts the element indexes.
 */
export function readRecords(
  batch: Pick<OffloadedBatch, 'top' | 'first' | 'buf' | 'start' | 'end'>,
  maxDepth: number,
  out: Pick<TraceReaderOptions, 'onSpan' | 'onPiece' | 'onKey'>,
): void {
  const first = batch.first;
  const shift = (path: readonly Segment[]): Segment[] => {
    const p = path.slice();
    p[1] = (p[1] as number) + first;
    return p;
  };
  const onPiece = out.onPiece;
  const onKey = out.onKey;
  const reader = new TraceReader({
    maxDepth,
    onSpan: out.onSpan,
    onPiece: onPiece ? (path, value) => onPiece(path.length > 1 ? shift(path) : path, value) : undefined,
    // The wrapper's own key is not the document's: the walk reported that one already.
    onKey: onKey ? (path, key) => { if (path.length > 0) onKey(path.length > 1 ? shift(path) : path, key); } : undefined,
  });
  reader.push(Buffer.from(`{${JSON.stringify(batch.top)}:[`));
  reader.push(batch.buf.subarray(batch.start, batch.end));
  reader.push(Buffer.from(']}'));
  reader.finish();
}
