// What a customer update is filled from: the ticket, the error codes its bundles showed (with the
// catalogue's remediation), its SLA clock, and when the escalation matrix wants the next update.
import type { Db } from '@/db/client';
import { listTicketBundles } from '@/db/queries/bundles';
import { listTicketEscalationActions } from '@/db/queries/escalation';
import { listTicketPauses } from '@/db/queries/sla';
import type { Bundle, Ticket } from '@/db/schema';
import { tryLoadErrorCatalogue, type ErrorCatalogue } from '@/lib/bundle/errors-catalogue';
import { ESCALATION_MATRIX } from '@/lib/escalation/matrix';
import { getSlaPolicy } from '@/lib/settings';
import type { BusinessCalendar } from '@/lib/sla';
import { clockSpecs, evaluateSpec, type ClockSpec } from '@/lib/sla/ticket';
import type { UpdateFacts } from './templates';

/** Error codes of the ticket's readable bundles, most frequent first. */
export function bundleErrorCodes(bundles: Pick<Bundle, 'report' | 'state'>[]): string[] {
  const counts = new Map<string, number>();
  for (const b of bundles) {
    if (b.state === 'purged' || b.state === 'purging') continue;
    const codes = ((b.report as { metrics?: { errorCodes?: Record<string, number> } } | null)?.metrics?.errorCodes) ?? {};
    for (const [code, n] of Object.entries(codes)) if (typeof n === 'number') counts.set(code, (counts.get(code) ?? 0) + n);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code]) => code);
}

export function remediationsFor(codes: string[], catalogue: ErrorCatalogue, max = 3): UpdateFacts['remediations'] {
  const byCode = new Map(catalogue.codes.map((c) => [c.code, c]));
  return codes
    .map((code) => byCode.get(code))
    .filter((c): c is NonNullable<typeof c> => !!c && !!c.remediation)
    .slice(0, max)
    .map((c) => ({ code: c.code, title: c.title, remediation: c.remediation }));
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The SLA clock in one customer-facing sentence: the mitigation target, or when it was met. */
export function slaLine(ticket: Pick<Ticket, 'severity' | 'mitigatedAt'>, spec: ClockSpec, calendar: BusinessCalendar, now: number): string {
  const clock = evaluateSpec(spec, calendar, now);
  if (ticket.mitigatedAt) return `Service was restored at ${utc(ticket.mitigatedAt.getTime())}.`;
  if (clock.paused) return `Our Sev-${ticket.severity} mitigation clock is paused while we wait for information from you.`;
  if (clock.breached) return `We have passed our Sev-${ticket.severity} mitigation target (${utc(clock.deadline.getTime())}) and are working to restore service as fast as possible.`;
  return `Our target for restoring service on a Sev-${ticket.severity} incident is ${utc(clock.deadline.getTime())}.`;
}

/** When the next update is due if one is sent at `now`: the matrix's cadence, none once mitigated. */
export function nextUpdateDue(ticket: Pick<Ticket, 'severity' | 'mitigatedAt'>, now: Date): Date | null {
  const cadence = ESCALATION_MATRIX[ticket.severity].find((a) => a.type === 'cadence');
  if (!cadence || cadence.type !== 'cadence' || ticket.mitigatedAt) return null;
  return new Date(now.getTime() + cadence.everyMinutes * 60_000);
}

export async function gatherUpdateFacts(db: Db, ticket: Ticket, now: Date, catalogue: ErrorCatalogue = tryLoadErrorCatalogue()): Promise<UpdateFacts & { lastUpdateAt: Date | null }> {
  const [bundles, pauses, policy, actions] = await Promise.all([listTicketBundles(db, ticket.id), listTicketPauses(db, ticket.id), getSlaPolicy(db), listTicketEscalationActions(db, ticket.id)]);
  const spec = clockSpecs(ticket, pauses, policy.targets).mitigate;
  const updates = actions.filter((a) => a.kind === 'update');
  return {
    ticketId: ticket.id,
    severity: ticket.severity,
    summary: ticket.summary,
    remediations: remediationsFor(bundleErrorCodes(bundles), catalogue),
    slaLine: slaLine(ticket, spec, policy.calendar, now.getTime()),
    nextUpdateAt: nextUpdateDue(ticket, now),
    mitigationSteps: ticket.mitigationSteps,
    releaseVersion: ticket.releaseVersion,
    lastUpdateAt: updates.length ? updates[updates.length - 1].at : null,
  };
}
