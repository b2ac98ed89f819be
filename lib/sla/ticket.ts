// A ticket's two SLA clocks (time to acknowledge, time to mitigate) as plain, serialisable specs:
// the server computes them, the browser re-evaluates the same spec every second (counting down
// without a reload) with the same engine.
import type { BusinessCalendar, Target } from './index';
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
