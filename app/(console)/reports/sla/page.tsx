import type { Metadata } from 'next';
import Link from 'next/link';
import { SeverityBadge } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/field';
import { plural } from '@/components/ui/format';
import { formatInstant } from '@/components/ui/time';
import { addDays, localToday, weekOf } from '@/lib/reports/range';
import { buildSlaReport, parseSlaRange } from '@/lib/reports/sla';
import { getSlaPolicy } from '@/lib/settings';
import { formatDuration } from '@/lib/sla/explain';
import { describeTarget } from '@/lib/sla/policy';
import type { TargetStats } from '@/lib/sla/report';
import { AppError } from '@/lib/errors';
import { pageQuery } from '@/lib/http/page-queries';
import { slaReportQuery } from '@/lib/reports/query';
import { getDb } from '@/lib/server/db';
import { rateLimit } from '@/lib/server/rate-limit';
import { requirePageUser } from '@/lib/server/session';
import { ReportTabs } from '../report-tabs';
import { ComplianceChart, type CompliancePoint } from './charts';

export const metadata: Metadata = { title: 'SLA compliance' };

const BREACH_LIMIT = 100;

function pct(s: TargetStats): string {
  return s.compliancePct === null ? '—' : `${s.compliancePct.toFixed(1)}%`;
}

function pctTone(s: TargetStats): string {
  if (s.compliancePct === null) return 'text-slate-400';
  if (s.compliancePct >= 95) return 'text-emerald-700';
  if (s.compliancePct >= 80) return 'text-amber-700';
  return 'text-red-700';
}

const bmin = (v: number | null) => (v === null ? '—' : formatDuration(v, { dayMinutes: 1e9 }));
/** Percentiles in the unit of the target's own clock, labelled: "6 min (24×7)", "1 h 30 min (business)". */
const pmin = (v: number | null, s: TargetStats) => (v === null ? '—' : `${bmin(v)} ${s.unit === 'elapsed' ? '(24×7)' : '(business)'}`);

function ReportProblem({ message }: { message: string }) {
  return (
    <>
      <ReportTabs current="/reports/sla" />
      <PageHeader title="SLA compliance" />
      <Card>
        <p role="alert" className="text-sm text-red-700" data-testid="report-problem">{message}</p>
        <Link href="/reports/sla" className={`${buttonClass('secondary', 'sm')} mt-3`}>Back to the last 12 weeks</Link>
      </Card>
    </>
  );
}

export default async function SlaReportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('reports:read');
  const params = pageQuery(slaReportQuery, await searchParams);
  const db = getDb();
  const now = new Date();
  let range;
  try {
    range = await parseSlaRange(db, params, now);
  } catch (error) {
    if (error instanceof AppError) return <ReportProblem message={error.message} />;
    throw error;
  }
  const wait = await rateLimit('reports', user.id);
  if (wait !== null) return <ReportProblem message={`Too many report requests: try again in ${wait} s.`} />;
  const report = await buildSlaReport(db, range, now);
  const { calendar, targets } = await getSlaPolicy(db);
  const today = localToday(calendar, now);
  const quick = [
    { label: '4 weeks', from: addDays(weekOf(today).weekStart, -21) },
    { label: '12 weeks', from: addDays(weekOf(today).weekStart, -77) },
    { label: '1 year', from: addDays(today, -364) },
  ];
  const weeks = [...new Set(report.rows.map((r) => r.weekStart))];
  const series = (target: 'ack' | 'mitigate'): CompliancePoint[] =>
    weeks.map((w) => {
      const rows = report.rows.filter((r) => r.weekStart === w);
      const v = (sev: number) => rows.find((r) => r.severity === sev)?.[target].compliancePct ?? null;
      return { week: w.slice(5), s1: v(1), s2: v(2), s3: v(3) };
    });
  const qs = `from=${range.from}&to=${range.to}`;
  const rows = report.rows.filter((r) => r.tickets > 0).reverse();
  return (
    <>
      <ReportTabs current="/reports/sla" />
      <PageHeader
        title="SLA compliance"
        subtitle={`Tickets opened ${range.from} to ${range.to} (${report.timeZone}). Compliance = met ÷ (met + breached); running clocks within target are not counted.`}
        actions={
          <>
            <a href={`/api/reports/sla?${qs}&part=weeks`} className={buttonClass('secondary', 'sm')} data-testid="export-csv">Export CSV</a>
            <a href={`/api/reports/sla?${qs}&part=breaches`} className={buttonClass('secondary', 'sm')}>Breaches CSV</a>
          </>
        }
      />
      <form method="get" className="no-print mb-4 flex flex-wrap items-center gap-2 text-sm" role="search">
        <label className="flex items-center gap-1.5 text-xs text-slate-600">
          From <Input type="date" name="from" defaultValue={range.from} className="w-40" aria-label="From" />
        </label>
        <label className="flex items-center gap-1.5 text-xs text-slate-600">
          To <Input type="date" name="to" defaultValue={range.to} className="w-40" aria-label="To" />
        </label>
        <button type="submit" className={buttonClass('primary', 'sm')}>Apply</button>
        <span className="ml-2 text-xs text-slate-500">Last</span>
        {quick.map((q) => (
          <Link key={q.label} href={`/reports/sla?from=${q.from}&to=${today}`} className="text-xs text-brand-600 hover:underline">
            {q.label}
          </Link>
        ))}
      </form>

      <div className="mb-4 grid gap-3 md:grid-cols-3" data-testid="sla-totals">
        {report.totals.map((t) => (
          <div key={t.severity} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid={`sla-total-${t.severity}`}>
            <div className="flex items-center justify-between">
              <SeverityBadge severity={t.severity} />
              <span className="text-xs text-slate-500">{plural(t.tickets, 'ticket')}</span>
            </div>
            <dl className="mt-2 grid grid-cols-2 gap-3">
              {(['ack', 'mitigate'] as const).map((name) => (
                <div key={name}>
                  <dt className="text-xs text-slate-500">{name === 'ack' ? 'Acknowledge' : 'Mitigate'} · {describeTarget(targets[t.severity][name])}</dt>
                  <dd className={`text-2xl font-semibold tabular-nums ${pctTone(t[name])}`} data-testid={`pct-${t.severity}-${name}`}>{pct(t[name])}</dd>
                  <dd className="text-xs text-slate-500 tabular-nums">
                    {t[name].met} met · {t[name].breached} breached · {t[name].running} running
                  </dd>
                  <dd className="text-xs text-slate-500 tabular-nums" data-testid={`pctl-${t.severity}-${name}`}>p50 {pmin(t[name].p50, t[name])} · p90 {pmin(t[name].p90, t[name])}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>

      <Card className="mb-4">
        <div className="grid gap-4 lg:grid-cols-2">
          <ComplianceChart title="Time to acknowledge — % met per week" data={series('ack')} testId="compliance-ack" />
          <ComplianceChart title="Time to mitigate — % met per week" data={series('mitigate')} testId="compliance-mitigate" />
        </div>
      </Card>

      <Card title="By week and severity" className="mb-4">
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">No tickets were opened in this range.</p>
        ) : (
          <div className="-m-4 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="sla-weeks">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2 text-left font-medium">Week</th>
                  <th className="px-3 py-2 text-left font-medium">Sev</th>
                  <th className="px-3 py-2 text-right font-medium">Tickets</th>
                  <th className="border-l border-slate-200 px-3 py-2 text-right font-medium">Ack met</th>
                  <th className="px-3 py-2 text-right font-medium">Met / breached / running</th>
                  <th className="px-3 py-2 text-right font-medium">p50 · p90</th>
                  <th className="border-l border-slate-200 px-3 py-2 text-right font-medium">Mitigate met</th>
                  <th className="px-3 py-2 text-right font-medium">Met / breached / running</th>
                  <th className="px-3 py-2 text-right font-medium">p50 · p90</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {rows.map((r) => (
                  <tr key={`${r.weekStart}-${r.severity}`} data-week={r.weekStart} data-severity={r.severity}>
                    <td className="whitespace-nowrap px-3 py-1.5 text-slate-700">{r.isoWeek} <span className="text-xs text-slate-400">{r.weekStart}</span></td>
                    <td className="px-3 py-1.5"><SeverityBadge severity={r.severity} /></td>
                    <td className="px-3 py-1.5 text-right">{r.tickets}</td>
                    <td className={`border-l border-slate-100 px-3 py-1.5 text-right font-medium ${pctTone(r.ack)}`} data-testid="row-ack-pct">{pct(r.ack)}</td>
                    <td className="px-3 py-1.5 text-right text-slate-600">{r.ack.met} / {r.ack.breached} / {r.ack.running}</td>
                    <td className="px-3 py-1.5 text-right text-slate-600">{pmin(r.ack.p50, r.ack)} · {bmin(r.ack.p90)}</td>
                    <td className={`border-l border-slate-100 px-3 py-1.5 text-right font-medium ${pctTone(r.mitigate)}`} data-testid="row-mitigate-pct">{pct(r.mitigate)}</td>
                    <td className="px-3 py-1.5 text-right text-slate-600">{r.mitigate.met} / {r.mitigate.breached} / {r.mitigate.running}</td>
                    <td className="px-3 py-1.5 text-right text-slate-600">{pmin(r.mitigate.p50, r.mitigate)} · {bmin(r.mitigate.p90)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title={`Breaches (${report.breaches.length.toLocaleString('en-US')})`} actions={report.breaches.length > BREACH_LIMIT && <span className="text-xs text-slate-500">Most recent weeks first; the first {BREACH_LIMIT} shown — all in the Breaches CSV.</span>}>
        {report.breaches.length === 0 ? (
          <p className="text-sm text-slate-500">No target was breached in this range.</p>
        ) : (
          <div className="-m-4 overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="sla-breaches">
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="px-3 py-2 text-left font-medium">Ticket</th>
                  <th className="px-3 py-2 text-left font-medium">Sev</th>
                  <th className="px-3 py-2 text-left font-medium">Target</th>
                  <th className="px-3 py-2 text-left font-medium">Deadline</th>
                  <th className="px-3 py-2 text-left font-medium">Stopped</th>
                  <th className="px-3 py-2 text-right font-medium">Over by</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 tabular-nums">
                {[...report.breaches].sort((a, b) => b.weekStart.localeCompare(a.weekStart) || b.overdueWallMinutes - a.overdueWallMinutes).slice(0, BREACH_LIMIT).map((b) => (
                  <tr key={`${b.ticketId}-${b.target}`}>
                    <td className="px-3 py-1.5"><Link href={`/tickets/${b.ticketId}`} className="font-mono text-brand-600 hover:underline">#{b.ticketId}</Link></td>
                    <td className="px-3 py-1.5"><SeverityBadge severity={b.severity} /></td>
                    <td className="px-3 py-1.5">{b.target === 'ack' ? 'Acknowledge' : 'Mitigate'}</td>
                    <td className="whitespace-nowrap px-3 py-1.5 text-slate-600">{formatInstant(b.deadline)}</td>
                    <td className="whitespace-nowrap px-3 py-1.5 text-slate-600">{b.stoppedAt ? formatInstant(b.stoppedAt) : <span className="font-medium text-red-700">still running</span>}</td>
                    <td className="whitespace-nowrap px-3 py-1.5 text-right">
                      {formatDuration(b.overdueWallMinutes)}
                      {b.unit === 'business' && <span className="text-xs text-slate-400"> ({bmin(b.overdueMinutes)} business)</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
