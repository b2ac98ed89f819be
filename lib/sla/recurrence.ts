// Expands one recurring VEVENT (RRULE / RDATE, minus EXDATE) into the days its occurrences start
// on, over a bounded window, with ical.js. ics.ts applies its own rules (cancellation, multi-day
// span, time zones) around it.
import ICAL from 'ical.js';
import { isoToDay } from './tz';

/** Inclusive 'YYYY-MM-DD' bounds of the dates a recurring event is expanded into. */
export interface ImportWindow {
  from: string;
  to: string;
}

/** Years before and after today that recurring holidays are expanded over. */
export const WINDOW_YEARS_BACK = 1;
export const WINDOW_YEARS_AHEAD = 5;

/** Default window: 1 January of last year to 31 December five years from now (UTC years). */
export function importWindow(now: Date): ImportWindow {
  const y = now.getUTCFullYear();
  return { from: `${y - WINDOW_YEARS_BACK}-01-01`, to: `${y + WINDOW_YEARS_AHEAD}-12-31` };
}

/**
 * Occurrences looked at per event, and per file, in and before the window (ical.js takes about
 * 0.1 ms each): a daily rule starting decades ago stops here instead of holding the import.
 */
export const MAX_STEPS_PER_EVENT = 3_000;
export const MAX_STEPS_PER_FILE = 30_000;

/** What is left of a file's step allowance; shared by its events. */
export interface StepBudget {
  left: number;
}

export type Expansion = { days: number[]; truncated: boolean } | { error: string };

/**
 * The start days (epoch days) of the event's occurrences inside `window`, EXDATEs removed.
 * `truncated` is true when the rule goes on past the window (or past the step bound).
 * `toDay` turns an occurrence written as iCalendar text (20251225, 20251225T090000Z) into its day,
 * so the caller's time-zone rules apply to every occurrence alike.
 */
export function expandOccurrences(
  eventLines: string[],
  window: ImportWindow,
  toDay: (ical: string) => number | null,
  budget: StepBudget = { left: MAX_STEPS_PER_FILE },
): Expansion {
  const from = isoToDay(window.from);
  const to = isoToDay(window.to);
  if (from === null || to === null || to < from) return { error: `bad window ${window.from}..${window.to}` };
  let event: ICAL.Event;
  try {
    const text = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', ...eventLines, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent');
    if (!vevent) return { error: 'no event' };
    event = new ICAL.Event(vevent);
  } catch (e) {
    return { error: readable(e) };
  }
  const days: number[] = [];
  try {
    const it = event.iterator();
    for (let step = 0; step < MAX_STEPS_PER_EVENT && budget.left > 0; step++, budget.left--) {
      const next = it.next();
      if (!next) return { days, truncated: false };
      const day = toDay(next.toICALString());
      if (day === null) continue;
      if (day > to) return { days, truncated: true };
      if (day >= from && days[days.length - 1] !== day) days.push(day);
    }
  } catch (e) {
    return { error: readable(e) };
  }
  return { days, truncated: true };
}

/** ical.js's own messages name the bad part; a TypeError from inside it says nothing useful. */
function readable(e: unknown): string {
  return e instanceof Error && e.name !== 'TypeError' ? e.message : 'the rule is malformed';
}
