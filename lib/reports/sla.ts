// /reports/sla over the database: tickets created in a local-date range, evaluated against the
// calendar and targets in force (lib/sla slaReport, Jira's compliance formula).
import type { Db } from '@/db/client';
import { createHash } from 'node:crypto';
import { slaRecords, type SlaRecordRow } from '@/db/queries/reports';
import { readSlaDayRollups, slaRollupVersionNow, writeSlaDayRollups, type SlaDayRollupRow } from '@/db/queries/sla-rollups';
import { SEVERITIES, type Severity } from '@/db/schema';
import { compileCalendar } from '@/lib/sla/engine';
import { DAY, isoToDay } from '@/lib/sla/tz';
import { getSlaPolicy } from '@/lib/settings';
import { slaReport, summarizeStopped, SlaReportAccumulator, type SlaReport, type SlaStoppedSummary } from '@/lib/sla/report';
import { AppError } from '@/lib/errors';
import { reportRangeProblem } from './query';
import { addDays, isIsoDate, localRange, localToday, weekOf } from './range';

export interface SlaReportRange {
  from: string;
  to: string;
}

/** Default range: the last 12 ISO weeks up to today. */
export async function defaultSlaRange(db: Db, now: Date): Promise<SlaReportRange> {
  const today = localToday((await getSlaPolicy(db)).calendar, now);
  return { from: addDays(weekOf(today).weekStart, -77), to: today };
}

/** The range from (validated, lib/reports/query.ts) query parameters, or the default; `from`
 * after `to` is swapped. Throws AppError (INVALID_INPUT) when the range is longer than a report may be. */
export async function parseSlaRange(db: Db, params: { from?: string | null; to?: string | null }, now: Date): Promise<SlaReportRange> {
  const d = await defaultSlaRange(db, now);
  const from = isIsoDate(params.from) ? params.from : d.from;
  const to = isIsoDate(params.to) ? params.to : d.to;
  const problem = reportRangeProblem(from, to);
  if (problem) throw new AppError('INVALID_INPUT', problem);
  return from <= to ? { from, to } : { from: to, to: from };
}

/** Bump when the evaluation behind a stored SlaStoppedSummary changes: every stored one is then stale. */
const ROLLUP_VERSION = 2;

type DaySummaries = Partial<Record<Severity, SlaStoppedSummary>>;

/**
 * The report. Tickets whose clocks have both stopped do not depend on `now`: their contribution
 * per local day is stored (sla_day_rollups) with the policy's hash, and reused while the policy
 * matches. Database triggers delete a day's row when one of its stopped tickets or their pauses
 * change (db/queries/sla-rollups.ts), so a missing day is worked out again, then stored. Tickets
 * with a clock still running are evaluated at `now` each time. The result is the one slaReport
 * gives over all the tickets (test/reports compares both).
 */
export async function buildSlaReport(db: Db, range: SlaReportRange, now = new Date()): Promise<SlaReport> {
  const { calendar, targets } = await getSlaPolicy(db);
  const r = localRange(range.from, range.to, calendar);
  const opts = { calendar, targets, now, range: { from: range.from, to: range.to } };
  const a = isoToDay(range.from)!;
  const b = isoToDay(range.to)!;
  if (b < a || b - a > 4000) return slaReport(await slaRecords(db, r.fromAt, r.toAt), opts);
  const zone = compileCalendar(calendar).zone;
  const policy = createHash('sha256').update(JSON.stringify({ v: ROLLUP_VERSION, calendar, targets })).digest('hex');

  // Read before any ticket: a change after this point keeps what is worked out below from being stored.
  const version = await slaRollupVersionNow(db);
  const acc = new SlaReportAccumulator(opts);
  for (const t of await slaRecords(db, r.fromAt, r.toAt, 'running')) acc.addTicket(t);

  const stored = await readSlaDayRollups(db, a, b);
  const stale: DayBucket[] = [];
  for (let day = a; day <= b; day++) {
    const lo = zone.fromLocal(day * DAY);
    const hi = zone.fromLocal((day + 1) * DAY);
    const row = stored.get(day);
    if (row && row.policy === policy && row.lo === lo && row.hi === hi) addDay(acc, day, JSON.parse(row.summary) as DaySummaries);
    else stale.push({ day, lo, hi });
  }
  if (stale.length) {
    const fresh: SlaDayRollupRow[] = [];
    // Consecutive stale days are read as one range.
    for (let i = 0; i < stale.length; ) {
      let j = i;
      while (j + 1 < stale.length && stale[j + 1].day === stale[j].day + 1) j++;
      const group = stale.slice(i, j + 1);
      const records = await slaRecords(db, group[0].lo, group[group.length - 1].hi, 'stopped');
      const byDay = new Map<number, Map<Severity, SlaRecordRow[]>>();
      let k = 0;
      for (const t of records.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())) {
        while (t.createdAt.getTime() >= group[k].hi) k++;
        let bySeverity = byDay.get(group[k].day);
        if (!bySeverity) byDay.set(group[k].day, (bySeverity = new Map()));
        let list = bySeverity.get(t.severity);
        if (!list) bySeverity.set(t.severity, (list = []));
        list.push(t);
      }
      for (const d of group) {
        const summaries: DaySummaries = {};
        for (const [severity, list] of byDay.get(d.day) ?? []) {
          list.sort((x, y) => x.id - y.id);
          summaries[severity] = summarizeStopped(list, calendar, targets);
        }
        addDay(acc, d.day, summaries);
        fresh.push({ day: d.day, lo: d.lo, hi: d.hi, policy, summary: JSON.stringify(summaries) });
      }
      i = j + 1;
    }
    await writeSlaDayRollups(db, fresh, version);
  }
  return acc.result();
}

interface DayBucket {
  day: number;
  lo: number;
  hi: number;
}

function addDay(acc: SlaReportAccumulator, day: number, summaries: DaySummaries): void {
  for (const severity of SEVERITIES) {
    const s = summaries[severity];
    if (s) acc.addStopped(day, severity, s);
  }
}
