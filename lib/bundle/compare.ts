// Compares two bundles by what their parse derived: per-operation counts, errors and p95, and the
// error codes that appeared, vanished or changed. The CLI (`x400-support compare`) and the console's
// compare page both call compareBundles with the metrics of each side.
import type { BundleMetrics } from './metrics';

export interface OperationSide {
  count: number;
  errorSpans: number;
  p95Us: number;
}

export interface OperationComparison {
  service: string;
  operation: string;
  base: OperationSide;
  other: OperationSide;
}

export interface BundleComparison {
  base: { bundleId: string };
  other: { bundleId: string };
  /** Every operation of either side, sorted by service then operation; zeros on the side without it. */
  operations: OperationComparison[];
  errorCodes: {
    /** Codes on the other side's spans only. */
    appeared: string[];
    /** Codes on the base side's spans only. */
    vanished: string[];
    /** Codes on both sides whose span counts differ. */
    changed: { code: string; base: number; other: number }[];
  };
}

export interface ComparedBundle {
  bundleId: string;
  metrics: Pick<BundleMetrics, 'operations' | 'errorCodes'>;
}

const ZERO: OperationSide = { count: 0, errorSpans: 0, p95Us: 0 };

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareBundles(base: ComparedBundle, other: ComparedBundle): BundleComparison {
  const ops = new Map<string, OperationComparison>();
  const key = (service: string, operation: string) => `${service}\u0000${operation}`;
  for (const [side, bundle] of [['base', base], ['other', other]] as const) {
    for (const o of bundle.metrics.operations ?? []) {
      const k = key(o.service, o.operation);
      const entry = ops.get(k) ?? { service: o.service, operation: o.operation, base: ZERO, other: ZERO };
      entry[side] = { count: o.count, errorSpans: o.errorSpans, p95Us: o.p95Us };
      ops.set(k, entry);
    }
  }
  const operations = [...ops.values()].sort((a, b) => cmp(a.service, b.service) || cmp(a.operation, b.operation));

  const baseCodes = base.metrics.errorCodes ?? {};
  const otherCodes = other.metrics.errorCodes ?? {};
  const present = (codes: Record<string, number>, code: string) => (codes[code] ?? 0) > 0;
  const all = [...new Set([...Object.keys(baseCodes), ...Object.keys(otherCodes)])].sort(cmp);
  const appeared = all.filter((c) => present(otherCodes, c) && !present(baseCodes, c));
  const vanished = all.filter((c) => present(baseCodes, c) && !present(otherCodes, c));
  const changed = all
    .filter((c) => present(baseCodes, c) && present(otherCodes, c) && baseCodes[c] !== otherCodes[c])
    .map((code) => ({ code, base: baseCodes[code]!, other: otherCodes[code]! }));

  return { base: { bundleId: base.bundleId }, other: { bundleId: other.bundleId }, operations, errorCodes: { appeared, vanished, changed } };
}
