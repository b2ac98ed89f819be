// Per-operation statistics of a bundle's spans (count, errors, nearest-rank percentiles, self time),
// computed once at parse time. Spans are gathered into compact per-batch partials; the statistics
// are a pure function of the partials, so batches read on different threads merge the same way.
import { redactText } from './pii';
import type { Span } from './trace/model';
import { SpanIdTable } from './span-table';

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

/** The spans of one batch, in columns; operation names already redacted. */
export interface OperationsPartial {
  /** Distinct operations in first-seen order, as [service, operation]. */
  ops: [string, string][];
  /** Distinct trace ids of the batch. */
  traces: string[];
  /** Per span: index into `ops`, index into `traces`, ids and µs times. */
  op: number[];
  trace: number[];
  spanId: string[];
  parentSpanId: (string | null)[];
  startUs: number[];
  durationUs: number[];
  error: boolean[];
}

const toUs = (ns: bigint) => Number(ns / 1000n);

/** Gathers spans, one at a time, into a partial. */
export class OperationsCollector {
  /** service -> operation name -> index into ops (two levels: no key string built per span). */
  private readonly opIndex = new Map<string, Map<string, number>>();
  private readonly traceIndex = new Map<string, number>();
  private readonly part: OperationsPartial = { ops: [], traces: [], op: [], trace: [], spanId: [], parentSpanId: [], startUs: [], durationUs: [], error: [] };

  add(span: Span): void {
    let byName = this.opIndex.get(span.service);
    if (byName === undefined) {
      byName = new Map();
      this.opIndex.set(span.service, byName);
    }
    let op = byName.get(span.name);
    if (op === undefined) {
      op = this.part.ops.length;
      // Redacted as stored spans are (service with its key, name without): the same names the waterfall shows.
      this.part.ops.push([redactText(span.service, 'service.name'), redactText(span.name, null)]);
      byName.set(span.name, op);
    }
    let trace = this.traceIndex.get(span.traceId);
    if (trace === undefined) {
      trace = this.part.traces.length;
      this.part.traces.push(span.traceId);
      this.traceIndex.set(span.traceId, trace);
    }
    const startUs = toUs(span.startNs);
    const p = this.part;
    p.op.push(op);
    p.trace.push(trace);
    p.spanId.push(span.spanId);
    p.parentSpanId.push(span.parentSpanId);
    p.startUs.push(startUs);
    p.durationUs.push(Math.max(0, toUs(span.endNs) - startUs));
    p.error.push(span.status.code === 'error');
  }

  partial(): OperationsPartial {
    return this.part;
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
  spanId: string[];
  parentSpanId: (string | null)[];
  startUs: Float64Array;
  durationUs: Float64Array;
  error: Uint8Array;
  parent: Int32Array;
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
  for (const p of partials) n += p.op.length;
  const op = new Int32Array(n);
  const startUs = new Float64Array(n);
  const durationUs = new Float64Array(n);
  const error = new Uint8Array(n);
  const traceOfSpan = new Int32Array(n);
  const parentId: (string | null)[] = new Array(n);
  const spanId: string[] = new Array(n);
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
    for (let k = 0; k < p.op.length; k++, i++) {
      op[i] = remap[p.op[k]!]!;
      startUs[i] = p.startUs[k]!;
      durationUs[i] = p.durationUs[k]!;
      error[i] = p.error[k] ? 1 : 0;
      traceOfSpan[i] = traces[p.trace[k]!]!;
      parentId[i] = p.parentSpanId[k] || null;
      spanId[i] = p.spanId[k]!;
    }
  }
  // A repeated (trace, span id) finds its first span.
  const table = new SpanIdTable(traceOfSpan, spanId, 'first');
  const parent = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    const id = parentId[s];
    if (id === null || id === undefined) continue;
    const p = table.find(traceOfSpan[s]!, id);
    if (p >= 0 && p !== s) parent[s] = p;
  }
  return {
    ops, n, op, trace: traceOfSpan, traceIds, spanId, parentSpanId: parentId, startUs, durationUs, error, parent,
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
    const list = children.subarray(from, to);
    if (to - from > 1) list.sort((a, b) => startUs[a]! - startUs[b]!);
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
