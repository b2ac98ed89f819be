// /reports/sla over the database: tickets created in a local-date range, evaluated against the
// calendar and targets in force (lib/sla slaReport, Jira's compliance formula).
import type { Db } from '@/db/client';
import { createHash } from 'node:crypto';
import { slaRecords, type SlaRecordRow } from '@/db/queries/reports';
import { readSlaDayRollups, stoppedSlaFingerprints, writeSlaDayRollups, type DayBucket, type SlaDayRollupRow } from '@/db/queries/sla-rollups';
import type { Severity } from '@/db/schema';
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
const ROLLUP_VERSION = 1;

/**
 * The report. Tickets whose clocks have both stopped do not depend on `now`: their contribution
 * per local day × severity is stored (sla_day_rollups) with the policy's hash and a fingerprint of
 * the tickets' inputs, reused while both match and worked out again (then stored) when either
 * differs. Tickets with a clock still running are evaluated at `now` each time. The result is the
 * one slaReport gives over all the tickets (test/reports compares both).
 */
export async function buildSlaReport(db: Db, range: SlaReportRange, now = new Date()): Promise<SlaReport> {
  const { calendar, targets } = await getSlaPolicy(db);
  const r = localRange(range.from, range.to, calendar);
  const opts = { calendar, targets, now, range: { from: range.from, to: range.to } };
  const a = isoToDay(range.from)!;
  const b = isoToDay(range.to)!;
  if (b < a || b - a > 4000) return slaReport(await slaRecords(db, r.fromAt, r.toAt), opts);
  const zone = compileCalendar(calendar).zone;
  const days: DayBucket[] = [];
  for (let d = a; d <= b; d++) days.push({ day: d, lo: zone.fromLocal(d * DAY), hi: zone.fromLocal((d + 1) * DAY) });
  const policy = createHash('sha256').update(JSON.stringify({ v: ROLLUP_VERSION, calendar, targets })).digest('hex');

  const acc = new SlaReportAccumulator(opts);
  for (const t of await slaRecords(db, r.fromAt, r.toAt, 'running')) acc.addTicket(t);

  const fingerprints = await stoppedSlaFingerprints(db, days);
  const stored = await readSlaDayRollups(db, a, b);
  // A day with any severity out of date is worked out again whole (all its severities).
  const stale = new Set<number>();
  for (const [key, fingerprint] of fingerprints) {
    const row = stored.get(key);
    if (!row || row.policy !== policy || row.fingerprint !== fingerprint) stale.add(Number(key.split(':')[0]));
  }
  for (const key of fingerprints.keys()) {
    const [day, severity] = key.split(':').map(Number);
    if (!stale.has(day)) acc.addStopped(day, severity as Severity, JSON.parse(stored.get(key)!.summary) as SlaStoppedSummary);
  }
  if (stale.size) {
    const fresh: SlaDayRollupRow[] = [];
    // Consecutive stale days are read as one range.
    const list = days.filter((d) => stale.has(d.day));
    for (let i = 0; i < list.length; ) {
      let j = i;
      while (j + 1 < list.length && list[j + 1].day === list[j].day + 1) j++;
      const group = list.slice(i, j + 1);
      const records = await slaRecords(db, group[0].lo, group[group.length - 1].hi, 'stopped');
      const byKey = new Map<string, SlaRecordRow[]>();
      let k = 0;
      for (const t of records.sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())) {
        while (t.createdAt.getTime() >= group[k].hi) k++;
        const id = `${group[k].day}:${t.severity}`;
        let l = byKey.get(id);
        if (!l) byKey.set(id, (l = []));
        l.push(t);
      }
      for (const [key, list] of byKey) {
        list.sort((x, y) => x.id - y.id);
        const [day, severity] = key.split(':').map(Number);
        const summary = summarizeStopped(list, calendar, targets);
        acc.addStopped(day, severity as Severity, summary);
        const fingerprint = fingerprints.get(key);
        if (fingerprint !== undefined) fresh.push({ day, severity: severity as Severity, policy, fingerprint, summary: JSON.stringify(summary) });
      }
      i = j + 1;
    }
    await writeSlaDayRollups(db, fresh);
  }
  return acc.result();
}
