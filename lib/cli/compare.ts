// `x400-support compare <base.zip> <other.zip> [--json]`: inspects both bundle files (no server or
// database) and compares their per-operation statistics and error codes (lib/bundle/compare.ts).
import { access } from 'node:fs/promises';
import { compareBundles, type BundleComparison } from '../bundle/compare';
import { inspectBundle, inspectExitCode, type InspectReport } from '../bundle/inspect';
import { EXIT, table } from './io';

export const COMPARE_USAGE = `Usage: x400-support compare <base.zip> <other.zip> [--json]

Compares two diagnostic bundles, e.g. last week's healthy one (base) with today's: per service and
operation the span count, error spans and p95 duration on each side, and the error codes that
appeared, vanished or changed. Works on the files alone; both need consent.

Options:
  --json   print one JSON document:
           {base: {bundleId}, other: {bundleId},
            operations: [{service, operation, base: {count, errorSpans, p95Us}, other: {...}}],
            errorCodes: {appeared: [], vanished: [], changed: [{code, base, other}]}}
  --help   show this help

Exit codes: 0 compared, 2 a bundle is invalid, 3 a bundle has no consent, 64 usage error.`;

function ms(us: number): string {
  return us === 0 ? '-' : `${(us / 1000).toFixed(us < 10_000 ? 2 : 0)} ms`;
}

export function formatComparison(c: BundleComparison): string {
  const lines = [`Base   ${c.base.bundleId}`, `Other  ${c.other.bundleId}`, ''];
  const rows = [['SERVICE', 'OPERATION', 'COUNT', 'ERRORS', 'P95']];
  for (const o of c.operations) {
    rows.push([o.service, o.operation, `${o.base.count} → ${o.other.count}`, `${o.base.errorSpans} → ${o.other.errorSpans}`, `${ms(o.base.p95Us)} → ${ms(o.other.p95Us)}`]);
  }
  lines.push(rows.length > 1 ? table(rows) : 'No spans on either side.', '');
  const e = c.errorCodes;
  lines.push(`Error codes appeared: ${e.appeared.join(', ') || 'none'}`);
  lines.push(`Error codes vanished: ${e.vanished.join(', ') || 'none'}`);
  lines.push(`Error codes changed:  ${e.changed.map((x) => `${x.code} ${x.base} → ${x.other}`).join(', ') || 'none'}`);
  return lines.join('\n');
}

export async function runCompare(args: string[], io: { out(s: string): void; err(s: string): void }): Promise<number> {
  let json = false;
  const files: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') { io.out(COMPARE_USAGE); return EXIT.ok; }
    else if (a.startsWith('-')) { io.err(`x400-support compare: unknown option ${a} (see --help)`); return EXIT.usage; }
    else files.push(a);
  }
  if (files.length !== 2) {
    io.err(`x400-support compare: expected two bundle files (base, other), got ${files.length} (see --help)`);
    return EXIT.usage;
  }
  for (const f of files) {
    try { await access(f); } catch {
      io.err(`x400-support compare: cannot read ${f}: no such file or not readable`);
      return EXIT.usage;
    }
  }
  const reports: InspectReport[] = [];
  for (const f of files) {
    const report = await inspectBundle(f);
    const code = inspectExitCode(report);
    if (code === EXIT.invalid || code === EXIT.noConsent) {
      for (const p of report.problems) io.err(`x400-support compare: ${f}: ${p.code}: ${p.message}`);
      return code;
    }
    reports.push(report);
  }
  const [base, other] = reports as [InspectReport, InspectReport];
  const comparison = compareBundles({ bundleId: base.bundleId!, metrics: base.metrics }, { bundleId: other.bundleId!, metrics: other.metrics });
  io.out(json ? JSON.stringify(comparison, null, 2) : formatComparison(comparison));
  return EXIT.ok;
}
