import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Markdown } from '@/components/markdown';
import { SeverityBadge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { formatInstant } from '@/components/ui/time';
import { addDays } from '@/lib/reports/range';
import { buildWeeklyReport, parseWeek } from '@/lib/reports/weekly';
import { formatDuration } from '@/lib/sla/explain';
import type { TargetStats } from '@/lib/sla/report';
import { pageQuery } from '@/lib/http/page-queries';
import { weeklyReportQuery } from '@/lib/reports/query';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { ReportTabs } from '../report-tabs';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Weekly operations report' };

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
const bmin = (v: number | null) => (v === null ? '—' : formatDuration(v, { dayMinutes: 1e9 }));
const ratio = (s: TargetStats) => `${s.met}/${s.met + s.breached}`;

function Th({ children, right }: { children: ReactNode; right?: boolean }) {
  return <th className={`px-3 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-500 ${right ? 'text-right' : 'text-left'}`}>{children}</th>;
}

function Td({ children, right, className = '' }: { children: ReactNode; right?: boolean; className?: string }) {
  return <td className={`px-3 py-1.5 ${right ? 'text-right tabular-nums' : ''} ${className}`}>{children}</td>;
}

export default async function WeeklyReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('reports:read');
  const db = getDb();
  const now = new Date();
  const week = await parseWeek(db, pageQuery(weeklyReportQuery, await searchParams).week, now);
  const r = await buildWeeklyReport(db, week.weekStart, now);
  const total = (o: Record<1 | 2 | 3, number>) => o[1] + o[2] + o[3];
  return (
    <div className="print:text-[12px]">
      <ReportTabs current="/reports/weekly" />
      <PageHeader
        title={`Weekly operations report — ${r.isoWeek}`}
        subtitle={`${r.weekStart} to ${r.weekEnd} (${r.timeZone}) · generated ${formatInstant(r.generatedAt)}`}
        actions={
          <span className="no-print flex items-center gap-2">
            <Link href={`/reports/weekly?week=${addDays(r.weekStart, -7)}`} className={buttonClass('ghost', 'sm')}>← Previous week</Link>
            <Link href={`/reports/weekly?week=${addDays(r.weekStart, 7)}`} className={buttonClass('ghost', 'sm')}>Next week →</Link>
            <a href={`/api/reports/weekly?week=${r.weekStart}`} className={buttonClass('secondary', 'sm')} data-testid="export-markdown">Export Markdown</a>
            <PrintButton />
          </span>
        }
      />
      <div className="grid gap-4 lg:grid-cols-2 print:block print:space-y-4">
        <Card title="Tickets">
          <table className="-mx-3 w-[calc(100%+1.5rem)] text-sm" data-testid="weekly-tickets">
            <thead><tr><Th>Severity</Th><Th right>Opened</Th><Th right>Resolved</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {([1, 2, 3] as const).map((s) => (
                <tr key={s}><Td><SeverityBadge severity={s} /></Td><Td right>{r.opened[s]}</Td><Td right>{r.resolved[s]}</Td></tr>
              ))}
              <tr className="font-semibold"><Td>Total</Td><Td right>{total(r.opened)}</Td><Td right>{total(r.resolved)}</Td></tr>
            </tbody>
          </table>
        </Card>

        <Card title="SLA compliance (tickets opened this week)" actions={<Link href={`/reports/sla?from=${r.weekStart}&to=${r.weekEnd}`} className="no-print text-xs text-brand-600 hover:underline">Details</Link>}>
          <table className="-mx-3 w-[calc(100%+1.5rem)] text-sm" data-testid="weekly-sla">
            <thead><tr><Th>Severity</Th><Th right>Acknowledge</Th><Th right>p50 / p90</Th><Th right>Mitigate</Th><Th right>p50 / p90</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {r.sla.map((row) => (
                <tr key={row.severity}>
                  <Td><SeverityBadge severity={row.severity} /></Td>
                  <Td right>{pct(row.ack.compliancePct)} <span className="text-xs text-slate-400">{ratio(row.ack)}</span></Td>
                  <Td right className="text-slate-600">{bmin(row.ack.p50)} / {bmin(row.ack.p90)} {row.ack.unit === 'elapsed' ? '(24×7)' : '(business)'}</Td>
                  <Td right>{pct(row.mitigate.compliancePct)} <span className="text-xs text-slate-400">{ratio(row.mitigate)}</span></Td>
                  <Td right className="text-slate-600">{bmin(row.mitigate.p50)} / {bmin(row.mitigate.p90)} {row.mitigate.unit === 'elapsed' ? '(24×7)' : '(business)'}</Td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.breaches.length > 0 && (
            <p className="mt-2 text-xs text-slate-600">
              {r.breaches.length} breach{r.breaches.length > 1 ? 'es' : ''}:{' '}
              {r.breaches.slice(0, 12).map((b, i) => (
                <span key={`${b.ticketId}-${b.target}`}>
                  {i > 0 && ', '}
                  <Link href={`/tickets/${b.ticketId}`} className="font-mono text-brand-600 hover:underline">#{b.ticketId}</Link> {b.target === 'ack' ? 'ack' : 'mitigate'}
                </span>
              ))}
              {r.breaches.length > 12 && ` and ${r.breaches.length - 12} more`}
            </p>
          )}
        </Card>

        <Card title="Update cadence (Sev-1 hourly, Sev-2 twice daily)">
          <table className="-mx-3 w-[calc(100%+1.5rem)] text-sm" data-testid="weekly-cadence">
            <thead><tr><Th>Severity</Th><Th right>Tickets</Th><Th right>On time</Th><Th right>Missed</Th><Th right>Compliance</Th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {r.cadence.map((c) => (
                <tr key={c.severity}>
                  <Td><SeverityBadge severity={c.severity} /> <span className="text-xs text-slate-400">every {c.everyMinutes >= 60 ? `${c.everyMinutes / 60} h` : `${c.everyMinutes} min`}</span></Td>
                  <Td right>{c.tickets}</Td><Td right>{c.met}</Td><Td right>{c.missed}</Td>
                  <Td right className="font-medium">{pct(c.compliancePct)}</Td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>

        <Card title="Most frequent error codes in this week’s bundles">
          {r.errorCodes.length === 0 ? (
            <p className="text-sm text-slate-500">No error codes in this week’s bundles.</p>
          ) : (
            <table className="-mx-3 w-[calc(100%+1.5rem)] text-sm" data-testid="weekly-errors">
              <thead><tr><Th>Code</Th><Th>Title</Th><Th right>Occurrences</Th><Th right>Bundles</Th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {r.errorCodes.map((e) => (
                  <tr key={e.code}>
                    <Td><Link href={`/errors#${e.code}`} className="font-mono text-brand-600 hover:underline">{e.code}</Link></Td>
                    <Td className="text-slate-700">{e.title ?? '—'}</Td>
                    <Td right>{e.count.toLocaleString('en-US')}</Td>
                    <Td right>{e.bundles}</Td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>

        <Card title="Releases tagged">
          {r.releases.length === 0 ? (
            <p className="text-sm text-slate-500">No release was tagged this week.</p>
          ) : (
            <ul className="space-y-2" data-testid="weekly-releases">
              {r.releases.map((rel) => (
                <li key={rel.version}>
                  <Link href={`/tickets?release=${encodeURIComponent(rel.version)}&status=all`} className="font-mono text-sm font-semibold text-brand-600 hover:underline">{rel.version}</Link>
                  <ul className="mt-0.5 space-y-0.5 pl-3 text-sm">
                    {rel.tickets.map((t) => (
                      <li key={t.id} className="flex gap-2">
                        <Link href={`/tickets/${t.id}`} className="font-mono text-xs text-slate-500 hover:text-brand-600">#{t.id}</Link>
                        <SeverityBadge severity={t.severity} />
                        <span className="truncate">{t.customerName}: {t.summary}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={`Open review action items (${r.openActionItems.length})`} className="lg:col-span-2">
          {r.openActionItems.length === 0 ? (
            <p className="text-sm text-slate-500">No post-incident review action item is open.</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="weekly-action-items">
              {r.openActionItems.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center gap-2 py-1.5 text-sm">
                  <Link href={`/tickets/${i.ticketId}#review`} className="font-mono text-xs text-slate-500 hover:text-brand-600">#{i.ticketId}</Link>
                  <span className="font-medium text-slate-900">{i.title}</span>
                  {i.owner && <span className="text-xs text-slate-500">({i.owner})</span>}
                  <span className="text-xs text-slate-500">{i.ticketSummary} · open since {formatInstant(i.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={`Learnings (${r.learnings.length})`} className="lg:col-span-2">
          {r.learnings.length === 0 ? (
            <p className="text-sm text-slate-500">No learnings were captured this week.</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="weekly-learnings">
              {r.learnings.map((l) => (
                <li key={l.id} className="py-2 first:pt-0 last:pb-0 print:break-inside-avoid">
                  <p className="mb-1 flex items-center gap-2 text-sm">
                    <Link href={`/tickets/${l.id}`} className="font-mono text-xs text-slate-500 hover:text-brand-600">#{l.id}</Link>
                    <SeverityBadge severity={l.severity} />
                    <span className="font-medium text-slate-900">{l.summary}</span>
                    <span className="text-xs text-slate-500">{l.customerName} · {formatInstant(l.at)}</span>
                  </p>
                  <Markdown text={l.learnings} className="pl-1" />
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
