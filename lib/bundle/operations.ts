// Per-operation statistics of a bundle's spans (count, errors, nearest-rank percentiles, self time),
// computed once at parse time. Spans are gathered into compact per-batch partials; the statistics
// are a pure function of the partials, so batches read on different threads merge the same way.
import { redactText } from './pii';
import type { Span } from './trace/model';
import { sortByStart } from './sort-spans';
import { grown, SpanIds, type SpanIdsData } from './span-ids';
import { SpanIdTable } from './span-table';
import { sharedFloat64, sharedInt32, sharedUint8 } from './shared-columns';

export interface OperationStats {
  service: string;
  operation: string;
  count: number;
  errorSpans: number;
  /** Nearest-rank percentiles and maximum of the spans' durations, in µs. */
  p50Us: number;
  p95Us: number;
  p99Us: number;
  maxUs: number;
  /** Total time the operation's spans spent outside all their children (overlaps counted once), µs. */
  selfTimeUs: number;
}

/** The spans of one batch, in columns; operation names already redacted. Posted between threads as is. */
export interface OperationsPartial {
  /** Distinct operations in first-seen order, as [service, operation]. */
  ops: [string, string][];
  /** Distinct trace ids of the batch. */
  traces: string[];
  n: number;
  /** Per span: index into `ops`, index into `traces`, ids and µs times. */
  op: Int32Array;
  trace: Int32Array;
  spanIds: SpanIdsData;
  parentSpanIds: SpanIdsData;
  startUs: Float64Array;
  durationUs: Float64Array;
  error: Uint8Array;
}

/** The buffers a partial's columns own, for postMessage's transfer list. */
export function partialBuffers(p: OperationsPartial): ArrayBuffer[] {
  return [p.op, p.trace, p.startUs, p.durationUs, p.error, p.spanIds.bytes, p.spanIds.ends, p.parentSpanIds.bytes, p.parentSpanIds.ends]
    .map((a) => a.buffer as ArrayBuffer);
}

const toUs = (ns: bigint) => Number(ns / 1000n);
const FIRST_CAPACITY = 256;

/** Gathers spans, one at a time, into a partial. */
export class OperationsCollector {
  /** service -> operation name -> index into ops (two levels: no key string built per span). */
  private readonly opIndex = new Map<string, Map<string, number>>();
  private readonly traceIndex = new Map<string, number>();
  private readonly ops: [string, string][] = [];
  private readonly traces: string[] = [];
  private n = 0;
  private op = new Int32Array(FIRST_CAPACITY);
  private trace = new Int32Array(FIRST_CAPACITY);
  private startUs = new Float64Array(FIRST_CAPACITY);
  private durationUs = new Float64Array(FIRST_CAPACITY);
  private error = new Uint8Array(FIRST_CAPACITY);
  private readonly spanIds = SpanIds.empty();
  private readonly parentSpanIds = SpanIds.empty();

  add(span: Span): void {
    let byName = this.opIndex.get(span.service);
    if (byName === undefined) {
      byName = new Map();
      this.opIndex.set(span.service, byName);
    }
    let op = byName.get(span.name);
    if (op === undefined) {
      op = this.ops.length;
      // Redacted as stored spans are (service with its key, name without): the same names the waterfall shows.
      this.ops.push([redactText(span.service, 'service.name'), redactText(span.name, null)]);
      byName.set(span.name, op);
    }
    let trace = this.traceIndex.get(span.traceId);
    if (trace === undefined) {
      trace = this.traces.length;
      this.traces.push(span.traceId);
      this.traceIndex.set(span.traceId, trace);
    }
    if (this.n === this.op.length) this.grow();
    const i = this.n++;
    const startUs = toUs(span.startNs);
    this.op[i] = op;
    this.trace[i] = trace;
    this.startUs[i] = startUs;
    this.durationUs[i] = Math.max(0, toUs(span.endNs) - startUs);
    this.error[i] = span.status.code === 'error' ? 1 : 0;
    this.spanIds.push(span.spanId);
    this.parentSpanIds.push(span.parentSpanId);
  }

  /** What was gathered so far (the columns are views: add no more spans after posting them). */
  partial(): OperationsPartial {
    const n = this.n;
    return {
      ops: this.ops,
      traces: this.traces,
      n,
      op: this.op.subarray(0, n),
      trace: this.trace.subarray(0, n),
      spanIds: this.spanIds.data(),
      parentSpanIds: this.parentSpanIds.data(),
      startUs: this.startUs.subarray(0, n),
      durationUs: this.durationUs.subarray(0, n),
      error: this.error.subarray(0, n),
    };
  }

  private grow(): void {
    const capacity = this.op.length * 2;
    this.op = grown(this.op, capacity);
    this.trace = grown(this.trace, capacity);
    this.startUs = grown(this.startUs, capacity);
    this.durationUs = grown(this.durationUs, capacity);
    this.error = grown(this.error, capacity);
  }
}

/** All spans of a bundle, merged from partials, with parents resolved. */
export interface SpanIndex {
  /** [service, operation] by operation number, redacted. */
  ops: [string, string][];
  n: number;
  /** Each span's operation number. */
  op: Int32Array;
  /** Each span's trace number, and the trace ids by number (in order of first appearance). */
  trace: Int32Array;
  traceIds: string[];
  /** Each span's id, and its parent's ('' when it names none). */
  spanIds: SpanIds;
  parentSpanIds: SpanIds;
  startUs: Float64Array;
  durationUs: Float64Array;
  error: Uint8Array;
  /** Each span's parent (the first span of its trace with the parent id), -1 when none is found. */
  parent: Int32Array;
  /** Spans whose trace and span id an earlier span has too (0: every id names one span). */
  repeatedIds: number;
  /** The span's index, or -1 when no span of the bundle has these (lower-case hex) ids. */
  find(traceId: string, spanId: string): number;
}

export function indexSpans(partials: readonly OperationsPartial[]): SpanIndex {
  const opOf = new Map<string, number>();
  const ops: [string, string][] = [];
  // Spans are found by trace (a number per distinct trace id) and span id. No `${trace}/${span}`
  // keys: building and hashing a million such strings was most of this function's time.
  const traceOf = new Map<string, number>();
  const traceIds: string[] = [];
  let n = 0;
  for (const p of partials) n += p.n;
  // The columns a parse posts to its skeleton thread, in shared memory (shared-columns.ts).
  const op = sharedInt32(n);
  const startUs = sharedFloat64(n);
  const durationUs = sharedFloat64(n);
  const error = sharedUint8(n);
  const traceOfSpan = sharedInt32(n);
  let i = 0;
  for (const p of partials) {
    const remap = p.ops.map(([service, operation]) => {
      const key = `${service}\u0000${operation}`;
      let g = opOf.get(key);
      if (g === undefined) {
        g = ops.length;
        ops.push([service, operation]);
        opOf.set(key, g);
      }
      return g;
    });
    const traces = p.traces.map((t) => {
      let g = traceOf.get(t);
      if (g === undefined) {
        g = traceIds.length;
        traceIds.push(t);
        traceOf.set(t, g);
      }
      return g;
    });
    startUs.set(p.startUs, i);
    durationUs.set(p.durationUs, i);
    error.set(p.error, i);
    for (let k = 0; k < p.n; k++, i++) {
      op[i] = remap[p.op[k]!]!;
      traceOfSpan[i] = traces[p.trace[k]!]!;
    }
  }
  const spanIds = SpanIds.concat(partials.map((p) => SpanIds.of(p.spanIds)));
  const parentSpanIds = SpanIds.concat(partials.map((p) => SpanIds.of(p.parentSpanIds)));
  // A repeated (trace, span id) finds its first span.
  const table = new SpanIdTable(traceOfSpan, spanIds, 'first');
  const parent = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    if (parentSpanIds.isEmpty(s)) continue;
    const p = table.findId(traceOfSpan[s]!, parentSpanIds, s);
    if (p >= 0 && p !== s) parent[s] = p;
  }
  return {
    ops, n, op, trace: traceOfSpan, traceIds, spanIds, parentSpanIds, startUs, durationUs, error, parent, repeatedIds: table.repeated,
    find: (traceId, spanId) => {
      const t = traceOf.get(traceId.toLowerCase());
      return t === undefined ? -1 : table.find(t, spanId.toLowerCase());
    },
  };
}

/** The value at nearest rank ⌈p/100 · n⌉ of an ascending list. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/**
 * Each span's self time: its duration less the union of its children's intervals, each clipped
 * to the span (children may overlap each other, or run past their parent, as async work does).
 */
export function selfTimes(index: SpanIndex): Float64Array {
  const { n, parent, startUs, durationUs } = index;
  const self = Float64Array.from(durationUs);
  // Children lists in one flat array (CSR), each list sorted by start.
  const offset = new Int32Array(n + 1);
  for (let s = 0; s < n; s++) if (parent[s]! >= 0) offset[parent[s]! + 1]++;
  for (let s = 0; s < n; s++) offset[s + 1] += offset[s]!;
  const fill = offset.slice(0, n);
  const children = new Int32Array(offset[n]!);
  for (let s = 0; s < n; s++) if (parent[s]! >= 0) children[fill[parent[s]!]!++] = s;
  for (let p = 0; p < n; p++) {
    const from = offset[p]!;
    const to = offset[p + 1]!;
    if (from === to) continue;
    // By start, ties in read order (a comparator per list cost 0.2 s at 1M spans).
    if (to - from > 1) sortByStart(children, from, to, startUs);
    const list = children.subarray(from, to);
    const pStart = startUs[p]!;
    const pEnd = pStart + durationUs[p]!;
    let covered = 0;
    let curStart = -Infinity;
    let curEnd = -Infinity;
    for (let k = 0; k < list.length; k++) {
      const c = list[k]!;
      const s = Math.max(pStart, startUs[c]!);
      const e = Math.min(pEnd, startUs[c]! + durationUs[c]!);
      if (e <= s) continue;
      if (s > curEnd) {
        if (curEnd > curStart) covered += curEnd - curStart;
        curStart = s;
        curEnd = e;
      } else if (e > curEnd) curEnd = e;
    }
    if (curEnd > curStart) covered += curEnd - curStart;
    self[p] = Math.max(0, durationUs[p]! - covered);
  }
  return self;
}

const byName = (a: OperationStats, b: OperationStats) =>
  a.service < b.service ? -1 : a.service > b.service ? 1 : a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0;

/** Statistics per service + operation, sorted by service, then operation. */
export function operationStats(input: readonly OperationsPartial[] | SpanIndex): OperationStats[] {
  const index = Array.isArray(input) ? indexSpans(input as readonly OperationsPartial[]) : (input as SpanIndex);
  const { n, ops, op, durationUs, error } = index;
  const self = selfTimes(index);
  const m = ops.length;
  const count = new Int32Array(m);
  for (let s = 0; s < n; s++) count[op[s]!]++;
  const offset = new Int32Array(m + 1);
  for (let o = 0; o < m; o++) offset[o + 1] = offset[o]! + count[o]!;
  const fill = offset.slice(0, m);
  const durations = new Float64Array(n);
  const errors = new Int32Array(m);
  const selfSum = new Float64Array(m);
  for (let s = 0; s < n; s++) {
    const o = op[s]!;
    durations[fill[o]!++] = durationUs[s]!;
    errors[o] += error[s]!;
    selfSum[o] += self[s]!;
  }
  const out: OperationStats[] = [];
  for (let o = 0; o < m; o++) {
    const list = durations.subarray(offset[o], offset[o + 1]).sort();
    out.push({
      service: ops[o]![0],
      operation: ops[o]![1],
      count: count[o]!,
      errorSpans: errors[o]!,
      p50Us: nearestRank(list, 50),
      p95Us: nearestRank(list, 95),
      p99Us: nearestRank(list, 99),
      maxUs: list.length ? list[list.length - 1]! : 0,
      selfTimeUs: selfSum[o]!,
    });
  }
  return out.sort(byName);
}
