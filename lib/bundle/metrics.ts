// Incremental bundle metrics: spans are added one at a time (1M spans never sit in memory),
// snapshot series one at a time.

import type { Span } from './trace/model';
import type { Series } from './snapshot';
import type { ErrorCatalogue } from './errors-catalogue';
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

function maxLast(points: [number, number | null][]): MaxLast {
  let max: number | null = null;
  let last: number | null = null;
  let lastTs = -Infinity;
  for (const [ts, v] of points) {
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
  private spans = 0;
  private errorSpans = 0;
  private readonly traces = new Set<string>();
  private readonly services = new Set<string>();
  private startNs: bigint | null = null;
  private endNs: bigint | null = null;
  private readonly errorCodes: Record<string, number> = {};
  private readonly failedOperations: Record<string, number> = {};
  private readonly ndrReasons: Record<string, number> = {};
  private readonly ndrDiagnostics: Record<string, number> = {};
  private queue: MaxLast = { max: null, last: null };
  private readonly byQueue: Record<string, MaxLast> = {};
  private readonly latency: Record<string, { p50: MaxLast; p95: MaxLast; p99: MaxLast }> = {};
  private errorsTotal = 0;
  private readonly errorsByCode: Record<string, number> = {};
  private readonly reasonNames: Map<number, string>;
  private readonly diagnosticNames: Map<number, string>;

  constructor(catalogue?: Pick<ErrorCatalogue, 'ndrReasons' | 'ndrDiagnostics'>) {
    this.reasonNames = new Map((catalogue?.ndrReasons ?? []).map((r) => [r.code, r.name]));
    this.diagnosticNames = new Map((catalogue?.ndrDiagnostics ?? []).map((r) => [r.code, r.name]));
  }

  addSpan(span: Span): void {
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
    if (typeof code === 'string' && code) inc(this.errorCodes, code);
    if (span.status.code === 'error') {
      this.errorSpans++;
      inc(this.failedOperations, span.name);
    }
    const reason = a['x400.ndr.reason'];
    if (reason !== undefined && reason !== null) inc(this.ndrReasons, this.ndrName(reason, this.reasonNames, 'reason'));
    const diag = a['x400.ndr.diagnostic'];
    if (diag !== undefined && diag !== null) inc(this.ndrDiagnostics, this.ndrName(diag, this.diagnosticNames, 'diagnostic'));
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
      for (const [, v] of s.points) if (v !== null) sum += v;
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
