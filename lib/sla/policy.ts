// SLA policy as data: the runbook's default targets and calendar (admins edit both on /settings),
// and plain validation functions returning a list of problems (empty = valid).
import type { BusinessCalendar, Target } from './index';
import { parseHhmm, WEEKDAY_KEYS } from './engine';
import { isoToDay, isValidTimeZone } from './tz';

import { SEVERITIES, type Severity } from '@/db/values';

/** A ticket's severity, defined once in db/values.ts (the tickets table's column). */
export { SEVERITIES, type Severity };

/** The two clocks of a ticket: acknowledge stops the first, "mitigated" the second. */
export type SlaTargetName = 'ack' | 'mitigate';
export const SLA_TARGET_NAMES: readonly SlaTargetName[] = ['ack', 'mitigate'];

export type SeverityTargets = Record<SlaTargetName, Target>;
export type SlaTargets = Record<Severity, SeverityTargets>;

/** The runbook's defaults. Sev-1 is 24×7 throughout; business targets use the business calendar. */
export const DEFAULT_TARGETS: Readonly<SlaTargets> = Object.freeze({
  1: { ack: { kind: 'elapsed', minutes: 30 }, mitigate: { kind: 'elapsed', minutes: 240 } },
  2: { ack: { kind: 'elapsed', minutes: 240 }, mitigate: { kind: 'business', minutes: 480 } },
  3: { ack: { kind: 'nextBusinessDay' }, mitigate: { kind: 'business', minutes: 2400 } },
} satisfies SlaTargets);

/** A fresh, mutable copy of the default targets (for a settings form). */
export function defaultTargets(): SlaTargets {
  return structuredClone(DEFAULT_TARGETS) as SlaTargets;
}

const NINE_TO_FIVE: [string, string][] = [['09:00', '17:00']];

/** Mon–Fri 09:00–17:00 in UTC, until an admin sets the organisation's time zone. */
export const DEFAULT_CALENDAR: Readonly<BusinessCalendar> = Object.freeze({
  timeZone: 'UTC',
  week: {
    mon: NINE_TO_FIVE,
    tue: NINE_TO_FIVE,
    wed: NINE_TO_FIVE,
    thu: NINE_TO_FIVE,
    fri: NINE_TO_FIVE,
    sat: [],
    sun: [],
  },
  holidays: [],
});

/** A fresh, mutable copy of the default calendar, optionally in another time zone. */
export function defaultCalendar(timeZone = 'UTC'): BusinessCalendar {
  const c = structuredClone(DEFAULT_CALENDAR) as BusinessCalendar;
  c.timeZone = timeZone;
  return c;
}

/** Every day 00:00–24:00: what a "24×7" business target would use. */
export function alwaysOpenCalendar(timeZone = 'UTC'): BusinessCalendar {
  const all: [string, string][] = [['00:00', '24:00']];
  return { timeZone, week: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all }, holidays: [] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with a calendar, as sentences for the settings form; [] when it is usable. */
export function validateCalendar(c: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(c)) return ['Calendar must be an object with timeZone, week and holidays.'];
  if (typeof c.timeZone !== 'string' || c.timeZone.trim() === '') problems.push('Time zone is missing.');
  else if (!isValidTimeZone(c.timeZone)) problems.push(`Time zone "${c.timeZone}" is not a valid IANA time zone (e.g. "Europe/Berlin").`);

  let windows = 0;
  if (!isRecord(c.week)) problems.push('Weekly schedule (week) is missing.');
  else {
    for (const key of Object.keys(c.week)) {
      if (!(WEEKDAY_KEYS as readonly string[]).includes(key)) problems.push(`Unknown weekday "${key}" (use mon, tue, wed, thu, fri, sat, sun).`);
    }
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const) {
      const list = c.week[day];
      if (list === undefined) {
        problems.push(`${day}: missing (use [] for a closed day).`);
        continue;
      }
      if (!Array.isArray(list)) {
        problems.push(`${day}: must be a list of ['HH:MM', 'HH:MM'] windows.`);
        continue;
      }
      const parsed: { open: number; close: number; label: string }[] = [];
      list.forEach((w: unknown, i) => {
        const label = `${day} window ${i + 1}`;
        if (!Array.isArray(w) || w.length !== 2) {
          problems.push(`${label}: must be a pair ['HH:MM', 'HH:MM'].`);
          return;
        }
        const open = parseHhmm(w[0]);
        const close = parseHhmm(w[1]);
        if (open === null || open === 1440) problems.push(`${label}: opening time ${JSON.stringify(w[0])} is not a time between 00:00 and 23:59.`);
        if (close === null) problems.push(`${label}: closing time ${JSON.stringify(w[1])} is not a time between 00:00 and 24:00.`);
        if (open === null || open === 1440 || close === null) return;
        if (close <= open) {
          problems.push(`${label}: closes (${w[1]}) at or before it opens (${w[0]}).`);
          return;
        }
        parsed.push({ open, close, label: `${w[0]}–${w[1]}` });
      });
      parsed.sort((a, b) => a.open - b.open);
      for (let i = 1; i < parsed.length; i++) {
        if (parsed[i].open < parsed[i - 1].close) problems.push(`${day}: windows ${parsed[i - 1].label} and ${parsed[i].label} overlap.`);
      }
      windows += parsed.length;
    }
    if (windows === 0 && problems.length === 0) problems.push('The calendar has no opening windows: business-hours targets could never be met.');
  }

  if (!Array.isArray(c.holidays)) problems.push('Holidays must be a list of YYYY-MM-DD dates.');
  else {
    const seen = new Set<string>();
    for (const h of c.holidays) {
      if (typeof h !== 'string' || isoToDay(h) === null) problems.push(`Holiday ${JSON.stringify(h)} is not a valid YYYY-MM-DD date.`);
      else if (seen.has(h)) problems.push(`Holiday ${h} is listed twice.`);
      else seen.add(h);
    }
  }
  return problems;
}

/** Largest target accepted from the settings form: one year of minutes. */
export const MAX_TARGET_MINUTES = 525_600;

/** Problems with one target ([] when valid); `label` prefixes each message. */
export function validateTarget(t: unknown, label = 'Target'): string[] {
  if (!isRecord(t)) return [`${label}: missing.`];
  switch (t.kind) {
    case 'nextBusinessDay':
      return [];
    case 'elapsed':
    case 'business': {
      const m = t.minutes;
      if (typeof m !== 'number' || !Number.isInteger(m) || m <= 0) return [`${label}: minutes must be a whole number greater than 0.`];
      if (m > MAX_TARGET_MINUTES) return [`${label}: ${m} minutes is more than a year.`];
      return [];
    }
    default:
      return [`${label}: kind must be "elapsed", "business" or "nextBusinessDay".`];
  }
}

/**
 * Problems with a full target table ([] when valid). Keys may be numbers or, after a JSON round
 * trip, the strings "1", "2", "3".
 */
export function validateTargets(t: unknown): string[] {
  if (!isRecord(t)) return ['Targets must be an object keyed by severity (1, 2, 3).'];
  const problems: string[] = [];
  for (const key of Object.keys(t)) {
    if (!['1', '2', '3'].includes(key)) problems.push(`Unknown severity "${key}" (use 1, 2 or 3).`);
  }
  for (const sev of SEVERITIES) {
    const entry = t[String(sev)];
    if (!isRecord(entry)) {
      problems.push(`Sev-${sev}: targets are missing.`);
      continue;
    }
    problems.push(...validateTarget(entry.ack, `Sev-${sev} time to acknowledge`));
    problems.push(...validateTarget(entry.mitigate, `Sev-${sev} time to mitigate`));
  }
  return problems;
}

/** Human wording of a target: "30 min (24×7)", "1 business day", "next business day". */
export function describeTarget(t: Target): string {
  if (t.kind === 'nextBusinessDay') return 'next business day';
  const m = t.minutes;
  if (t.kind === 'business') {
    if (m % 480 === 0) return `${m / 480} business day${m === 480 ? '' : 's'}`;
    return `${plainMinutes(m)} business time`;
  }
  return `${plainMinutes(m)} (24×7)`;
}

function plainMinutes(m: number): string {
  if (m < 60 || m % 60 !== 0) return `${m} min`;
  return `${m / 60} h`;
}
