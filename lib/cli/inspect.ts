// `x400-support inspect <bundle> [--json]`: validates a bundle file on its own (no server, no
// database) and prints a summary or the JSON report. Exit codes: 0 valid and clean, 1 personal data
// found, 2 invalid bundle, 3 no consent, 64 usage error.

import { access } from 'node:fs/promises';
import { inspectBundle, inspectExitCode, type InspectReport } from '../bundle/inspect';

export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

export const INSPECT_USAGE = `Usage: x400-support inspect <bundle.zip> [--json]

Validates a diagnostic bundle (archive safety, metadata, consent), checks that personal data was
redacted, and gathers metrics from its trace and snapshot. Works on the file alone.

Options:
  --json   print one JSON document (schema: docs/inspect.schema.json)
  --help   show this help

Exit codes: 0 valid and clean, 1 valid but personal data found, 2 invalid bundle,
3 no consent (only metadata.json read), 64 usage error.`;

export const EXIT_USAGE = 64;

function fmtCounts(counts: Record<string, number>, limit = 10): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return 'none';
  const shown = entries.slice(0, limit).map(([k, v]) => `${k} ${v}`).join(', ');
  return entries.length > limit ? `${shown}, … (${entries.length - limit} more)` : shown;
}

export function formatInspectSummary(r: InspectReport): string {
  const lines: string[] = [];
  const code = inspectExitCode(r);
  const verdict = code === 0 ? 'VALID, redaction clean' : code === 1 ? 'VALID, but personal data found' : code === 3 ? 'NO CONSENT: only metadata.json was read' : 'INVALID';
  lines.push(`Bundle   ${r.file}  (${r.size} bytes, sha256 ${r.sha256 ?? '-'})`);
  lines.push(`Verdict  ${verdict}`);
  if (r.bundleId) lines.push(`Id       ${r.bundleId}  channel ${r.channel}  created ${r.createdAt}`);
  for (const p of r.problems) lines.push(`Problem  ${p.code}${p.entry ? ` [${p.entry}${p.line ? `:${p.line}` : ''}]` : ''}: ${p.message}`);
  lines.push(`Consent  ${r.consent.granted ? 'granted' : 'refused'}${r.consent.consentedAt ? ` (consentedAt ${r.consent.consentedAt})` : ''}: ${r.consent.reason}`);
  if (r.retentionDays !== null) lines.push(`Retention ${r.retentionDays} days`);
  if (r.extraEntries.length) lines.push(`Extra entries: ${r.extraEntries.join(', ')}`);
  if (r.entriesRead.length > 1) {
    lines.push('');
    lines.push(`Redaction ${r.redaction.clean ? 'clean: no personal data found' : `NOT clean: ${fmtCounts(r.redaction.counts as Record<string, number>)}`}`);
    for (const f of r.redaction.findings.slice(0, 20)) {
      lines.push(`  ${f.category.padEnd(16)} ${f.entry}${f.line !== null ? `:${f.line}` : ''} ${f.pointer || '/'}  ${f.preview}`);
    }
    const total = Object.values(r.redaction.counts).reduce((a, b) => a + (b ?? 0), 0);
    if (total > 20) lines.push(`  … ${total - 20} more (use --json for the first ${r.redaction.findings.length})`);
    const m = r.metrics;
    lines.push('');
    lines.push(`Trace    ${r.traceFormat ?? 'not read'}: ${m.spans} spans, ${m.traces} traces, ${m.errorSpans} error spans`);
    lines.push(`Services ${m.services.join(', ') || 'none'}`);
    if (m.startTime) lines.push(`Period   ${m.startTime} → ${m.endTime} (${(m.durationMs / 1000).toFixed(1)} s)`);
    lines.push(`Errors   codes: ${fmtCounts(m.errorCodes)}`);
    lines.push(`Failed   operations: ${fmtCounts(m.failedOperations)}`);
    if (Object.keys(m.ndr.reasons).length) lines.push(`NDR      reasons: ${fmtCounts(m.ndr.reasons)}; diagnostics: ${fmtCounts(m.ndr.diagnostics)}`);
    lines.push(`Queue    depth max ${m.queueDepth.max ?? '-'}, last ${m.queueDepth.last ?? '-'}`);
    for (const [op, l] of Object.entries(m.latency)) {
      lines.push(`Latency  ${op}: p95 max ${l.p95.max ?? '-'} last ${l.p95.last ?? '-'} ms; p99 max ${l.p99.max ?? '-'} last ${l.p99.last ?? '-'} ms`);
    }
    lines.push(`Snapshot errors total ${m.errorsTotal}${Object.keys(m.errorsByCode).length ? ` (${fmtCounts(m.errorsByCode)})` : ''}`);
  }
  return lines.join('\n');
}

export async function runInspect(args: string[], io: CliIo): Promise<number> {
  let json = false;
  const files: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') { io.out(INSPECT_USAGE); return 0; }
    else if (a.startsWith('-')) { io.err(`x400-support inspect: unknown option ${a} (see --help)`); return EXIT_USAGE; }
    else files.push(a);
  }
  if (files.length !== 1) {
    io.err(`x400-support inspect: expected exactly one bundle file, got ${files.length} (see --help)`);
    return EXIT_USAGE;
  }
  const file = files[0];
  try {
    await access(file);
  } catch {
    io.err(`x400-support inspect: cannot read ${file}: no such file or not readable`);
    return EXIT_USAGE;
  }
  const report = await inspectBundle(file, { threads: 2 });
  const code = inspectExitCode(report);
  if (json) io.out(JSON.stringify(report, null, 2));
  else io.out(formatInspectSummary(report));
  for (const p of report.problems) io.err(`x400-support inspect: ${p.code}: ${p.message}`);
  return code;
}
