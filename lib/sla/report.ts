// The SLA compliance report (/reports/sla, the weekly report): pure functions over ticket records.
//
// - Tickets are grouped by the ISO week (Monday-based, in the calendar's time zone) of their
//   creation (the clock start) and by severity; only tickets created in [range.from, range.to).
// - Per target (time to acknowledge, time to mitigate): met (stopped at or before the deadline),
//   breached (stopped after it, or still running past it at `now`), running (not stopped, within
//   target). Compliance by Jira's formula: met ÷ (met + breached); null when that is 0.
// - p50 / p90 of the time to acknowledge / mitigate in the units of the target's own clock:
//   business minutes for business / next-business-day targets, running (24×7) minutes for elapsed
//   targets; from creation to the stop, pauses excluded, over stopped clocks only (`unit` says
//   which). A Sev-1 acknowledged 6 minutes after a night-time opening is 6 min, not 0. Percentiles are
//   nearest-rank: the value at rank ceil(p/100 × n) of the ascending list (n ≥ 1), null if n = 0.
// - Breaches list each breached target with its overdue time in the target's clock minutes
//   (business or elapsed, pauses excluded), as slaClock reports it.
import type { BusinessCalendar, Target } from './index';
import { evaluateClock, flatPauses, type SlaPauseInput } from './clock';
import { businessMsBetween, compileCalendar, runningMsBetween, type CompiledCalendar } from './engine';
import { SEVERITIES, type Severity, type SlaTargetName, type SlaTargets } from './policy';
import { DAY, MINUTE, dayToIso, isoToDay } from './tz';

export interface SlaTicketRecord {
  id: number | string;
  severity: Severity;
  createdAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  /** Pauses of the ticket (both clocks stop); an open pause has to: null. */
  pauses: SlaPauseInput[];
}

export interface TargetStats {
  met: number;
  breached: number;
  /** Not stopped and not past the deadline at `now`. */
  running: number;
  /** met + breached + running. */
  total: number;
  /** met ÷ (met + breached), 0..1; null when met + breached = 0. */
  compliance: number | null;
  /** compliance × 100 (not rounded); null when met + breached = 0. */
  compliancePct: number | null;
  /** Nearest-rank percentiles of clock minutes from creation to the stop (stopped clocks only), in `unit`. */
  p50: number | null;
  p90: number | null;
  /** The unit of p50 / p90: the target's clock (business minutes, or 24×7 elapsed minutes). */
  unit: 'business' | 'elapsed';
  /** Number of stopped clocks the percentiles are over. */
  stopped: number;
}

export interface SlaReportRow {
  /** Local date of the Monday starting the week ('YYYY-MM-DD'), or 'total' for the totals rows. */
  weekStart: string;
  /** ISO week label, e.g. '2025-W24' ('total' for totals). */
  isoWeek: string;
  severity: Severity;
  /** Tickets created in that week with that severity. */
  tickets: number;
  ack: TargetStats;
  mitigate: TargetStats;
}

export interface SlaBreach {
  ticketId: number | string;
  severity: Severity;
  target: SlaTargetName;
  createdAt: Date;
  deadline: Date;
  /** When the clock stopped (late), or null when it is still running past the deadline. */
  stoppedAt: Date | null;
  /**
   * Clock minutes past the deadline (business or elapsed as the target), at the stop or now;
   * can be 0 for a business target stopped late outside business hours (see overdueWallMinutes).
   */
  overdueMinutes: number;
  /** Wall-clock minutes from the deadline to the stop (or now). */
  overdueWallMinutes: number;
  unit: 'business' | 'elapsed';
  weekStart: string;
}

export interface SlaReport {
  timeZone: string;
  range: { from: Date; to: Date };
  now: Date;
  /** One row per week in the range × severity (1, 2, 3), weeks ascending, empty weeks included. */
  rows: SlaReportRow[];
  /** One row per severity over the whole range. */
  totals: SlaReportRow[];
  /** Breached targets, most overdue first within each week, weeks ascending. */
  breaches: SlaBreach[];
}

export interface SlaReportOptions {
  calendar: BusinessCalendar;
  targets: SlaTargets;
  now: Date;
  /**
   * Tickets created in [from, to) are counted. A string is a local date ('YYYY-MM-DD') in the
   * calendar's time zone: `from` its start, `to` inclusive (its end).
   */
  range: { from: Date | string; to: Date | string };
}

/**
 * Business minutes between two instants on the calendar, pauses excluded (open pauses last
 * until `to`). Negative when `to` is before `from`.
 */
export function businessMinutesBetween(
  from: Date,
  to: Date,
  calendar: BusinessCalendar,
  pauses?: { from: Date; to: Date | null }[],
): number {
  const a = from.getTime();
  const b = to.getTime();
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Error('businessMinutesBetween: from and to must be valid Dates.');
  const c = compileCalendar(calendar);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const flat = flatPauses(pauses, lo, hi, null);
  const ms = businessMsBetween(c, lo, hi, flat);
  return (a <= b ? ms : -ms) / MINUTE;
}

/**
 * Nearest-rank percentile: sort ascending, take the value at rank ceil(p/100 × n) (1-based,
 * at least 1). Null for an empty list. E.g. p90 of [1..10] is 9, p50 of [1, 2, 3, 4] is 2.
 */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Monday (local date) and ISO week label of the week containing a local day number. */
export function isoWeekOfDay(day: number): { weekStart: string; isoWeek: string; mondayDay: number } {
  const wd = (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  const monday = day - wd;
  const thursday = monday + 3; // the ISO year is the year of the week's Thursday
  const year = new Date(thursday * DAY).getUTCFullYear();
  const jan1 = Math.floor(Date.UTC(year, 0, 1) / DAY);
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return { weekStart: dayToIso(monday), isoWeek: `${year}-W${String(week).padStart(2, '0')}`, mondayDay: monday };
}

/** ISO week of an instant in a calendar's time zone. */
export function isoWeekOf(date: Date, calendar: BusinessCalendar): { weekStart: string; isoWeek: string } {
  const c = compileCalendar(calendar);
  const { weekStart, isoWeek } = isoWeekOfDay(c.zone.localDay(date.getTime()));
  return { weekStart, isoWeek };
}

function compareIds(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function resolveRangeBound(v: Date | string, c: CompiledCalendar, isEnd: boolean): number {
  if (v instanceof Date) {
    const t = v.getTime();
    if (!Number.isFinite(t)) throw new Error('SLA report: invalid range date.');
    return t;
  }
  const day = isoToDay(v);
  if (day === null) throw new Error(`SLA report: range bound "${v}" is not a YYYY-MM-DD date.`);
  return c.zone.fromLocal((isEnd ? day + 1 : day) * DAY);
}

function emptyAcc() {
  // Durations come one by one (`durations`) and as whole stored lists (`parts`, shared, never
  // copied until the percentiles are taken).
  return { met: 0, breached: 0, running: 0, durations: [] as number[], parts: [] as number[][], unit: 'business' as 'business' | 'elapsed' };
}
type Acc = ReturnType<typeof emptyAcc>;

function nearestRank(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function stats(a: Acc): TargetStats {
  const denom = a.met + a.breached;
  const compliance = denom ? a.met / denom : null;
  let n = a.durations.length;
  for (const part of a.parts) n += part.length;
  const sorted = new Float64Array(n);
  sorted.set(a.durations);
  let at = a.durations.length;
  for (const part of a.parts) {
    sorted.set(part, at);
    at += part.length;
  }
  sorted.sort();
  return {
    met: a.met,
    breached: a.breached,
    running: a.running,
    total: a.met + a.breached + a.running,
    compliance,
    compliancePct: compliance === null ? null : compliance * 100,
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    unit: a.unit,
    stopped: n,
  };
}

export interface TicketSlaEvaluation {
  target: SlaTargetName;
  deadline: Date;
  stoppedAt: Date | null;
  outcome: 'met' | 'breached' | 'running';
  /** Clock minutes left (negative = overdue), at the stop or at now. */
  remainingMinutes: number;
  unit: 'business' | 'elapsed';
  /** Business minutes from creation to the stop, pauses excluded; null while running. */
  businessMinutesToStop: number | null;
  /** Minutes from creation to the stop in the target's own unit (`unit`), pauses excluded; null while running. */
  minutesToStop: number | null;
}

interface RawEvaluation {
  deadline: number;
  stop: number | null;
  outcome: 'met' | 'breached' | 'running';
  remainingMinutes: number;
  unit: 'business' | 'elapsed';
  businessMinutesToStop: number | null;
  minutesToStop: number | null;
}

function evaluateRaw(c: CompiledCalendar, t: SlaTicketRecord, name: SlaTargetName, target: Target, now: number): RawEvaluation {
  const start = t.createdAt.getTime();
  if (!Number.isFinite(start)) throw new Error(`SLA report: ticket ${t.id} has an invalid createdAt.`);
  const stoppedAt = name === 'ack' ? t.acknowledgedAt : t.mitigatedAt;
  const stop = stoppedAt ? stoppedAt.getTime() : null;
  const flat = flatPauses(t.pauses, start, stop ?? now, stop);
  const e = evaluateClock(c, start, stop, target, flat, now, false);
  return {
    deadline: e.deadline,
    stop,
    outcome: e.breached ? 'breached' : stop !== null ? 'met' : 'running',
    remainingMinutes: e.remainingMinutes,
    unit: e.unit,
    businessMinutesToStop: stop === null ? null : (c.hasWindows ? businessMsBetween(c, start, stop, flat) : 0) / MINUTE,
    minutesToStop: stop === null ? null : e.unit === 'elapsed' ? runningMsBetween(start, stop, flat) / MINUTE : (c.hasWindows ? businessMsBetween(c, start, stop, flat) : 0) / MINUTE,
  };
}

function evaluateOne(c: CompiledCalendar, t: SlaTicketRecord, name: SlaTargetName, target: Target, now: number): TicketSlaEvaluation {
  const r = evaluateRaw(c, t, name, target, now);
  return {
    target: name,
    deadline: new Date(r.deadline),
    stoppedAt: r.stop === null ? null : new Date(r.stop),
    outcome: r.outcome,
    remainingMinutes: r.remainingMinutes,
    unit: r.unit,
    businessMinutesToStop: r.businessMinutesToStop,
    minutesToStop: r.minutesToStop,
  };
}

/** Both clocks of one ticket, as the report counts them. */
export function evaluateTicketSla(
  ticket: SlaTicketRecord,
  calendar: BusinessCalendar,
  targets: SlaTargets,
  now: Date,
): Record<SlaTargetName, TicketSlaEvaluation> {
  const c = compileCalendar(calendar);
  const tg = targets[ticket.severity];
  if (!tg) throw new Error(`SLA report: no targets for severity ${String(ticket.severity)}.`);
  return {
    ack: evaluateOne(c, ticket, 'ack', tg.ack, now.getTime()),
    mitigate: evaluateOne(c, ticket, 'mitigate', tg.mitigate, now.getTime()),
  };
}

/** The SLA compliance report (see the header of this file for every rule). */
export function slaReport(tickets: Iterable<SlaTicketRecord>, opts: SlaReportOptions): SlaReport {
  const acc = new SlaReportAccumulator(opts);
  for (const t of tickets) acc.addTicket(t);
  return acc.result();
}

/** A target's outcomes over a set of tickets whose clocks have stopped (independent of `now`). */
export interface SlaTargetSummary {
  met: number;
  breached: number;
  /** Minutes from creation to the stop, in the target's unit, in ticket order. */
  durations: number[];
}

/** A breach of a stopped clock, compact: [ticketId, target, createdAt, deadline, stoppedAt, overdueMinutes, overdueWallMinutes, unit]. */
export type SlaStoppedBreach = [number | string, SlaTargetName, number, number, number, number, number, 'business' | 'elapsed'];

/**
 * The contribution of tickets of one severity created on one local day whose clocks have both
 * stopped: it does not depend on `now`, so it can be stored and added to a report as it is
 * (lib/reports/sla.ts stores them per local day; database triggers forget a day when its tickets change).
 */
export interface SlaStoppedSummary {
  tickets: number;
  ack: SlaTargetSummary;
  mitigate: SlaTargetSummary;
  /** In ticket order, ack before mitigate for a ticket. */
  breaches: SlaStoppedBreach[];
}

/** Summarise tickets (each with both clocks stopped) of one severity. */
export function summarizeStopped(tickets: Iterable<SlaTicketRecord>, calendar: BusinessCalendar, targets: SlaTargets): SlaStoppedSummary {
  const c = compileCalendar(calendar);
  const out: SlaStoppedSummary = { tickets: 0, ack: { met: 0, breached: 0, durations: [] }, mitigate: { met: 0, breached: 0, durations: [] }, breaches: [] };
  for (const t of tickets) {
    const tg = targets[t.severity];
    if (!tg) throw new Error(`SLA report: no targets for severity ${String(t.severity)} (ticket ${t.id}).`);
    if (!t.acknowledgedAt || !t.mitigatedAt) throw new Error(`SLA report: ticket ${t.id} has a clock still running.`);
    out.tickets++;
    for (const name of ['ack', 'mitigate'] as const) {
      // `now` is never read for a stopped clock: NaN would show in the result if it were.
      const e = evaluateRaw(c, t, name, tg[name], Number.NaN);
      const s = out[name];
      if (e.outcome === 'met') s.met++;
      else s.breached++;
      s.durations.push(e.minutesToStop!);
      if (e.outcome === 'breached') {
        out.breaches.push([t.id, name, t.createdAt.getTime(), e.deadline, e.stop!, e.remainingMinutes === 0 ? 0 : -e.remainingMinutes, (e.stop! - e.deadline) / MINUTE, e.unit]);
      }
    }
  }
  return out;
}

/** Builds a report from tickets (evaluated at `now`) and stored summaries of stopped tickets. */
export class SlaReportAccumulator {
  private readonly c: CompiledCalendar;
  private readonly now: number;
  readonly from: number;
  readonly to: number;
  private readonly weeks = new Map<number, Map<Severity, { tickets: number; ack: Acc; mitigate: Acc }>>();
  private readonly totals = new Map<Severity, { tickets: number; ack: Acc; mitigate: Acc }>();
  private readonly breaches: SlaBreach[] = [];
  private readonly breachMonday: number[] = [];
  private readonly labels = new Map<number, string>();

  constructor(private readonly opts: SlaReportOptions) {
    this.c = compileCalendar(opts.calendar);
    this.now = opts.now.getTime();
    this.from = resolveRangeBound(opts.range.from, this.c, false);
    this.to = resolveRangeBound(opts.range.to, this.c, true);
    for (const sev of SEVERITIES) this.totals.set(sev, this.newCell(sev));
    // Every week of the range appears, even without tickets (charts need a continuous axis).
    if (this.to > this.from) {
      const firstDay = this.c.zone.localDay(this.from);
      const lastDay = this.c.zone.localDay(this.to - 1);
      for (let m = isoWeekOfDay(firstDay).mondayDay; m <= lastDay; m += 7) this.weekCells(m);
    }
  }

  private unitOf(sev: Severity, name: SlaTargetName): 'business' | 'elapsed' {
    return this.opts.targets[sev]?.[name].kind === 'elapsed' ? 'elapsed' : 'business';
  }

  private newCell(sev: Severity) {
    return { tickets: 0, ack: { ...emptyAcc(), unit: this.unitOf(sev, 'ack') }, mitigate: { ...emptyAcc(), unit: this.unitOf(sev, 'mitigate') } };
  }

  private weekCells(monday: number) {
    let w = this.weeks.get(monday);
    if (!w) {
      w = new Map();
      for (const sev of SEVERITIES) w.set(sev, this.newCell(sev));
      this.weeks.set(monday, w);
    }
    return w;
  }

  private weekLabel(monday: number): string {
    let l = this.labels.get(monday);
    if (l === undefined) this.labels.set(monday, (l = dayToIso(monday)));
    return l;
  }

  addTicket(t: SlaTicketRecord): void {
    const { c, now, opts } = this;
    const created = t.createdAt.getTime();
    if (!(created >= this.from && created < this.to)) return;
    const tg = opts.targets[t.severity];
    if (!tg) throw new Error(`SLA report: no targets for severity ${String(t.severity)} (ticket ${t.id}).`);
    const day = c.zone.localDay(created);
    const mondayDay = day - ((((day + 3) % 7) + 7) % 7);
    const cell = this.weekCells(mondayDay).get(t.severity)!;
    const total = this.totals.get(t.severity)!;
    cell.tickets++;
    total.tickets++;
    for (const name of ['ack', 'mitigate'] as const) {
      const e = evaluateRaw(c, t, name, tg[name], now);
      cell[name][e.outcome]++;
      total[name][e.outcome]++;
      if (e.minutesToStop !== null) {
        cell[name].durations.push(e.minutesToStop);
        total[name].durations.push(e.minutesToStop);
      }
      if (e.outcome === 'breached') {
        this.breaches.push({
          ticketId: t.id,
          severity: t.severity,
          target: name,
          createdAt: t.createdAt,
          deadline: new Date(e.deadline),
          stoppedAt: e.stop === null ? null : new Date(e.stop),
          overdueMinutes: e.remainingMinutes === 0 ? 0 : -e.remainingMinutes,
          overdueWallMinutes: ((e.stop ?? now) - e.deadline) / MINUTE,
          unit: e.unit,
          weekStart: this.weekLabel(mondayDay),
        });
        this.breachMonday.push(mondayDay);
      }
    }
  }

  /** Add the summary of stopped tickets of `severity` created on local day `day` (inside the range). */
  addStopped(day: number, severity: Severity, s: SlaStoppedSummary): void {
    if (s.tickets === 0) return;
    const mondayDay = day - ((((day + 3) % 7) + 7) % 7);
    const cell = this.weekCells(mondayDay).get(severity)!;
    const total = this.totals.get(severity)!;
    cell.tickets += s.tickets;
    total.tickets += s.tickets;
    for (const name of ['ack', 'mitigate'] as const) {
      const x = s[name];
      cell[name].met += x.met;
      cell[name].breached += x.breached;
      total[name].met += x.met;
      total[name].breached += x.breached;
      if (x.durations.length) {
        cell[name].parts.push(x.durations);
        total[name].parts.push(x.durations);
      }
    }
    for (const [ticketId, target, createdAt, deadline, stop, overdueMinutes, overdueWallMinutes, unit] of s.breaches) {
      this.breaches.push({ ticketId, severity, target, createdAt: new Date(createdAt), deadline: new Date(deadline), stoppedAt: new Date(stop), overdueMinutes, overdueWallMinutes, unit, weekStart: this.weekLabel(mondayDay) });
      this.breachMonday.push(mondayDay);
    }
  }

  result(): SlaReport {
    const { weeks, totals, breaches, breachMonday } = this;
    const rows: SlaReportRow[] = [];
    for (const monday of [...weeks.keys()].sort((a, b) => a - b)) {
      const { weekStart, isoWeek } = isoWeekOfDay(monday);
      for (const sev of SEVERITIES) {
        const cell = weeks.get(monday)!.get(sev)!;
        rows.push({ weekStart, isoWeek, severity: sev, tickets: cell.tickets, ack: stats(cell.ack), mitigate: stats(cell.mitigate) });
      }
    }
    const order = Array.from(breaches, (_, i) => i);
    order.sort((i, j) => {
      const a = breaches[i];
      const b = breaches[j];
      return breachMonday[i] - breachMonday[j] || b.overdueMinutes - a.overdueMinutes || compareIds(a.ticketId, b.ticketId) || (a.target === b.target ? 0 : a.target === 'ack' ? -1 : 1);
    });
    return {
      timeZone: this.c.zone.name,
      range: { from: new Date(this.from), to: new Date(this.to) },
      now: new Date(this.now),
      rows,
      totals: SEVERITIES.map((sev) => {
        const cell = totals.get(sev)!;
        return { weekStart: 'total', isoWeek: 'total', severity: sev, tickets: cell.tickets, ack: stats(cell.ack), mitigate: stats(cell.mitigate) };
      }),
      breaches: order.map((i) => breaches[i]),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when needed). Text cells that a
// spreadsheet would run as a formula (= + - @ at the start) are prefixed with a quote.

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 100) / 100) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Generic CSV from a header and rows of cells. */
export function csv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const STAT_COLUMNS = ['met', 'breached', 'running', 'compliance_pct', 'p50_min', 'p90_min', 'min_unit'] as const;

/** The report rows (weekly or totals) as CSV, one line per week × severity. */
export function toCsv(rows: SlaReportRow[]): string {
  const header = [
    'week_start',
    'iso_week',
    'severity',
    'tickets',
    ...STAT_COLUMNS.map((c) => `ack_${c}`),
    ...STAT_COLUMNS.map((c) => `mitigate_${c}`),
  ];
  const cells = (s: TargetStats) => [s.met, s.breached, s.running, s.compliancePct, s.p50, s.p90, s.unit === 'elapsed' ? '24x7' : 'business'];
  return csv(
    header,
    rows.map((r) => [r.weekStart, r.isoWeek, `Sev-${r.severity}`, r.tickets, ...cells(r.ack), ...cells(r.mitigate)]),
  );
}

/** The breach list as CSV. */
export function breachesToCsv(breaches: SlaBreach[]): string {
  return csv(
    ['ticket_id', 'severity', 'target', 'week_start', 'created_at', 'deadline', 'stopped_at', 'overdue_minutes', 'unit', 'overdue_wall_minutes'],
    breaches.map((b) => [
      b.ticketId,
      `Sev-${b.severity}`,
      b.target,
      b.weekStart,
      b.createdAt,
      b.deadline,
      b.stoppedAt,
      b.overdueMinutes,
      b.unit,
      b.overdueWallMinutes,
    ]),
  );
}
