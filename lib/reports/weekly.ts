// The weekly operations report (/reports/weekly): tickets opened / resolved by severity, SLA
// compliance, the most frequent error codes in the week's bundles, update-cadence compliance for
// Sev-1/Sev-2, releases tagged and the learnings captured — and its Markdown export.
import { listOpenActionItems } from '@/db/queries/reviews';
import type { Db } from '@/db/client';
import { cadenceTickets, countBySeverity, errorCodeCounts, learningsCaptured, releasesTagged, slaRecords } from '@/db/queries/reports';
import { tryLoadErrorCatalogue } from '@/lib/bundle/errors-catalogue';
import { ESCALATION_MATRIX, cadenceCompliance } from '@/lib/escalation/matrix';
import { getSlaPolicy } from '@/lib/settings';
import type { Severity } from '@/lib/sla/policy';
import { slaReport, type SlaBreach, type SlaReportRow } from '@/lib/sla/report';
import { markdownBlock, markdownText } from './markdown-safe';
import { isIsoDate, localRange, localToday, weekOf } from './range';

export interface WeeklyReport {
  weekStart: string;
  weekEnd: string;
  isoWeek: string;
  timeZone: string;
  generatedAt: Date;
  opened: Record<Severity, number>;
  resolved: Record<Severity, number>;
  sla: SlaReportRow[];
  breaches: SlaBreach[];
  errorCodes: { code: string; title: string | null; count: number; bundles: number }[];
  cadence: { severity: 1 | 2; everyMinutes: number; tickets: number; met: number; missed: number; compliancePct: number | null }[];
  releases: { version: string; tickets: { id: number; severity: Severity; summary: string; customerName: string }[] }[];
  learnings: { id: number; severity: Severity; summary: string; customerName: string; learnings: string; at: Date }[];
  /** Post-incident review action items not yet done (any week), oldest first. */
  openActionItems: { id: number; ticketId: number; severity: number; ticketSummary: string; title: string; owner: string | null; createdAt: Date }[];
}

/** The week containing `date` (a local date), or the current week. */
export async function parseWeek(db: Db, week: string | null | undefined, now: Date) {
  const calendar = (await getSlaPolicy(db)).calendar;
  return weekOf(isIsoDate(week) ? week : localToday(calendar, now));
}

export async function buildWeeklyReport(db: Db, weekDate: string, now = new Date()): Promise<WeeklyReport> {
  const { calendar, targets } = await getSlaPolicy(db);
  const week = weekOf(weekDate);
  const r = localRange(week.weekStart, week.weekEnd, calendar);
  const sla = slaReport(await slaRecords(db, r.fromAt, r.toAt), { calendar, targets, now, range: { from: week.weekStart, to: week.weekEnd } });
  const catalogue = tryLoadErrorCatalogue();
  const titles = new Map(catalogue.codes.map((c) => [c.code, c.title]));
  const cadence = ([1, 2] as const).map((severity) => {
    const spec = ESCALATION_MATRIX[severity].find((a) => a.type === 'cadence');
    const every = spec && spec.type === 'cadence' ? spec.everyMinutes : 60;
    return { severity, everyMinutes: every, tickets: 0, met: 0, missed: 0, compliancePct: null as number | null };
  });
  for (const t of await cadenceTickets(db, r.fromAt, r.toAt)) {
    const row = cadence[t.severity - 1];
    if (!row) continue;
    const c = cadenceCompliance(t.createdAt.getTime(), t.mitigatedAt?.getTime() ?? null, t.updates, row.everyMinutes, { from: r.fromAt.getTime(), to: r.toAt.getTime() }, now.getTime());
    if (c.met + c.missed === 0) continue;
    row.tickets++;
    row.met += c.met;
    row.missed += c.missed;
  }
  for (const row of cadence) row.compliancePct = row.met + row.missed ? (row.met / (row.met + row.missed)) * 100 : null;
  const releases = new Map<string, WeeklyReport['releases'][number]>();
  for (const t of await releasesTagged(db, r.fromAt, r.toAt)) {
    const v = t.version ?? '?';
    if (!releases.has(v)) releases.set(v, { version: v, tickets: [] });
    releases.get(v)!.tickets.push({ id: t.id, severity: t.severity, summary: t.summary, customerName: t.customerName });
  }
  return {
    ...week,
    timeZone: calendar.timeZone,
    generatedAt: now,
    opened: await countBySeverity(db, 'createdAt', r.fromAt, r.toAt),
    resolved: await countBySeverity(db, 'resolvedAt', r.fromAt, r.toAt),
    sla: sla.totals,
    breaches: sla.breaches,
    errorCodes: (await errorCodeCounts(db, r.fromAt, r.toAt, 10)).map((e) => ({ ...e, title: titles.get(e.code) ?? null })),
    cadence,
    releases: [...releases.values()].sort((a, b) => compareSemver(b.version, a.version)),
    learnings: (await learningsCaptured(db, r.fromAt, r.toAt)).map((l) => ({ ...l, learnings: l.learnings ?? '', at: l.at! })),
    openActionItems: (await listOpenActionItems(db)).map((i) => ({ id: i.id, ticketId: i.ticketId, severity: i.severity, ticketSummary: i.ticketSummary, title: i.title, owner: i.owner, createdAt: i.createdAt })),
  };
}

function compareSemver(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.+-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return 1; // 1.0.0 > 1.0.0-rc.1
    if (y === undefined) return -1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} %`);
const mins = (v: number | null) => (v === null ? '—' : `${Math.round(v)} min`);
const cell = markdownText;

/** The report as Markdown (GitHub-flavoured tables), for the export and the team's wiki. */
export function weeklyMarkdown(r: WeeklyReport, opts: { baseUrl?: string } = {}): string {
  const link = (id: number) => (opts.baseUrl ? `[#${id}](${opts.baseUrl.replace(/\/$/, '')}/tickets/${id})` : `#${id}`);
  const L: string[] = [];
  L.push(`# Weekly operations report — ${r.isoWeek}`, '');
  L.push(`Week of ${r.weekStart} to ${r.weekEnd} (${r.timeZone}). Generated ${r.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, '');
  L.push('## Tickets', '', '| Severity | Opened | Resolved |', '|---|---:|---:|');
  for (const s of [1, 2, 3] as const) L.push(`| Sev-${s} | ${r.opened[s]} | ${r.resolved[s]} |`);
  L.push(`| **Total** | **${r.opened[1] + r.opened[2] + r.opened[3]}** | **${r.resolved[1] + r.resolved[2] + r.resolved[3]}** |`, '');
  L.push('## SLA compliance (tickets opened this week)', '', '| Severity | Tickets | Acknowledge met | p50 / p90 (business) | Mitigate met | p50 / p90 (business) |', '|---|---:|---:|---:|---:|---:|');
  for (const row of r.sla) {
    L.push(`| Sev-${row.severity} | ${row.tickets} | ${pct(row.ack.compliancePct)} (${row.ack.met}/${row.ack.met + row.ack.breached}) | ${mins(row.ack.p50)} / ${mins(row.ack.p90)}${row.ack.unit === 'elapsed' ? ' (24×7)' : ''} | ${pct(row.mitigate.compliancePct)} (${row.mitigate.met}/${row.mitigate.met + row.mitigate.breached}) | ${mins(row.mitigate.p50)} / ${mins(row.mitigate.p90)}${row.mitigate.unit === 'elapsed' ? ' (24×7)' : ''} |`);
  }
  L.push('');
  if (r.breaches.length) {
    L.push(`Breaches: ${r.breaches.length}.`, '');
    for (const b of r.breaches.slice(0, 20)) L.push(`- ${link(Number(b.ticketId))} Sev-${b.severity} ${b.target === 'ack' ? 'acknowledge' : 'mitigate'}: ${Math.round(b.overdueWallMinutes)} min late${b.stoppedAt ? '' : ' (still running)'}`);
    if (r.breaches.length > 20) L.push(`- … and ${r.breaches.length - 20} more`);
    L.push('');
  }
  L.push('## Update cadence', '', '| Severity | Required every | Tickets | Updates on time | Missed | Compliance |', '|---|---|---:|---:|---:|---:|');
  for (const c of r.cadence) L.push(`| Sev-${c.severity} | ${c.everyMinutes >= 60 ? `${c.everyMinutes / 60} h` : `${c.everyMinutes} min`} | ${c.tickets} | ${c.met} | ${c.missed} | ${pct(c.compliancePct)} |`);
  L.push('', '## Most frequent error codes in this week’s bundles', '');
  if (r.errorCodes.length === 0) L.push('No error codes in this week’s bundles.');
  else {
    L.push('| Code | Title | Occurrences | Bundles |', '|---|---|---:|---:|');
    for (const e of r.errorCodes) L.push(`| ${cell(e.code)} | ${cell(e.title ?? '')} | ${e.count} | ${e.bundles} |`);
  }
  L.push('', '## Releases tagged', '');
  if (r.releases.length === 0) L.push('No release was tagged this week.');
  for (const rel of r.releases) {
    L.push(`### ${cell(rel.version)}`, '');
    for (const t of rel.tickets) L.push(`- ${link(t.id)} Sev-${t.severity} ${cell(t.customerName)}: ${cell(t.summary)}`);
    L.push('');
  }
  L.push('', '## Learnings', '');
  if (r.learnings.length === 0) L.push('No learnings were captured this week.');
  for (const l of r.learnings) {
    L.push(`### ${link(l.id)} ${cell(l.summary)} (Sev-${l.severity}, ${cell(l.customerName)})`, '', markdownBlock(l.learnings.trim()), '');
  }
  L.push('', '## Open review action items', '');
  if (r.openActionItems.length === 0) L.push('No post-incident review action item is open.');
  for (const i of r.openActionItems) L.push(`- ${link(i.ticketId)} Sev-${i.severity} ${cell(i.ticketSummary)}: ${cell(i.title)}${i.owner ? ` (${cell(i.owner)})` : ''}, open since ${i.createdAt.toISOString().slice(0, 10)}`);
  return L.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
