// The ticket list's filters that are not plain columns: "assigned to me" and the SLA filter
// ("breached", "breached or due today"), evaluated with the same SLA engine the list shows.
import type { Db } from '@/db/client';
import { pausesByTicket } from '@/db/queries/sla';
import { getSlaPolicy } from '@/lib/settings';
import type { BusinessCalendar } from '@/lib/sla';
import type { SlaTargets } from '@/lib/sla/policy';
import { activeClockName, clockSpecs, evaluateSpec, type SlaTicketFacts } from '@/lib/sla/ticket';
import { DAY, getZone } from '@/lib/sla/tz';

export const SLA_FILTERS = ['breached', 'due-today'] as const;
export type SlaFilter = (typeof SLA_FILTERS)[number];

export const SLA_FILTER_LABELS: Record<SlaFilter, string> = {
  breached: 'SLA breached',
  'due-today': 'SLA breached or due today',
};

/** `me` in a URL or a saved view stands for whoever is looking at it. */
export function resolveAssignee(value: string | undefined, userId: string): string | undefined {
  if (!value) return undefined;
  return value === 'me' ? userId : value;
}

/** The end of today (the next local midnight) in the calendar's time zone. */
export function endOfToday(calendar: Pick<BusinessCalendar, 'timeZone'>, now: number): number {
  const zone = getZone(calendar.timeZone);
  return zone.fromLocal((zone.localDay(now) + 1) * DAY);
}

/**
 * Whether the clock the list shows for the ticket (acknowledge until acknowledged, then
 * mitigate) is breached, or, for `due-today`, breached or due before the end of today. A stopped
 * clock (mitigated) never matches.
 */
export function matchesSlaFilter(
  ticket: SlaTicketFacts,
  pauses: { from: Date; to: Date | null }[],
  policy: { calendar: BusinessCalendar; targets: SlaTargets },
  filter: SlaFilter,
  now: number,
): boolean {
  const spec = clockSpecs(ticket, pauses, policy.targets)[activeClockName(ticket)];
  if (spec.stop !== null) return false;
  const clock = evaluateSpec(spec, policy.calendar, now);
  if (clock.breached) return true;
  return filter === 'due-today' && clock.deadline.getTime() < endOfToday(policy.calendar, now);
}

/** The tickets among `rows` that match the SLA filter now, in their order. */
export async function filterBySla<T extends SlaTicketFacts & { id: number }>(db: Db, rows: T[], filter: SlaFilter, now = Date.now()): Promise<T[]> {
  const policy = await getSlaPolicy(db);
  const pauses = await pausesByTicket(db, rows.map((r) => r.id));
  return rows.filter((t) => matchesSlaFilter(t, pauses.get(t.id) ?? [], policy, filter, now));
}
