// A ticket's two SLA clocks (time to acknowledge, time to mitigate) as plain, serialisable specs:
// the server computes them, the browser re-evaluates the same spec every second (counting down
// without a reload) with the same engine.
import { deadline, type BusinessCalendar, type Target } from './index';
import { closePauses, slaClock, type SlaClock, type SlaPauseInput } from './clock';
import { explainDeadline, type DeadlineExplanation } from './explain';
import type { Severity, SlaTargetName, SlaTargets } from './policy';

export interface SlaTicketFacts {
  severity: Severity;
  createdAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
}

/** One clock, in epoch ms so it crosses the server/client boundary as JSON. */
export interface ClockSpec {
  name: SlaTargetName;
  start: number;
  stop: number | null;
  target: Target;
  pauses: { from: number; to: number | null }[];
}

export const CLOCK_LABELS: Record<SlaTargetName, string> = { ack: 'Time to acknowledge', mitigate: 'Time to mitigate' };

export function clockSpecs(t: SlaTicketFacts, pauses: SlaPauseInput[], targets: SlaTargets): Record<SlaTargetName, ClockSpec> {
  const flat = pauses.map((p) => ({ from: p.from.getTime(), to: p.to ? p.to.getTime() : null }));
  const tg = targets[t.severity];
  return {
    ack: { name: 'ack', start: t.createdAt.getTime(), stop: t.acknowledgedAt?.getTime() ?? null, target: tg.ack, pauses: flat },
    mitigate: { name: 'mitigate', start: t.createdAt.getTime(), stop: t.mitigatedAt?.getTime() ?? null, target: tg.mitigate, pauses: flat },
  };
}

function pauseDates(spec: ClockSpec): SlaPauseInput[] {
  return spec.pauses.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));
}

/** The clock's state at `now` (ms). */
export function evaluateSpec(spec: ClockSpec, calendar: BusinessCalendar, now: number): SlaClock {
  return slaClock({
    startedAt: new Date(spec.start),
    stoppedAt: spec.stop === null ? null : new Date(spec.stop),
    target: spec.target,
    calendar,
    pauses: pauseDates(spec),
    now: new Date(now),
  });
}

/** Why the deadline is where it is: windows, holidays and pauses (open pauses last until now). */
export function explainSpec(spec: ClockSpec, calendar: BusinessCalendar, now: number): DeadlineExplanation {
  const end = new Date(spec.stop ?? now);
  const closed = closePauses(pauseDates(spec), end, spec.stop === null ? null : end);
  return explainDeadline(new Date(spec.start), spec.target, calendar, closed);
}

/** The clock a list row shows: acknowledge until acknowledged, then mitigate. */
export function activeClockName(t: Pick<SlaTicketFacts, 'acknowledgedAt'>): SlaTargetName {
  return t.acknowledgedAt ? 'mitigate' : 'ack';
}

/** What a clock is doing right now, in words (the ticket page's "Status" line). */
export interface ClockStatus {
  kind: 'stopped' | 'customer-pause' | 'breached' | 'outside-hours' | 'running';
  text: string;
  /** outside-hours: when the calendar opens again (epoch ms). */
  resumesAt?: number;
}

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h": how long ago a deadline passed, wall time. */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "Tue 09:00" in the calendar's zone (the week is the context: a clock resumes within days). */
function weekdayTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}

/**
 * The clock's status at `now`: stopped; paused by a customer pause; breached (counting the time
 * over, wall time since the deadline); a business-hours clock outside business hours, which does
 * not count until the calendar opens ("paused until Tue 09:00 (outside business hours)"); or
 * running. Breached wins over outside-hours: the time over keeps counting in wall time.
 */
export function clockStatus(spec: ClockSpec, calendar: BusinessCalendar, now: number): ClockStatus {
  if (spec.stop !== null) return { kind: 'stopped', text: 'stopped' };
  const clock = evaluateSpec(spec, calendar, now);
  if (clock.paused) return { kind: 'customer-pause', text: 'paused (waiting on the customer)' };
  if (clock.breached) return { kind: 'breached', text: `breached ${formatAgo(now - clock.deadline.getTime())} ago` };
  if (spec.target.kind !== 'elapsed') {
    const opens = deadline(new Date(now), { kind: 'business', minutes: 0 }, calendar).getTime();
    if (opens > now) return { kind: 'outside-hours', text: `paused until ${weekdayTime(opens, calendar.timeZone)} (outside business hours)`, resumesAt: opens };
  }
  return { kind: 'running', text: 'running' };
}
