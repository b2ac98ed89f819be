// The SLA engine's core: compiled business calendars, their opening intervals per local date,
// and the three target kinds. `deadline` in ./index is the public face; ./explain, ./clock and
// ./report reuse the pieces here so every figure the console shows comes from the same arithmetic.
//
// Everything is in UTC milliseconds internally. The walk goes day by day (never minute by minute):
// each local date's windows are converted to UTC intervals once and cached per calendar.
import type { BusinessCalendar, Target } from './index';
import { DAY, MINUTE, Zone, getZone, isoToDay } from './tz';

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** A deadline further away than this is treated as a configuration error, not a deadline. */
const MAX_DAYS = 366 * 200;

export interface DayInfo {
  day: number;
  weekday: WeekdayKey;
  kind: 'open' | 'holiday' | 'closed';
  /** The configured windows of that weekday, as minutes from local midnight ([open, close)). */
  windows: [number, number][];
  /** Non-empty UTC intervals, flat [open0, close0, open1, close1, ...], sorted, disjoint. */
  intervals: number[];
  /** Total open ms of the day. */
  openMs: number;
}

export interface CompiledCalendar {
  zone: Zone;
  week: [number, number][][];
  holidays: Set<number>;
  hasWindows: boolean;
  days: Map<number, DayInfo>;
  /** Prefix sums of open ms per day: cum[i] = open ms of days [cumStart, cumStart + i). */
  cumStart: number;
  cum: number[];
}

/** Parse 'HH:MM' (00:00..24:00; a one-digit hour 'H:MM' is tolerated) into minutes from midnight, or null. */
export function parseHhmm(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59) return null;
  if (h === 24 && mi === 0) return 1440;
  if (h > 23) return null;
  return h * 60 + mi;
}

const compiledCache = new Map<string, CompiledCalendar>();

/**
 * Identity snapshot of a calendar object: every array, window and string it held when compiled.
 * Checking it is far cheaper than serialising the calendar, and it still notices mutation.
 */
interface Snapshot {
  compiled: CompiledCalendar;
  timeZone: unknown;
  week: unknown;
  parts: unknown[];
}
const byObject = new WeakMap<object, Snapshot>();

function snapshotParts(calendar: BusinessCalendar): unknown[] {
  const parts: unknown[] = [];
  for (const k of WEEKDAY_KEYS) {
    const list = calendar.week[k];
    parts.push(list);
    if (Array.isArray(list)) {
      parts.push(list.length);
      for (const w of list) parts.push(w, Array.isArray(w) ? w.length : -1, w?.[0], w?.[1]);
    }
  }
  const h = calendar.holidays;
  parts.push(h);
  if (Array.isArray(h)) {
    parts.push(h.length);
    for (const x of h) parts.push(x);
  }
  return parts;
}

function snapshotMatches(calendar: BusinessCalendar, snap: Snapshot): boolean {
  if (calendar.timeZone !== snap.timeZone || calendar.week !== snap.week) return false;
  const p = snap.parts;
  let i = 0;
  for (const k of WEEKDAY_KEYS) {
    const list = calendar.week[k];
    if (p[i++] !== list) return false;
    if (Array.isArray(list)) {
      if (p[i++] !== list.length) return false;
      for (const w of list) {
        if (p[i++] !== w || p[i++] !== (Array.isArray(w) ? w.length : -1) || p[i++] !== w?.[0] || p[i++] !== w?.[1]) return false;
      }
    }
  }
  const h = calendar.holidays;
  if (p[i++] !== h) return false;
  if (Array.isArray(h)) {
    if (p[i++] !== h.length) return false;
    for (const x of h) if (p[i++] !== x) return false;
  }
  return true;
}

/**
 * Compile a calendar (parse windows and holidays, resolve the zone). Cached by content, so a
 * caller may mutate or rebuild calendar objects freely. Throws a clear Error on a malformed
 * calendar (see validateCalendar in ./policy for a full list of problems instead).
 */
export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  if (!calendar || typeof calendar !== 'object') throw new Error('Business calendar is missing.');
  const snap = byObject.get(calendar);
  if (snap && snapshotMatches(calendar, snap)) return snap.compiled;
  const compiled = compileByContent(calendar);
  if (calendar.week && typeof calendar.week === 'object') {
    byObject.set(calendar, { compiled, timeZone: calendar.timeZone, week: calendar.week, parts: snapshotParts(calendar) });
  }
  return compiled;
}

function compileByContent(calendar: BusinessCalendar): CompiledCalendar {
  const key = JSON.stringify([calendar.timeZone, calendar.week, calendar.holidays]);
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const zone = getZone(calendar.timeZone);
  if (!calendar.week || typeof calendar.week !== 'object') throw new Error('Business calendar has no weekly schedule ("week").');
  let hasWindows = false;
  const week = WEEKDAY_KEYS.map((k) => {
    const list = calendar.week[k] ?? [];
    if (!Array.isArray(list)) throw new Error(`Business calendar: windows for ${k} must be a list of ['HH:MM', 'HH:MM'] pairs.`);
    const parsed: [number, number][] = list.map((w, i) => {
      const open = Array.isArray(w) ? parseHhmm(w[0]) : null;
      const close = Array.isArray(w) ? parseHhmm(w[1]) : null;
      if (open === null || close === null || open === 1440) {
        throw new Error(`Business calendar: window ${i + 1} of ${k} (${JSON.stringify(w)}) is not a pair of 'HH:MM' times.`);
      }
      if (close <= open) {
        throw new Error(`Business calendar: window ${i + 1} of ${k} closes (${w[1]}) at or before it opens (${w[0]}).`);
      }
      return [open, close];
    });
    parsed.sort((a, b) => a[0] - b[0]);
    // Overlapping or touching windows are merged.
    const merged: [number, number][] = [];
    for (const w of parsed) {
      const last = merged[merged.length - 1];
      if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
      else merged.push([w[0], w[1]]);
    }
    if (merged.length) hasWindows = true;
    return merged;
  });
  const holidays = new Set<number>();
  for (const h of calendar.holidays ?? []) {
    const d = isoToDay(h);
    if (d === null) throw new Error(`Business calendar: holiday ${JSON.stringify(h)} is not a 'YYYY-MM-DD' date.`);
    holidays.add(d);
  }
  const compiled: CompiledCalendar = { zone, week, holidays, hasWindows, days: new Map(), cumStart: 0, cum: [] };
  if (compiledCache.size > 64) compiledCache.clear();
  compiledCache.set(key, compiled);
  return compiled;
}

/** Opening intervals (UTC) of one local date. */
export function dayInfo(c: CompiledCalendar, day: number): DayInfo {
  const hit = c.days.get(day);
  if (hit) return hit;
  const wd = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const windows = c.week[wd];
  const intervals: number[] = [];
  let kind: DayInfo['kind'];
  if (c.holidays.has(day)) kind = 'holiday';
  else if (windows.length === 0) kind = 'closed';
  else {
    const base = day * DAY;
    for (const [o, cl] of windows) {
      const a = c.zone.fromLocal(base + o * MINUTE);
      const b = c.zone.fromLocal(base + cl * MINUTE);
      if (b <= a) continue; // swallowed by a DST gap
      const n = intervals.length;
      if (n && a <= intervals[n - 1]) intervals[n - 1] = Math.max(intervals[n - 1], b);
      else intervals.push(a, b);
    }
    kind = intervals.length ? 'open' : 'closed';
  }
  let openMs = 0;
  for (let k = 0; k < intervals.length; k += 2) openMs += intervals[k + 1] - intervals[k];
  const info: DayInfo = { day, weekday: WEEKDAY_KEYS[wd], kind, windows, intervals, openMs };
  if (c.days.size > 50_000) c.days.clear();
  c.days.set(day, info);
  return info;
}

function toMs(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new Error(`SLA: ${what} is not a valid Date.`);
  return t;
}

export function startMs(start: Date): number {
  return toMs(start, 'start');
}

/**
 * Normalize pauses into a flat, sorted, merged list [from0, to0, from1, to1, ...] of UTC ms:
 * empty or inverted pauses dropped, pauses (or parts of them) before `notBefore` ignored,
 * overlapping and touching pauses merged.
 */
export function normalizePauses(pauses: { from: Date; to: Date }[] | undefined, notBefore: number): number[] {
  if (!pauses || pauses.length === 0) return [];
  const list: [number, number][] = [];
  for (const p of pauses) {
    const f = Math.max(toMs(p.from, 'pause.from'), notBefore);
    const t = toMs(p.to, 'pause.to');
    if (t > f) list.push([f, t]);
  }
  return mergeIntervals(list);
}

/** Sorts and merges [from, to) intervals into a flat [f0, t0, f1, t1, ...] list. */
export function mergeIntervals(list: [number, number][]): number[] {
  list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  for (const [f, t] of list) {
    const n = out.length;
    if (n && f <= out[n - 1]) out[n - 1] = Math.max(out[n - 1], t);
    else out.push(f, t);
  }
  return out;
}

function checkMinutes(target: { minutes: number }): number {
  const m = target.minutes;
  if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) {
    throw new Error(`SLA target minutes must be a finite number >= 0 (got ${String(m)}).`);
  }
  return m * MINUTE;
}

function requireWindows(c: CompiledCalendar): void {
  if (!c.hasWindows) {
    throw new Error(
      `Business calendar (${c.zone.name}) has no opening windows on any weekday: a business-hours deadline can never be reached.`,
    );
  }
}

function tooFar(c: CompiledCalendar): never {
  throw new Error(
    `SLA deadline not reachable within ${Math.round(MAX_DAYS / 366)} years on the business calendar (${c.zone.name}); check the calendar's windows and holidays.`,
  );
}

/** Elapsed target: `amount` ms of running clock from start (pauses stop it). */
export function elapsedDeadline(start: number, amount: number, pauses: number[]): number {
  let cursor = start;
  let remaining = amount;
  for (let i = 0; i < pauses.length; i += 2) {
    const f = pauses[i];
    const t = pauses[i + 1];
    if (t <= cursor) continue;
    const gap = f - cursor;
    if (gap > 0 && gap >= remaining) return cursor + remaining;
    if (gap > 0) remaining -= gap;
    cursor = t;
  }
  return cursor + remaining;
}

/**
 * Business target: from the later of start and the next opening, consume `amount` ms of open,
 * unpaused time. The deadline may equal a closing time or the start of a pause; a zero amount
 * yields the first open, unpaused instant at or after start.
 */
export function businessDeadline(c: CompiledCalendar, start: number, amount: number, pauses: number[]): number {
  requireWindows(c);
  let remaining = amount;
  const first = c.zone.localDay(start);
  const P = pauses.length;
  let pi = 0;
  for (let day = first; day < first + MAX_DAYS; day++) {
    const iv = dayInfo(c, day).intervals;
    for (let k = 0; k < iv.length; k += 2) {
      let a = iv[k] > start ? iv[k] : start;
      const b = iv[k + 1];
      while (a < b) {
        while (pi < P && pauses[pi + 1] <= a) pi += 2;
        if (pi < P && pauses[pi] <= a) {
          a = pauses[pi + 1] < b ? pauses[pi + 1] : b;
          continue;
        }
        const segEnd = pi < P && pauses[pi] < b ? pauses[pi] : b;
        const len = segEnd - a;
        if (len >= remaining) return a + remaining;
        remaining -= len;
        a = segEnd;
      }
    }
  }
  return tooFar(c);
}

/** Open ms of all local days before `day` since c.cumStart (prefix sums, extended on demand). */
function cumulative(c: CompiledCalendar, day: number): number {
  if (c.cum.length === 0 || day < c.cumStart) {
    // (Re)build from a year before the requested day, up to what was already covered.
    const oldEnd = c.cum.length ? c.cumStart + c.cum.length - 1 : day;
    const start = day - 366;
    const cum = [0];
    for (let d = start; d < oldEnd; d++) cum.push(cum[cum.length - 1] + dayInfo(c, d).openMs);
    c.cumStart = start;
    c.cum = cum;
  }
  const cum = c.cum;
  if (day - c.cumStart > MAX_DAYS) tooFar(c);
  while (c.cumStart + cum.length - 1 < day) {
    const d = c.cumStart + cum.length - 1;
    cum.push(cum[cum.length - 1] + dayInfo(c, d).openMs);
  }
  return cum[day - c.cumStart];
}

/** Open ms (pauses not considered) from c.cumStart up to instant t. */
function openBefore(c: CompiledCalendar, t: number): number {
  const day = c.zone.localDay(t);
  let total = cumulative(c, day);
  const iv = dayInfo(c, day).intervals;
  for (let k = 0; k < iv.length; k += 2) {
    if (t <= iv[k]) break;
    total += (t < iv[k + 1] ? t : iv[k + 1]) - iv[k];
  }
  return total;
}

/** Open ms in [from, to), pauses not considered (0 when to <= from). */
export function openMsBetween(c: CompiledCalendar, from: number, to: number): number {
  if (!(to > from)) return 0;
  // Short spans: walk the days; long spans: prefix sums (O(1) per bound once built).
  if (to - from < 3 * DAY) {
    let total = 0;
    const last = c.zone.localDay(to);
    for (let day = c.zone.localDay(from); day <= last; day++) {
      const iv = dayInfo(c, day).intervals;
      for (let k = 0; k < iv.length; k += 2) {
        const a = iv[k] > from ? iv[k] : from;
        const b = iv[k + 1] < to ? iv[k + 1] : to;
        if (b > a) total += b - a;
      }
    }
    return total;
  }
  return openBefore(c, to) - openBefore(c, from);
}

/** Open, unpaused ms in [from, to) (0 when to <= from). */
export function businessMsBetween(c: CompiledCalendar, from: number, to: number, pauses: number[]): number {
  if (!(to > from)) return 0;
  let total = openMsBetween(c, from, to);
  for (let i = 0; i < pauses.length; i += 2) {
    const a = pauses[i] > from ? pauses[i] : from;
    const b = pauses[i + 1] < to ? pauses[i + 1] : to;
    if (b > a) total -= openMsBetween(c, a, b);
  }
  return total;
}

/** Unpaused ms in [from, to) (0 when to <= from). */
export function runningMsBetween(from: number, to: number, pauses: number[]): number {
  if (!(to > from)) return 0;
  let total = to - from;
  for (let i = 0; i < pauses.length; i += 2) {
    const a = Math.max(pauses[i], from);
    const b = Math.min(pauses[i + 1], to);
    if (b > a) total -= b - a;
  }
  return total;
}

/** The first business day strictly after the start's local date, with its closing instant. */
export function nextBusinessDay(c: CompiledCalendar, start: number): DayInfo {
  requireWindows(c);
  const d0 = c.zone.localDay(start);
  for (let day = d0 + 1; day <= d0 + MAX_DAYS; day++) {
    const info = dayInfo(c, day);
    if (info.intervals.length) return info;
  }
  return tooFar(c);
}

export interface ResolvedDeadline {
  deadline: number;
  /** For business-type targets: the business ms the clock must run (nextBusinessDay: derived). */
  businessMs: number | null;
  /** For elapsed targets: the running ms. */
  elapsedMs: number | null;
  nextBusinessDay?: DayInfo;
}

/** Resolve any target; the single source of truth behind deadline(), explain, clock and reports. */
export function resolve(start: number, target: Target, c: CompiledCalendar, pauses: number[]): ResolvedDeadline {
  if (!target || typeof target !== 'object') throw new Error('SLA target is missing.');
  switch (target.kind) {
    case 'elapsed': {
      const amount = checkMinutes(target);
      return { deadline: elapsedDeadline(start, amount, pauses), businessMs: null, elapsedMs: amount };
    }
    case 'business': {
      const amount = checkMinutes(target);
      return { deadline: businessDeadline(c, start, amount, pauses), businessMs: amount, elapsedMs: null };
    }
    case 'nextBusinessDay': {
      const nbd = nextBusinessDay(c, start);
      const closing = nbd.intervals[nbd.intervals.length - 1];
      const amount = businessMsBetween(c, start, closing, []);
      const d = pauses.length ? businessDeadline(c, start, amount, pauses) : closing;
      return { deadline: d, businessMs: amount, elapsedMs: null, nextBusinessDay: nbd };
    }
    default:
      throw new Error(`SLA target kind ${JSON.stringify((target as { kind?: unknown }).kind)} is not one of elapsed, business, nextBusinessDay.`);
  }
}

/** True for targets measured in business time. */
export function isBusinessTarget(target: Target): boolean {
  return target.kind !== 'elapsed';
}
