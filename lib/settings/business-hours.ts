// The business calendar as an admin types it on /settings ("09:00-12:00, 13:00-17:00" per weekday,
// holidays separated by spaces or commas), parsed into the SLA engine's BusinessCalendar week.
import { AppError } from '@/lib/errors';
import type { BusinessCalendar } from '@/lib/sla';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "09:00-12:00, 13:00-17:00" → [['09:00','12:00'], ['13:00','17:00']]; "" or "closed" → []. */
export function parseWindows(day: string, text: string): [string, string][] {
  const t = text.trim();
  if (t === '' || /^closed$/i.test(t)) return [];
  return t.split(/[,;]\s*/).map((part) => {
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part.trim());
    if (!m) throw new AppError('INVALID_INPUT', `${day}: "${part.trim()}" is not a window such as 09:00-17:00.`);
    return [m[1]!.padStart(5, '0'), m[2]!.padStart(5, '0')];
  });
}

/** Each weekday's windows, from the text typed for it. */
export function parseBusinessWeek(text: Record<Weekday, string>): BusinessCalendar['week'] {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, parseWindows(d, text[d])])) as BusinessCalendar['week'];
}

/** Holiday dates as typed (spaces, commas or new lines between them); checked by setCalendar. */
export function parseHolidayList(text: string): string[] {
  return text.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean);
}
