// One SLA clock (time to acknowledge, or time to mitigate) as the ticket page, the list, the queue
// and the board show it: deadline, state, remaining time and Jira-style colour level.
import type { BusinessCalendar, Target } from './index';
import {
  businessMsBetween,
  compileCalendar,
  mergeIntervals,
  resolve,
  runningMsBetween,
  type CompiledCalendar,
} from './engine';
import { MINUTE } from './tz';

/** A recorded pause; `to: null` while it is still running. */
export type SlaPauseInput = { from: Date; to: Date | null };

export interface SlaClockInput {
  /** When the clock started (the ticket was opened). */
  startedAt: Date;
  /** When it stopped (acknowledged / mitigated), or null while running. */
  stoppedAt: Date | null;
  target: Target;
  calendar: BusinessCalendar;
  /** Pauses, in any order, overlapping allowed; at most one is expected to be open (to: null). */
  pauses?: SlaPauseInput[];
  now: Date;
}

export type SlaState = 'running' | 'paused' | 'met' | 'breached';
export type SlaLevel = 'ok' | 'warn' | 'danger' | 'breached';

export interface SlaClock {
  deadline: Date;
  /**
   * met / breached once stopped; for a running clock: 'paused' while a pause covers now (even
   * when already breached: see `breached`), else 'breached' past the deadline, else 'running'.
   */
  state: SlaState;
  /**
   * Clock time left at now (or at the stop): business minutes for business / nextBusinessDay
   * targets, running wall minutes for elapsed targets; pauses do not count. Negative when
   * overdue (minus the clock time since the deadline). Not rounded.
   */
  remainingMinutes: number;
  /** Wall-clock ms from now (or the stop) to the deadline; negative when overdue. */
  remainingMs: number;
  breached: boolean;
  level: SlaLevel;
  /** Unit of remainingMinutes. */
  unit: 'business' | 'elapsed';
  paused: boolean;
}

/** Jira's colour thresholds, in clock minutes remaining. */
export const WARN_BELOW_MINUTES = 60;
export const DANGER_BELOW_MINUTES = 30;

/**
 * Colour level: 'breached' when breached; else 'danger' below 30 min remaining, 'warn' below
 * 60 min, 'ok' otherwise (exactly 60 min left is ok, exactly 30 min is warn).
 */
export function slaLevel(remainingMinutes: number, breached: boolean): SlaLevel {
  if (breached) return 'breached';
  if (remainingMinutes < DANGER_BELOW_MINUTES) return 'danger';
  if (remainingMinutes < WARN_BELOW_MINUTES) return 'warn';
  return 'ok';
}

/**
 * Closed pauses as deadline() takes them: an open pause (to: null) lasts until `end` (now, or
 * the stop if the clock stopped while paused); pauses are cut at `stoppedAt` when there is one,
 * and open pauses that begin at or after `end` are dropped.
 */
export function closePauses(pauses: SlaPauseInput[] | undefined, end: Date, stoppedAt: Date | null = null): { from: Date; to: Date }[] {
  const out: { from: Date; to: Date }[] = [];
  const endMs = end.getTime();
  const stopMs = stoppedAt ? stoppedAt.getTime() : Number.POSITIVE_INFINITY;
  for (const p of pauses ?? []) {
    const from = p.from.getTime();
    let to = p.to === null || p.to === undefined ? endMs : p.to.getTime();
    if (to > stopMs) to = stopMs;
    if (to > from) out.push({ from: p.from, to: new Date(to) });
  }
  return out;
}

const NO_PAUSES: number[] = [];

/**
 * closePauses + normalizePauses in one pass without allocating Dates: the flat, merged pause list
 * ([from0, to0, ...] UTC ms) for a clock started at `start` that ends at `end` (stop or now).
 */
export function flatPauses(pauses: SlaPauseInput[] | undefined, start: number, end: number, stop: number | null): number[] {
  if (!pauses || pauses.length === 0) return NO_PAUSES;
  const list: [number, number][] = [];
  const cut = stop ?? Number.POSITIVE_INFINITY;
  for (const p of pauses) {
    let f = p.from instanceof Date ? p.from.getTime() : Number.NaN;
    let t = p.to === null || p.to === undefined ? end : p.to instanceof Date ? p.to.getTime() : Number.NaN;
    if (!Number.isFinite(f) || !Number.isFinite(t)) throw new Error('SLA: pause.from / pause.to is not a valid Date.');
    if (t > cut) t = cut;
    if (f < start) f = start;
    if (t > f) list.push([f, t]);
  }
  if (list.length === 0) return NO_PAUSES;
  return mergeIntervals(list);
}

export interface ClockEvaluation {
  deadline: number;
  end: number;
  stopped: boolean;
  breached: boolean;
  paused: boolean;
  remainingMinutes: number;
  remainingMs: number;
  unit: 'business' | 'elapsed';
}

/** Core of slaClock on a compiled calendar and already-closed flat pauses (used by reports). */
export function evaluateClock(
  c: CompiledCalendar,
  start: number,
  stop: number | null,
  target: Target,
  pauses: number[],
  now: number,
  pausedNow: boolean,
): ClockEvaluation {
  const d = resolve(start, target, c, pauses).deadline;
  const end = stop ?? now;
  const unit = target.kind === 'elapsed' ? 'elapsed' : 'business';
  const breached = end > d;
  const a = breached ? d : end;
  const b = breached ? end : d;
  const ms = unit === 'business' ? businessMsBetween(c, a, b, pauses) : runningMsBetween(a, b, pauses);
  const remainingMinutes = (breached ? -ms : ms) / MINUTE;
  return {
    deadline: d,
    end,
    stopped: stop !== null,
    breached,
    paused: pausedNow,
    remainingMinutes: remainingMinutes === 0 ? 0 : remainingMinutes,
    remainingMs: d - end,
    unit,
  };
}

/**
 * The state of one SLA clock at `now`.
 *
 * A running pause (to: null) keeps the clock paused: the deadline is computed with the pause
 * lasting until now, so it keeps moving later while the pause lasts and remainingMinutes stays
 * put. A target is breached when it stopped after its deadline, or is still running past it
 * (stopping exactly at the deadline is met).
 */
export function slaClock(input: SlaClockInput): SlaClock {
  const { startedAt, stoppedAt, target, calendar, pauses, now } = input;
  const start = startedAt.getTime();
  const nowMs = now.getTime();
  const stop = stoppedAt ? stoppedAt.getTime() : null;
  if (!Number.isFinite(start) || !Number.isFinite(nowMs) || (stop !== null && !Number.isFinite(stop))) {
    throw new Error('slaClock: startedAt, stoppedAt and now must be valid Dates.');
  }
  const c = compileCalendar(calendar);
  const flat = flatPauses(pauses, start, stop ?? nowMs, stop);
  const pausedNow =
    stop === null && (pauses ?? []).some((p) => p.from.getTime() <= nowMs && (p.to === null || p.to === undefined || p.to.getTime() > nowMs));
  const e = evaluateClock(c, start, stop, target, flat, nowMs, pausedNow);
  const state: SlaState = e.stopped ? (e.breached ? 'breached' : 'met') : pausedNow ? 'paused' : e.breached ? 'breached' : 'running';
  return {
    deadline: new Date(e.deadline),
    state,
    remainingMinutes: e.remainingMinutes,
    remainingMs: e.remainingMs,
    breached: e.breached,
    level: e.stopped && !e.breached ? 'ok' : slaLevel(e.remainingMinutes, e.breached),
    unit: e.unit,
    paused: pausedNow,
  };
}
