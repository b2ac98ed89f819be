// /reports/sla over the database: tickets created in a local-date range, evaluated against the
// calendar and targets in force (lib/sla slaReport, Jira's compliance formula).
import type { Db } from '@/db/client';
import { slaRecords } from '@/db/queries/reports';
import { getSlaPolicy } from '@/lib/settings';
import { slaReport, type SlaReport } from '@/lib/sla/report';
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

export async function buildSlaReport(db: Db, range: SlaReportRange, now = new Date()): Promise<SlaReport> {
  const { calendar, targets } = await getSlaPolicy(db);
  const r = localRange(range.from, range.to, calendar);
  const records = await slaRecords(db, r.fromAt, r.toAt);
  return slaReport(records, { calendar, targets, now, range: { from: range.from, to: range.to } });
}
