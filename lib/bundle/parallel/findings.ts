// Redaction findings from several checks (the main thread's, the worker's, the snapshot's) merged
// into the one report a single check would have given: findings in sequence order keeping the
// first N, counts added with categories in order of first occurrence, truncation from the totals.

import type { RedactionCheck, RedactionReport } from '../redaction';

interface SeqSegment {
  seq: number;
  /** Index of the segment's first finding in the check's list. */
  from: number;
  /** Categories counted for the first time in this segment, in the check's order. */
  newCategories: string[];
}

export interface SeqFindings {
  report: RedactionReport;
  segments: SeqSegment[];
}

/**
 * Follows one RedactionCheck through numbered segments of work. Sequence numbers rise and are
 * never shared between checks: that is what puts findings from different threads in order.
 */
export class SeqTracker {
  private readonly segments: SeqSegment[] = [];
  private readonly seen = new Set<string>();
  private current: { seq: number; from: number } | null = null;
  private recorded = 0;

  constructor(private readonly check: RedactionCheck) {}

  begin(seq: number): void {
    this.close();
    this.current = { seq, from: this.recorded };
  }

  private close(): void {
    if (!this.current) return;
    const r = this.check.report();
    const newCategories: string[] = [];
    for (const c of Object.keys(r.counts)) {
      if (!this.seen.has(c)) {
        this.seen.add(c);
        newCategories.push(c);
      }
    }
    if (newCategories.length || r.findings.length > this.current.from) this.segments.push({ ...this.current, newCategories });
    this.recorded = r.findings.length;
    this.current = null;
  }

  result(): SeqFindings {
    this.close();
    return { report: this.check.report(), segments: this.segments };
  }
}

export function mergeFindings(parts: SeqFindings[], maxFindings: number): RedactionReport {
  const tagged: { seq: number; part: number; i: number }[] = [];
  const firsts: { seq: number; k: number; category: string }[] = [];
  const counts: Record<string, number> = {};
  parts.forEach(({ report, segments }, part) => {
    segments.forEach((s, n) => {
      const to = n + 1 < segments.length ? segments[n + 1].from : report.findings.length;
      for (let i = s.from; i < to; i++) tagged.push({ seq: s.seq, part, i });
      s.newCategories.forEach((category, k) => firsts.push({ seq: s.seq, k, category }));
    });
  });
  tagged.sort((a, b) => a.seq - b.seq || a.i - b.i);
  firsts.sort((a, b) => a.seq - b.seq || a.k - b.k);
  let total = 0;
  for (const { category } of firsts) {
    if (category in counts) continue;
    let n = 0;
    for (const p of parts) n += (p.report.counts as Record<string, number>)[category] ?? 0;
    counts[category] = n;
    total += n;
  }
  return {
    clean: Object.keys(counts).length === 0,
    counts: counts as RedactionReport['counts'],
    truncated: total > maxFindings,
    findings: tagged.slice(0, maxFindings).map((t) => parts[t.part].report.findings[t.i]),
  };
}
