// The post-incident review's first draft, written from evidence the console holds: the customer's
// reported times against the first failing span of each bundle, the SLA explanation, the escalation
// actions with their times, cited spans, mitigation steps, engineering tasks and the release.
// Pure: reviews/service.ts gathers the evidence. Ticket and bundle text is escaped as Markdown
// here (no syntax of its own); HTML is escaped when the review is exported (markdownBlock).

/** One line of text with Markdown syntax escaped (HTML is escaped at export). */
const markdownText = (s: string) => s.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]()!#|~]/g, (c) => `\\${c}`);
const markdownBlock = (s: string) => s;

export interface FailingSpan {
  bundleId: string;
  service: string;
  name: string;
  spanId: string;
  startMs: number;
  errorCode: string | null;
}

export interface ReviewEvidence {
  ticketId: number;
  severity: 1 | 2 | 3;
  summary: string;
  customerName: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  reportedAt: string[];
  /** The first failing span of each parsed bundle, earliest first. */
  firstFailures: FailingSpan[];
  /** "Explain this deadline" lines per clock. */
  sla: { clock: string; state: string; lines: string[] }[];
  escalation: { label: string; at: Date; by: string | null; note: string | null }[];
  mitigationSteps: string | null;
  tasks: { title: string; link: string; bundleIds: string[] }[];
  releaseVersion: string | null;
  errorCodes: string[];
}

const utc = (d: Date | number) => `${new Date(d).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** Where the first failure lies relative to a reported time, in words. */
export function failureVsReport(failureMs: number, reportedMs: number): string {
  const min = Math.round((reportedMs - failureMs) / 60_000);
  const abs = Math.abs(min);
  const text = abs < 60 ? `${abs} min` : `${Math.floor(abs / 60)} h ${String(abs % 60).padStart(2, '0')} min`;
  if (min === 0) return 'the first failing span began the same minute';
  return min > 0 ? `the first failing span began ${text} before it` : `the first failing span began ${text} after it (the report came first)`;
}

/** The Markdown draft; the engineer edits it on the ticket. */
export function draftReview(e: ReviewEvidence): string {
  const out: string[] = [];
  out.push(`# Post-incident review: ticket #${e.ticketId}`, '');
  out.push(`**${markdownText(e.summary)}** (Sev-${e.severity}, ${markdownText(e.customerName)})`, '');

  out.push('## Timeline', '');
  out.push(`- Opened: ${utc(e.createdAt)}`);
  out.push(`- Acknowledged: ${e.acknowledgedAt ? utc(e.acknowledgedAt) : 'not yet'}`);
  out.push(`- Mitigated: ${e.mitigatedAt ? utc(e.mitigatedAt) : 'not yet'}`, '');

  out.push('## Reported by the customer vs. first failure in the evidence', '');
  const first = e.firstFailures[0];
  if (e.reportedAt.length === 0) out.push('- The customer gave no times.');
  for (const r of e.reportedAt) {
    const at = Date.parse(r);
    if (!Number.isFinite(at)) continue;
    out.push(`- Reported ${utc(at)}${first ? `: ${failureVsReport(first.startMs, at)}` : ''}`);
  }
  if (!first) out.push('- No parsed bundle shows a failing span.');
  out.push('');

  out.push('## Cited spans', '');
  if (e.firstFailures.length === 0) out.push('- None.');
  for (const f of e.firstFailures) {
    out.push(`- Bundle \`${markdownText(f.bundleId)}\`: ${markdownText(f.service)} ${markdownText(f.name)}, span ${markdownText(f.spanId)} at ${utc(f.startMs)}${f.errorCode ? ` (${markdownText(f.errorCode)})` : ''}`);
  }
  if (e.errorCodes.length) out.push(`- Error codes seen: ${e.errorCodes.map(markdownText).join(', ')}`);
  out.push('');

  out.push('## SLA', '');
  for (const c of e.sla) {
    out.push(`### ${markdownText(c.clock)}: ${markdownText(c.state)}`, '');
    for (const l of c.lines) out.push(`- ${markdownText(l)}`);
    out.push('');
  }

  out.push('## Escalation', '');
  if (e.escalation.length === 0) out.push('- No escalation action was recorded.');
  for (const a of e.escalation) out.push(`- ${utc(a.at)}: ${markdownText(a.label)}${a.by ? ` by ${markdownText(a.by)}` : ''}${a.note ? `: ${markdownText(a.note)}` : ''}`);
  out.push('');

  out.push('## Mitigation', '');
  out.push(e.mitigationSteps?.trim() ? markdownBlock(e.mitigationSteps.trim()) : '_No mitigation steps were written._', '');

  out.push('## Engineering tasks and release', '');
  if (e.tasks.length === 0) out.push('- No engineering task.');
  for (const t of e.tasks) out.push(`- ${markdownText(t.title)} (${markdownText(t.link)}), citing ${t.bundleIds.map((b) => `\`${markdownText(b)}\``).join(', ')}`);
  out.push(`- Release: ${e.releaseVersion ? markdownText(e.releaseVersion) : 'none tagged'}`, '');

  out.push('## What went well, what did not', '', '_To write._', '');
  out.push('## Action items', '', '_Tracked on the ticket: add them under "Action items"._', '');
  return out.join('\n');
}
