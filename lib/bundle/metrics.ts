// Incremental bundle metrics: spans are added one at a time (1M spans never sit in memory),
// snapshot series one at a time.

import type { Span } from './trace/model';
import type { Series } from './snapshot';
import type { OperationStats } from './operations';

export interface MaxLast {
  max: number | null;
  last: number | null;
}

export interface BundleMetrics {
  spans: number;
  traces: number;
  errorSpans: number;
  services: string[];
  durationMs: number;
  startTime: string | null;
  endTime: string | null;
  errorCodes: Record<string, number>;
  failedOperations: Record<string, number>;
  ndr: { reasons: Record<string, number>; diagnostics: Record<string, number> };
  /** max: highest point of any queue.depth series; last: highest of each queue's latest value. */
  queueDepth: MaxLast & { byQueue: Record<string, MaxLast> };
  /** Per operation; p50 is absent from bundles parsed before it was kept. */
  latency: Record<string, { p50?: MaxLast; p95: MaxLast; p99: MaxLast }>;
  errorsTotal: number;
  errorsByCode: Record<string, number>;
  /** Per service + operation, sorted by service then operation (lib/bundle/operations.ts). */
  operations: OperationStats[];
}

function inc(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** Where a span was met: the batch sequence number, then the collector's own span counter. */
type Position = [seq: number, ord: number];

function before(a: Position, b: Position): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** A count keyed by name, remembering where each name was first met (for an exact merge). */
interface PositionedCounts {
  counts: Record<string, number>;
  first: Record<string, Position>;
}

/**
 * Everything a collector gathered, structured-clone safe: what a worker thread hands back so the
 * main thread can merge it (bigints as decimal strings).
 */
export interface MetricsState {
  spans: number;
  errorSpans: number;
  traces: string[];
  services: string[];
  startNs: string | null;
  endNs: string | null;
  errorCodes: PositionedCounts;
  failedOperations: PositionedCounts;
  ndrReasons: PositionedCounts;
  ndrDiagnostics: PositionedCounts;
  queue: MaxLast;
  byQueue: Record<string, MaxLast>;
  latency: Record<string, { p50: MaxLast; p95: MaxLast; p99: MaxLast }>;
  errorsTotal: number;
  errorsByCode: Record<string, number>;
}

/** Merges two positioned counts: names in order of first occurrence across both, counts added. */
function mergePositioned(a: PositionedCounts, b: PositionedCounts): PositionedCounts {
  const names = new Set([...Object.keys(a.counts), ...Object.keys(b.counts)]);
  const firstOf = (k: string): Position => {
    const pa = a.first[k];
    const pb = b.first[k];
    return pa && pb ? (before(pa, pb) ? pa : pb) : (pa ?? pb)!;
  };
  const ordered = [...names].sort((x, y) => {
    const px = firstOf(x);
    const py = firstOf(y);
    return before(px, py) ? -1 : before(py, px) ? 1 : 0;
  });
  const counts: Record<string, number> = {};
  const first: Record<string, Position> = {};
  for (const k of ordered) {
    counts[k] = (a.counts[k] ?? 0) + (b.counts[k] ?? 0);
    first[k] = firstOf(k);
  }
  return { counts, first };
}

/** Adds series records of `b` to `a`'s, keeping `a`'s key order first (series are read by one thread). */
function mergeRecord<T>(a: Record<string, T>, b: Record<string, T>, merge: (x: T, y: T) => T): Record<string, T> {
  const out: Record<string, T> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
  return out;
}

function maxLast(points: [number, number | null][]): MaxLast {
  let max: number | null = null;
  let last: number | null = null;
  let lastTs = -Infinity;
  // Indexed, not destructured: a snapshot brings 100k points, read once, before the JIT would
  // make an iterator loop cheap.
  for (let i = 0; i < points.length; i++) {
    const ts = points[i][0];
    const v = points[i][1];
    if (v === null) continue;
    if (max === null || v > max) max = v;
    if (ts >= lastTs) { lastTs = ts; last = v; }
  }
  return { max, last };
}

function mergeMaxLast(a: MaxLast, b: MaxLast): MaxLast {
  const pick = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  return { max: pick(a.max, b.max), last: pick(a.last, b.last) };
}

export class MetricsCollector {
  /**
   * The batch sequence number of the spans now being added. Set by a caller that splits a trace
   * between threads, so that names keep their first-occurrence order when collectors merge.
   */
  seq = 0;
  private ord = 0;
  private errorCodesFirst: Record<string, Position> = {};
  private failedOperationsFirst: Record<string, Position> = {};
  private ndrReasonsFirst: Record<string, Position> = {};
  private ndrDiagnosticsFirst: Record<string, Position> = {};
  private spans = 0;
  private errorSpans = 0;
  private readonly traces = new Set<string>();
  private readonly services = new Set<string>();
  private startNs: bigint | null = null;
  private endNs: bigint | null = null;
  private errorCodes: Record<string, number> = {};
  private failedOperations: Record<string, number> = {};
  private ndrReasons: Record<string, number> = {};
  private ndrDiagnostics: Record<string, number> = {};
  private queue: MaxLast = { max: null, last: null };
  private byQueue: Record<string, MaxLast> = {};
  private latency: Record<string, { p50: MaxLast; p95: MaxLast; p99: MaxLast }> = {};
  private errorsTotal = 0;
  private errorsByCode: Record<string, number> = {};
  private readonly reasonNames: Map<number, string>;
  private readonly diagnosticNames: Map<number, string>;

  constructor(catalogue?: { ndrReasons: { code: number; name: string }[]; ndrDiagnostics: { code: number; name: string }[] } | null) {
    this.reasonNames = new Map((catalogue?.ndrReasons ?? []).map((r) => [r.code, r.name]));
    this.diagnosticNames = new Map((catalogue?.ndrDiagnostics ?? []).map((r) => [r.code, r.name]));
  }

  private count(map: Record<string, number>, first: Record<string, Position>, key: string): void {
    const n = map[key];
    if (n === undefined) {
      map[key] = 1;
      first[key] = [this.seq, this.ord];
    } else {
      map[key] = n + 1;
    }
  }

  addSpan(span: Span): void {
    this.ord++;
    this.spans++;
    this.traces.add(span.traceId);
    this.services.add(span.service);
    if (span.startNs > 0n) {
      if (this.startNs === null || span.startNs < this.startNs) this.startNs = span.startNs;
      const end = span.endNs > span.startNs ? span.endNs : span.startNs;
      if (this.endNs === null || end > this.endNs) this.endNs = end;
    }
    const a = span.attributes;
    const code = a['x400.error.code'];
    if (typeof code === 'string' && code) this.count(this.errorCodes, this.errorCodesFirst, code);
    if (span.status.code === 'error') {
      this.errorSpans++;
      this.count(this.failedOperations, this.failedOperationsFirst, span.name);
    }
    const reason = a['x400.ndr.reason'];
    if (reason !== undefined && reason !== null) this.count(this.ndrReasons, this.ndrReasonsFirst, this.ndrName(reason, this.reasonNames, 'reason'));
    const diag = a['x400.ndr.diagnostic'];
    if (diag !== undefined && diag !== null) this.count(this.ndrDiagnostics, this.ndrDiagnosticsFirst, this.ndrName(diag, this.diagnosticNames, 'diagnostic'));
  }

  /** What this collector gathered, for another thread to merge (see absorb). */
  state(): MetricsState {
    return {
      spans: this.spans,
      errorSpans: this.errorSpans,
      traces: [...this.traces],
      services: [...this.services],
      startNs: this.startNs === null ? null : this.startNs.toString(),
      endNs: this.endNs === null ? null : this.endNs.toString(),
      errorCodes: { counts: this.errorCodes, first: this.errorCodesFirst },
      failedOperations: { counts: this.failedOperations, first: this.failedOperationsFirst },
      ndrReasons: { counts: this.ndrReasons, first: this.ndrReasonsFirst },
      ndrDiagnostics: { counts: this.ndrDiagnostics, first: this.ndrDiagnosticsFirst },
      queue: this.queue,
      byQueue: this.byQueue,
      latency: this.latency,
      errorsTotal: this.errorsTotal,
      errorsByCode: this.errorsByCode,
    };
  }

  /**
   * Merges another collector's state into this one, exactly as if its spans had been added here
   * in sequence order: totals added, name keys in order of first occurrence, time range widened.
   * Series come from one thread only (the snapshot is read by one), added after this one's.
   */
  absorb(other: MetricsState): void {
    this.spans += other.spans;
    this.errorSpans += other.errorSpans;
    for (const t of other.traces) this.traces.add(t);
    for (const s of other.services) this.services.add(s);
    if (other.startNs !== null) {
      const start = BigInt(other.startNs);
      if (this.startNs === null || start < this.startNs) this.startNs = start;
    }
    if (other.endNs !== null) {
      const end = BigInt(other.endNs);
      if (this.endNs === null || end > this.endNs) this.endNs = end;
    }
    const merged = (mine: PositionedCounts, theirs: PositionedCounts) => mergePositioned(mine, theirs);
    ({ counts: this.errorCodes, first: this.errorCodesFirst } = merged({ counts: this.errorCodes, first: this.errorCodesFirst }, other.errorCodes));
    ({ counts: this.failedOperations, first: this.failedOperationsFirst } = merged({ counts: this.failedOperations, first: this.failedOperationsFirst }, other.failedOperations));
    ({ counts: this.ndrReasons, first: this.ndrReasonsFirst } = merged({ counts: this.ndrReasons, first: this.ndrReasonsFirst }, other.ndrReasons));
    ({ counts: this.ndrDiagnostics, first: this.ndrDiagnosticsFirst } = merged({ counts: this.ndrDiagnostics, first: this.ndrDiagnosticsFirst }, other.ndrDiagnostics));
    this.queue = mergeMaxLast(this.queue, other.queue);
    this.byQueue = mergeRecord(this.byQueue, other.byQueue, mergeMaxLast);
    this.latency = mergeRecord(this.latency, other.latency, (x, y) => ({ p50: mergeMaxLast(x.p50, y.p50), p95: mergeMaxLast(x.p95, y.p95), p99: mergeMaxLast(x.p99, y.p99) }));
    this.errorsTotal += other.errorsTotal;
    this.errorsByCode = mergeRecord(this.errorsByCode, other.errorsByCode, (x, y) => x + y);
  }

  private ndrName(raw: unknown, names: Map<number, string>, kind: string): string {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(n)) return String(raw);
    return names.get(n) ?? `${kind}-${n}`;
  }

  addSeries(s: Series): void {
    if (s.name === 'queue.depth') {
      const ml = maxLast(s.points);
      const q = s.labels.queue ?? 'default';
      this.byQueue[q] = this.byQueue[q] ? mergeMaxLast(this.byQueue[q], ml) : ml;
      this.queue = mergeMaxLast(this.queue, ml);
    } else if (s.name === 'errors.count') {
      let sum = 0;
      for (let i = 0; i < s.points.length; i++) sum += s.points[i][1] ?? 0;
      this.errorsTotal += sum;
      inc(this.errorsByCode, s.labels.code ?? 'unknown', sum);
    } else if (s.name === 'latency.ms') {
      const q = s.labels.quantile;
      if (q !== 'p50' && q !== 'p95' && q !== 'p99') return;
      const op = s.labels.operation ?? 'unknown';
      const entry = (this.latency[op] ??= { p50: { max: null, last: null }, p95: { max: null, last: null }, p99: { max: null, last: null } });
      entry[q] = mergeMaxLast(entry[q], maxLast(s.points));
    }
  }

  /** `operations` come from the span statistics, computed over all batches (operationStats). */
  result(operations: OperationStats[] = []): BundleMetrics {
    const start = this.startNs;
    const end = this.endNs;
    return {
      spans: this.spans,
      traces: this.traces.size,
      errorSpans: this.errorSpans,
      services: [...this.services].sort(),
      durationMs: start !== null && end !== null ? Number(end - start) / 1e6 : 0,
      startTime: start !== null ? new Date(Number(start / 1_000_000n)).toISOString() : null,
      endTime: end !== null ? new Date(Number(end / 1_000_000n)).toISOString() : null,
      errorCodes: { ...this.errorCodes },
      failedOperations: { ...this.failedOperations },
      ndr: { reasons: { ...this.ndrReasons }, diagnostics: { ...this.ndrDiagnostics } },
      queueDepth: { ...this.queue, byQueue: { ...this.byQueue } },
      latency: { ...this.latency },
      errorsTotal: this.errorsTotal,
      errorsByCode: { ...this.errorsByCode },
      operations,
    };
  }
}
