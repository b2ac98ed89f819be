// Breach warnings: per severity, thresholds as percentages of a clock's own time (business minutes
// for business / next-business-day targets, 24×7 minutes for elapsed ones), and the one threshold
// that also pages. Pure: which thresholds a clock has crossed at an instant, and when it crosses
// each. lib/escalation/sla-watch.ts turns them into notifications. Semantics: lib/sla/README.md.
import { deadline, type BusinessCalendar, type Target } from './index';
import { closePauses } from './clock';
import { compileCalendar, resolve } from './engine';
import { MINUTE } from './tz';
import { SEVERITIES, type Severity } from './policy';
import { evaluateSpec, type ClockSpec } from './ticket';

export interface WarningPolicy {
  /** Percentages of the clock's time, ascending, each 1–99. */
  thresholds: number[];
  /** The threshold that also pages the on-call destination, or null (never pages on a warning). */
  pageAt: number | null;
}

export type WarningPolicies = Record<Severity, WarningPolicy>;

/** 50 % and 80 % of each clock; Sev-1 pages at 80 %, Sev-2 and Sev-3 do not page on a warning. */
export function defaultWarningPolicies(): WarningPolicies {
  return {
    1: { thresholds: [50, 80], pageAt: 80 },
    2: { thresholds: [50, 80], pageAt: null },
    3: { thresholds: [50, 80], pageAt: null },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with a warning policy table, as sentences ([] when valid). */
export function validateWarningPolicies(raw: unknown): string[] {
  if (!isRecord(raw)) return ['Warning thresholds must be an object keyed by severity (1, 2, 3).'];
  const problems: string[] = [];
  for (const sev of SEVERITIES) {
    const p = raw[String(sev)];
    if (!isRecord(p)) {
      problems.push(`Sev-${sev}: warning thresholds are missing.`);
      continue;
    }
    const list = p.thresholds;
    if (!Array.isArray(list)) {
      problems.push(`Sev-${sev}: thresholds must be a list of percentages.`);
      continue;
    }
    if (list.length > 5) problems.push(`Sev-${sev}: at most 5 thresholds.`);
    for (const t of list) {
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 99) problems.push(`Sev-${sev}: threshold ${JSON.stringify(t)} is not a whole percentage between 1 and 99.`);
    }
    if (new Set(list).size !== list.length) problems.push(`Sev-${sev}: a threshold is listed twice.`);
    if (p.pageAt !== null && p.pageAt !== undefined && !list.includes(p.pageAt)) {
      problems.push(`Sev-${sev}: the paging level (${JSON.stringify(p.pageAt)} %) must be one of its thresholds (${list.join(', ') || 'none'}).`);
    }
  }
  return problems;
}

/** A valid table with thresholds sorted ascending; null when invalid. */
export function normalizeWarningPolicies(raw: unknown): WarningPolicies | null {
  if (validateWarningPolicies(raw).length) return null;
  const r = raw as Record<string, WarningPolicy>;
  const one = (p: WarningPolicy): WarningPolicy => ({ thresholds: [...p.thresholds].sort((a, b) => a - b), pageAt: p.pageAt ?? null });
  return { 1: one(r['1']), 2: one(r['2']), 3: one(r['3']) };
}

/**
 * The clock's whole time in its own unit, minutes: elapsed N → N; business N → N;
 * next business day → the business minutes from the start to that day's close.
 */
export function clockTimeMinutes(start: Date, target: Target, calendar: BusinessCalendar): number {
  const r = resolve(start.getTime(), target, compileCalendar(calendar), []);
  return ((r.elapsedMs ?? r.businessMs) ?? 0) / MINUTE;
}

function unitTarget(target: Target, minutes: number): Target {
  return target.kind === 'elapsed' ? { kind: 'elapsed', minutes } : { kind: 'business', minutes };
}

/**
 * When `percent` % of the clock's time has run: the same walk as the deadline (business minutes
 * skip nights, weekends and holidays; pauses, open ones lasting until `now`, push it later).
 */
export function thresholdInstant(spec: ClockSpec, calendar: BusinessCalendar, percent: number, now: number): Date {
  const start = new Date(spec.start);
  const minutes = (clockTimeMinutes(start, spec.target, calendar) * percent) / 100;
  const end = new Date(spec.stop ?? now);
  const pauses = closePauses(
    spec.pauses.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
    end,
    spec.stop === null ? null : end,
  );
  return deadline(start, unitTarget(spec.target, minutes), calendar, pauses);
}

/** True when a business-hours calendar is open at `now` (a window covers it, not a holiday). */
export function isWorkingTime(calendar: BusinessCalendar, now: number): boolean {
  return deadline(new Date(now), { kind: 'business', minutes: 0 }, calendar).getTime() === now;
}

export interface DueWarning {
  threshold: number;
  /** When the threshold was crossed. */
  crossedAt: Date;
  /** The clock's deadline at `now`. */
  deadline: Date;
}

/**
 * The thresholds a clock has crossed at `now` that may fire now. None for a stopped, paused or
 * breached clock (a breach is shown as such, not warned about), and none outside working hours
 * for a business-hours clock (they fire when the calendar opens again).
 */
export function dueWarnings(spec: ClockSpec, calendar: BusinessCalendar, now: number, policy: WarningPolicy): DueWarning[] {
  if (spec.stop !== null || policy.thresholds.length === 0) return [];
  const clock = evaluateSpec(spec, calendar, now);
  if (clock.paused || clock.breached) return [];
  if (spec.target.kind !== 'elapsed' && !isWorkingTime(calendar, now)) return [];
  const out: DueWarning[] = [];
  for (const threshold of policy.thresholds) {
    const crossedAt = thresholdInstant(spec, calendar, threshold, now);
    if (crossedAt.getTime() <= now) out.push({ threshold, crossedAt, deadline: clock.deadline });
  }
  return out;
}
