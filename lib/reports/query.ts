// The report pages' and report APIs' query parameters, and the bound on a report's range: a
// report over centuries pinned the CPU for minutes, so a range is at most MAX_REPORT_YEARS.
import { z } from 'zod';
import { readQuery, type QuerySource, type QueryResult } from '@/lib/http/query';
import { isIsoDate } from './range';

export const MAX_REPORT_YEARS = 3;
export const MAX_REPORT_DAYS = MAX_REPORT_YEARS * 366;
export const EARLIEST_REPORT_DATE = '2000-01-01';
export const LATEST_REPORT_DATE = '2099-12-31';

const reportDate = z
  .string()
  .refine(isIsoDate, 'must be a date written YYYY-MM-DD')
  .refine((d) => d >= EARLIEST_REPORT_DATE && d <= LATEST_REPORT_DATE, `must be a date from ${EARLIEST_REPORT_DATE} to ${LATEST_REPORT_DATE}`);

/** Why a report range is refused, or null: at most MAX_REPORT_YEARS years long. */
export function reportRangeProblem(from: string, to: string): string | null {
  const [a, b] = from <= to ? [from, to] : [to, from];
  const days = Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000) + 1;
  if (days > MAX_REPORT_DAYS) {
    return `The report range ${a} to ${b} is ${days} days long; a report covers at most ${MAX_REPORT_YEARS} years (${MAX_REPORT_DAYS} days). Choose a shorter range.`;
  }
  return null;
}

export const SLA_REPORT_PARTS = ['weeks', 'totals', 'breaches'] as const;

export const slaReportQuery = z
  .object({ from: reportDate.optional(), to: reportDate.optional(), part: z.enum(SLA_REPORT_PARTS, 'must be weeks, totals or breaches').optional() })
  .superRefine((q, ctx) => {
    const problem = q.from && q.to ? reportRangeProblem(q.from, q.to) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [] });
  });

export const weeklyReportQuery = z.object({ week: reportDate.optional() });

export function readSlaReportQuery(source: QuerySource): QueryResult<z.output<typeof slaReportQuery>> {
  return readQuery(slaReportQuery, source);
}
