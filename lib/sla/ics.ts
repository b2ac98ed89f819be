// Holidays from an iCalendar (.ics, RFC 5545) file, for the business calendar on /settings.
//
// Reads every VEVENT's DTSTART (and DTEND / DURATION for multi-day events):
//  - DTSTART;VALUE=DATE:20250704 -> 2025-07-04;
//  - DTSTART with a time (20250704T090000, ...;TZID=...:20250704T090000) -> the date as written;
//    a UTC time (…Z) is converted to `timeZone` when that option is given, else its UTC date;
//  - DTEND is exclusive: DATE 20250704..20250706 -> 07-04 and 07-05; a date-time DTEND covers its
//    own date only when it is after midnight; DURATION (P2D, P1W, PT…) is honoured likewise;
//  - line folding (CRLF/LF followed by a space or tab) and CRLF/LF/CR line ends.
// Events it cannot read (no or malformed DTSTART, DTEND before DTSTART, over a year long) are
// skipped and reported in `warnings`; cancelled events are skipped with a warning.
// Recurring events (RRULE/RDATE, honouring EXDATE) are expanded by ical.js over a bounded window
// (see `recurrence.ts`); each occurrence covers as many days as the first one.
import { DAY, dayToIso, getZone, isoToDay } from './tz';
import { expandOccurrences, importWindow, MAX_STEPS_PER_FILE, type ImportWindow } from './recurrence';

export interface IcsHolidays {
  /** Sorted, de-duplicated 'YYYY-MM-DD' dates. */
  dates: string[];
  /** One sentence per event skipped or only partly read. */
  warnings: string[];
}

interface Prop {
  name: string;
  params: Record<string, string>;
  value: string;
  /** The unfolded line as read (ical.js re-reads recurring events from these). */
  raw: string;
}

/** Undo RFC 5545 line folding and split into logical lines. */
function unfold(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n|\r/g, '\n')
    .replace(/\n[ \t]/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

function parseLine(line: string): Prop | null {
  // name *(";" param) ":" value — a colon inside a quoted parameter value does not end the name.
  let i = 0;
  let inQuote = false;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') inQuote = !inQuote;
    else if (ch === ':' && !inQuote) break;
  }
  if (i >= line.length) return null;
  const head = line.slice(0, i);
  const value = line.slice(i + 1);
  const parts = head.match(/(?:[^;"]+|"[^"]*")+/g) ?? [];
  const name = (parts.shift() ?? '').trim().toUpperCase();
  const params: Record<string, string> = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name, params, value: value.trim(), raw: line };
}

interface When {
  day: number;
  /** Milliseconds after local midnight (0 for a DATE). */
  timeMs: number;
  isDate: boolean;
}

function parseWhen(p: Pick<Prop, 'value'>, timeZone: string | undefined): When | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?$/i.exec(p.value);
  if (!m) return null;
  const day = isoToDay(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === null) return null;
  if (m[4] === undefined) return { day, timeMs: 0, isDate: true };
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6] ?? 0);
  if (h > 23 || mi > 59 || s > 60) return null;
  const timeMs = ((h * 60 + mi) * 60 + s) * 1000;
  if (m[7] && timeZone) {
    const local = getZone(timeZone).toLocal(day * DAY + timeMs);
    const localDay = Math.floor(local / DAY);
    return { day: localDay, timeMs: local - localDay * DAY, isDate: false };
  }
  return { day, timeMs, isDate: false };
}

/** Milliseconds of an RFC 5545 duration (P1D, P2W, PT36H, P1DT12H), or null. */
function parseDuration(v: string): number | null {
  const m = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(v);
  if (!m || v.toUpperCase() === 'P' || /T$/i.test(v)) return null;
  const [w, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5]].map((x) => Number(x ?? 0));
  return ((((w * 7 + d) * 24 + h) * 60 + mi) * 60 + s) * 1000;
}

const MAX_EVENT_DAYS = 366;

export interface IcsImportOptions {
  /** The business calendar's zone: turns UTC date-times into local dates. */
  timeZone?: string;
  /** Recurring events are expanded over this window (default: see `importWindow`). */
  window?: ImportWindow;
  /** Today, for the default window. */
  now?: Date;
}

/**
 * Holidays from an iCalendar file. `timeZone` (the business calendar's) is used only to turn UTC
 * date-times into local dates.
 */
export function parseIcsHolidays(text: string, opts: IcsImportOptions = {}): IcsHolidays {
  const dates = new Set<number>();
  const warnings: string[] = [];
  const lines = unfold(String(text ?? ''));
  const window = opts.window ?? importWindow(opts.now ?? new Date());
  const events: Prop[][] = [];
  const budget = { left: MAX_STEPS_PER_FILE };
  let event: Prop[] | null = null;
  let depth = 0; // nested components inside a VEVENT (VALARM)
  let index = 0;
  let sawCalendar = false;

  // A VEVENT with RECURRENCE-ID replaces (or, cancelled, removes) one occurrence of the recurring
  // event with the same UID: that occurrence is left out of the expansion, the override is read
  // as an event of its own.
  const overridden = new Map<string, Set<number>>();

  const finish = (props: Prop[], n: number) => {
    const get = (name: string) => props.find((p) => p.name === name);
    const summary = get('SUMMARY')?.value;
    const label = `Event ${n}${summary ? ` "${summary.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, ' ')}"` : ''}`;
    if ((get('STATUS')?.value ?? '').toUpperCase() === 'CANCELLED') {
      warnings.push(`${label}: cancelled, skipped.`);
      return;
    }
    const dtstart = get('DTSTART');
    if (!dtstart) {
      warnings.push(`${label}: no DTSTART, skipped.`);
      return;
    }
    const start = parseWhen(dtstart, opts.timeZone);
    if (!start) {
      warnings.push(`${label}: cannot read DTSTART "${dtstart.value}", skipped.`);
      return;
    }
    // Last covered day (inclusive).
    let lastDay = start.day;
    const dtend = get('DTEND');
    const duration = get('DURATION');
    if (dtend) {
      const end = parseWhen(dtend, opts.timeZone);
      if (!end) {
        warnings.push(`${label}: cannot read DTEND "${dtend.value}", skipped.`);
        return;
      }
      const endAbs = end.day * DAY + end.timeMs;
      const startAbs = start.day * DAY + start.timeMs;
      if (endAbs < startAbs) {
        warnings.push(`${label}: DTEND before DTSTART, skipped.`);
        return;
      }
      // Exclusive end: midnight belongs to the next event; anything after midnight covers that day.
      lastDay = end.timeMs > 0 ? end.day : Math.max(start.day, end.day - 1);
    } else if (duration) {
      const ms = parseDuration(duration.value);
      if (ms === null) {
        warnings.push(`${label}: cannot read DURATION "${duration.value}", skipped.`);
        return;
      }
      const endAbs = start.day * DAY + start.timeMs + ms;
      const endDay = Math.floor(endAbs / DAY);
      lastDay = endAbs - endDay * DAY > 0 ? endDay : Math.max(start.day, endDay - 1);
    }
    if (lastDay - start.day + 1 > MAX_EVENT_DAYS) {
      warnings.push(`${label}: spans ${lastDay - start.day + 1} days (more than a year), skipped.`);
      return;
    }
    const spanDays = lastDay - start.day;
    if (!get('RRULE') && !get('RDATE')) {
      for (let d = start.day; d <= lastDay; d++) dates.add(d);
      return;
    }
    const uid = get('UID')?.value;
    const skip = (uid && overridden.get(uid)) || new Set<number>();
    const expanded = expandOccurrences(props.map((p) => p.raw), window, (value) => parseWhen({ value }, opts.timeZone)?.day ?? null, budget);
    if ('error' in expanded) {
      for (let d = start.day; d <= lastDay; d++) dates.add(d);
      warnings.push(`${label}: cannot read its recurrence (${expanded.error}); only its first occurrence ${dayToIso(start.day)} was imported.`);
      return;
    }
    let imported = 0;
    for (const day of expanded.days) {
      if (skip.has(day)) continue;
      imported++;
      for (let d = day; d <= day + spanDays; d++) dates.add(d);
    }
    if (expanded.truncated) {
      warnings.push(`${label}: repeats beyond the import window; ${imported} occurrence${imported === 1 ? '' : 's'} from ${window.from} to ${window.to} imported.`);
    } else if (imported === 0) {
      warnings.push(`${label}: repeats, but no occurrence falls between ${window.from} and ${window.to}; nothing imported.`);
    }
  };

  for (const line of lines) {
    const p = parseLine(line);
    if (!p) continue;
    const value = p.value.toUpperCase();
    if (p.name === 'BEGIN' && value === 'VCALENDAR') sawCalendar = true;
    if (p.name === 'BEGIN' && value === 'VEVENT' && event === null) {
      event = [];
      depth = 0;
      index++;
      continue;
    }
    if (event === null) continue;
    if (p.name === 'BEGIN') {
      depth++;
      continue;
    }
    if (p.name === 'END' && depth > 0) {
      depth--;
      continue;
    }
    if (p.name === 'END' && value === 'VEVENT') {
      events.push(event);
      event = null;
      continue;
    }
    if (depth === 0) event.push(p);
  }
  for (const props of events) {
    const uid = props.find((q) => q.name === 'UID')?.value;
    const rid = props.find((q) => q.name === 'RECURRENCE-ID');
    const day = rid ? parseWhen(rid, opts.timeZone)?.day : undefined;
    if (uid && day !== undefined) overridden.set(uid, (overridden.get(uid) ?? new Set()).add(day));
  }
  events.forEach((props, i) => finish(props, i + 1));
  if (event !== null) warnings.push(`Event ${index}: not terminated by END:VEVENT, skipped.`);
  if (!sawCalendar && index === 0) warnings.push('Not an iCalendar file: no BEGIN:VCALENDAR or VEVENT found.');

  return { dates: [...dates].sort((a, b) => a - b).map(dayToIso), warnings };
}

/** Merge imported dates into existing holidays: sorted, without duplicates. */
export function mergeHolidays(existing: string[], imported: string[]): string[] {
  return [...new Set([...existing, ...imported])].sort();
}
