// "Explain the deadline": the windows, holidays, closed days and pauses that produced a deadline,
// in business time and in wall time. Uses the same engine as deadline(), so the sum of the
// minutes consumed always equals the target.
import type { BusinessCalendar, Target } from './index';
import {
  businessMsBetween,
  compileCalendar,
  dayInfo,
  normalizePauses,
  resolve,
  runningMsBetween,
  startMs,
  type WeekdayKey,
} from './engine';
import { DAY, MINUTE, dayToIso, formatLocal, minutesToHhmm, type Zone } from './tz';

export type ExplainStep =
  | {
      kind: 'window';
      /** Local date 'YYYY-MM-DD' and weekday of the window. */
      localDate: string;
      weekday: WeekdayKey;
      /** The window as local wall-clock times ('24:00' for a midnight close). */
      localOpen: string;
      localClose: string;
      openUtc: Date;
      closeUtc: Date;
      /** The part of the window the clock ran through (before pauses are removed). */
      fromUtc: Date;
      toUtc: Date;
      /** Business minutes consumed in this window (pauses excluded). */
      minutes: number;
      /** Minutes of this window's consumed span spent paused. */
      pausedMinutes: number;
    }
  | { kind: 'holiday'; localDate: string; weekday: WeekdayKey }
  | { kind: 'closed'; localDate: string; weekday: WeekdayKey }
  | { kind: 'running'; fromUtc: Date; toUtc: Date; minutes: number }
  | { kind: 'pause'; fromUtc: Date; toUtc: Date; minutesAdded: number };

export interface AppliedPause {
  from: Date;
  to: Date;
  /** How far the pause pushed the deadline, in clock minutes (business or wall, as the target). */
  minutesAdded: number;
}

export interface DeadlineExplanation {
  start: Date;
  deadline: Date;
  target: Target;
  timeZone: string;
  /** Business minutes the clock had to run (business and nextBusinessDay targets), else null. */
  targetBusinessMinutes: number | null;
  /** Wall minutes the clock had to run (elapsed targets), else null. */
  targetElapsedMinutes: number | null;
  /** For nextBusinessDay: the business day found and its closing time. */
  nextBusinessDay: { localDate: string; closeUtc: Date; localClose: string } | null;
  /** In time order: windows consumed, holidays / closed days skipped (business), running spans and pauses (elapsed). */
  steps: ExplainStep[];
  pauses: AppliedPause[];
  totals: {
    /** Business minutes consumed (business targets) or business minutes elapsed, pauses excluded (elapsed targets). */
    businessMinutes: number;
    /** Wall-clock minutes from start to deadline. */
    wallMinutes: number;
    /** Clock minutes added by pauses. */
    pausedMinutes: number;
    holidaysSkipped: number;
    closedDaysSkipped: number;
  };
  /** The explanation as short sentences, ready for a tooltip. */
  lines: string[];
}

const WEEKDAY_LABEL: Record<WeekdayKey, string> = { sun: 'Sun', mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat' };

/**
 * A duration in minutes for people: "45 min", "2 h 5 m", "1 d 2 h 5 m" ("0 min" for zero;
 * negative durations get a leading "-"). Rounded to the nearest minute. `dayMinutes` sets how long
 * a "d" is: 1440 (default, wall time) or 480 to count business days.
 */
export function formatDuration(minutes: number, opts: { dayMinutes?: number } = {}): string {
  if (!Number.isFinite(minutes)) return '—';
  const dayMinutes = opts.dayMinutes ?? 1440;
  const sign = minutes < 0 ? '-' : '';
  let m = Math.round(Math.abs(minutes));
  if (m < 60) return `${sign}${m} min`;
  const d = Math.floor(m / dayMinutes);
  m -= d * dayMinutes;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} m`);
  return sign + parts.join(' ');
}

function localHhmm(zone: Zone, t: number, day: number): string {
  return minutesToHhmm(Math.round((zone.toLocal(t) - day * DAY) / MINUTE));
}

function describeTargetShort(t: Target): string {
  if (t.kind === 'nextBusinessDay') return 'next business day';
  return t.kind === 'business' ? `${formatDuration(t.minutes)} business time` : `${formatDuration(t.minutes)} elapsed (24×7)`;
}

/** The deadline and every step that produced it. Same arguments and errors as deadline(). */
export function explainDeadline(
  start: Date,
  target: Target,
  calendar: BusinessCalendar,
  pauses?: { from: Date; to: Date }[],
): DeadlineExplanation {
  const s = startMs(start);
  const c = compileCalendar(calendar);
  const flat = normalizePauses(pauses, s);
  const r = resolve(s, target, c, flat);
  const d = r.deadline;
  const zone = c.zone;
  const steps: ExplainStep[] = [];
  const applied: AppliedPause[] = [];
  let holidaysSkipped = 0;
  let closedDaysSkipped = 0;
  let businessConsumed = 0;
  const lines: string[] = [];
  const local = (t: number) => `${WEEKDAY_LABEL[dayInfo(c, zone.localDay(t)).weekday]} ${formatLocal(t, zone)}`;

  lines.push(`Target: ${describeTargetShort(target)}, started ${local(s)} (${zone.name}).`);

  if (target.kind === 'elapsed') {
    // Running spans interleaved with the pauses that fall before the deadline.
    let cursor = s;
    for (let i = 0; i < flat.length; i += 2) {
      const f = flat[i];
      const t = flat[i + 1];
      if (f >= d) break;
      if (f > cursor) {
        steps.push({ kind: 'running', fromUtc: new Date(cursor), toUtc: new Date(f), minutes: (f - cursor) / MINUTE });
        lines.push(`Clock running ${local(cursor)} → ${local(f)}: ${formatDuration((f - cursor) / MINUTE)}.`);
      }
      const added = (t - f) / MINUTE;
      steps.push({ kind: 'pause', fromUtc: new Date(f), toUtc: new Date(t), minutesAdded: added });
      applied.push({ from: new Date(f), to: new Date(t), minutesAdded: added });
      lines.push(`Paused ${local(f)} → ${local(t)}: deadline moved by ${formatDuration(added)}.`);
      cursor = t;
    }
    if (d > cursor) {
      steps.push({ kind: 'running', fromUtc: new Date(cursor), toUtc: new Date(d), minutes: (d - cursor) / MINUTE });
      lines.push(`Clock running ${local(cursor)} → ${local(d)}: ${formatDuration((d - cursor) / MINUTE)}.`);
    }
    businessConsumed = c.hasWindows ? businessMsBetween(c, s, d, flat) : 0;
  } else {
    let nbd: DeadlineExplanation['nextBusinessDay'] = null;
    if (r.nextBusinessDay) {
      const info = r.nextBusinessDay;
      const close = info.intervals[info.intervals.length - 1];
      nbd = { localDate: dayToIso(info.day), closeUtc: new Date(close), localClose: localHhmm(zone, close, info.day) };
      lines.push(
        `Next business day after ${dayToIso(zone.localDay(s))}: ${WEEKDAY_LABEL[info.weekday]} ${nbd.localDate}, closing ${nbd.localClose}` +
          ` — ${formatDuration((r.businessMs ?? 0) / MINUTE)} of business time from the start.`,
      );
    }
    const lastDay = zone.localDay(d);
    for (let day = zone.localDay(s); day <= lastDay; day++) {
      const info = dayInfo(c, day);
      const dateStr = dayToIso(day);
      if (info.kind !== 'open') {
        // Only days the clock actually had to wait through (not a closed day starting at the deadline).
        if (zone.fromLocal(day * DAY) >= d && day !== zone.localDay(s)) continue;
        if (info.kind === 'holiday') {
          holidaysSkipped++;
          steps.push({ kind: 'holiday', localDate: dateStr, weekday: info.weekday });
          lines.push(`${WEEKDAY_LABEL[info.weekday]} ${dateStr}: holiday, skipped.`);
        } else {
          closedDaysSkipped++;
          steps.push({ kind: 'closed', localDate: dateStr, weekday: info.weekday });
          lines.push(`${WEEKDAY_LABEL[info.weekday]} ${dateStr}: closed, skipped.`);
        }
        continue;
      }
      const iv = info.intervals;
      for (let k = 0; k < iv.length; k += 2) {
        const o = iv[k];
        const cl = iv[k + 1];
        const a = Math.max(o, s);
        const b = Math.min(cl, d);
        if (a >= b) continue;
        const consumed = businessMsBetween(c, a, b, flat);
        businessConsumed += consumed;
        const paused = b - a - consumed;
        steps.push({
          kind: 'window',
          localDate: dateStr,
          weekday: info.weekday,
          localOpen: localHhmm(zone, o, day),
          localClose: localHhmm(zone, cl, day),
          openUtc: new Date(o),
          closeUtc: new Date(cl),
          fromUtc: new Date(a),
          toUtc: new Date(b),
          minutes: consumed / MINUTE,
          pausedMinutes: paused / MINUTE,
        });
        lines.push(
          `${WEEKDAY_LABEL[info.weekday]} ${dateStr}, window ${localHhmm(zone, o, day)}–${localHhmm(zone, cl, day)}: ` +
            `${localHhmm(zone, a, day)}–${localHhmm(zone, b, day)} counted ${formatDuration(consumed / MINUTE)}` +
            (paused > 0 ? ` (${formatDuration(paused / MINUTE)} paused)` : '') +
            '.',
        );
      }
    }
    for (let i = 0; i < flat.length; i += 2) {
      const f = flat[i];
      const t = flat[i + 1];
      if (f >= d) break;
      const added = businessMsBetween(c, f, Math.min(t, d), []) / MINUTE;
      applied.push({ from: new Date(f), to: new Date(t), minutesAdded: added });
      lines.push(`Paused ${local(f)} → ${local(t)}: ${formatDuration(added)} of business time did not count.`);
    }
    const wall = (d - s) / MINUTE;
    const pausedMinutes = applied.reduce((sum, p) => sum + p.minutesAdded, 0);
    lines.push(
      `Deadline: ${local(d)} (${new Date(d).toISOString()}): ${formatDuration(businessConsumed / MINUTE)} business time, ` +
        `${formatDuration(wall)} wall time.`,
    );
    return {
      start: new Date(s),
      deadline: new Date(d),
      target,
      timeZone: zone.name,
      targetBusinessMinutes: (r.businessMs ?? 0) / MINUTE,
      targetElapsedMinutes: null,
      nextBusinessDay: nbd,
      steps,
      pauses: applied,
      totals: {
        businessMinutes: businessConsumed / MINUTE,
        wallMinutes: wall,
        pausedMinutes,
        holidaysSkipped,
        closedDaysSkipped,
      },
      lines,
    };
  }

  const wall = (d - s) / MINUTE;
  const pausedMinutes = applied.reduce((sum, p) => sum + p.minutesAdded, 0);
  lines.push(
    `Deadline: ${local(d)} (${new Date(d).toISOString()}): ${formatDuration(runningMsBetween(s, d, flat) / MINUTE)} running, ` +
      `${formatDuration(wall)} wall time.`,
  );
  return {
    start: new Date(s),
    deadline: new Date(d),
    target,
    timeZone: zone.name,
    targetBusinessMinutes: null,
    targetElapsedMinutes: (r.elapsedMs ?? 0) / MINUTE,
    nextBusinessDay: null,
    steps,
    pauses: applied,
    totals: { businessMinutes: businessConsumed / MINUTE, wallMinutes: wall, pausedMinutes, holidaysSkipped, closedDaysSkipped },
    lines,
  };
}
