// Local dates and weeks of the business calendar's time zone, for report ranges and links.
import type { BusinessCalendar } from '@/lib/sla';
import { isoWeekOfDay } from '@/lib/sla/report';
import { DAY, dayToIso, getZone, isoToDay } from '@/lib/sla/tz';

export interface LocalRange {
  /** First local date, inclusive ('YYYY-MM-DD'). */
  from: string;
  /** Last local date, inclusive. */
  to: string;
  /** The instants: [start of `from`, end of `to`). */
  fromAt: Date;
  toAt: Date;
}

export function localRange(from: string, to: string, calendar: BusinessCalendar): LocalRange {
  const zone = getZone(calendar.timeZone);
  const a = isoToDay(from);
  const b = isoToDay(to);
  if (a === null || b === null) throw new Error('Dates must be YYYY-MM-DD.');
  return { from, to, fromAt: new Date(zone.fromLocal(a * DAY)), toAt: new Date(zone.fromLocal((b + 1) * DAY)) };
}

export function localToday(calendar: BusinessCalendar, now: Date): string {
  return dayToIso(getZone(calendar.timeZone).localDay(now.getTime()));
}

export function addDays(date: string, days: number): string {
  return dayToIso(isoToDay(date)! + days);
}

/** The ISO week (Monday start) containing a local date: its Monday, Sunday and label. */
export function weekOf(date: string): { weekStart: string; weekEnd: string; isoWeek: string } {
  const day = isoToDay(date);
  if (day === null) throw new Error('Dates must be YYYY-MM-DD.');
  const w = isoWeekOfDay(day);
  return { weekStart: w.weekStart, weekEnd: dayToIso(w.mondayDay + 6), isoWeek: w.isoWeek };
}

export function isIsoDate(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && isoToDay(v) !== null;
}
