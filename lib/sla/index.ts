// SLA engine: deadlines on a business calendar. See lib/sla/README.md for the exact semantics
// (half-open windows, DST handling, pauses) and the worked examples in test/sla/deadline.test.ts.
import { compileCalendar, normalizePauses, resolve, startMs } from './engine';

/**
 * An SLA target. `elapsed`: N real minutes (24×7). `business`: N open minutes of the calendar
 * (1 business day = 480, 5 business days = 2400). `nextBusinessDay`: the closing time of the first
 * business day whose local date is strictly after the start's local date.
 */
export type Target = { kind: 'elapsed'; minutes: number } | { kind: 'business'; minutes: number } | { kind: 'nextBusinessDay' };

/**
 * A business calendar: an IANA time zone, weekly opening windows as local wall-clock 'HH:MM'
 * pairs (half-open [open, close), '24:00' allowed as a close, several per day) and holidays as
 * local 'YYYY-MM-DD' dates.
 */
export type BusinessCalendar = {
  timeZone: string;
  week: Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>;
  holidays: string[];
};

/**
 * The instant (UTC) at which `target`, started at `start`, is due.
 *
 * Pauses stop the clock: they are closed intervals; overlapping/unsorted pauses are merged and
 * the parts before `start` ignored. A pause that is still running is passed with `to` = now
 * (the deadline then moves as time passes; lib/sla/clock.ts does exactly that).
 *
 * Throws an Error for an invalid date, a negative or non-finite target, an unknown time zone, a
 * malformed calendar, or a business-type target on a calendar without any opening window.
 */
export function deadline(start: Date, target: Target, calendar: BusinessCalendar, pauses?: { from: Date; to: Date }[]): Date {
  const s = startMs(start);
  const c = compileCalendar(calendar);
  return new Date(resolve(s, target, c, normalizePauses(pauses, s)).deadline);
}
