// The ticket workflow: statuses, what each needs, and the intake checklist of the runbook.
import type { Ticket, TicketStatus } from '@/db/schema';

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
};

const NEXT: Record<TicketStatus, TicketStatus[]> = {
  new: ['acknowledged', 'investigating'],
  acknowledged: ['investigating', 'mitigated'],
  investigating: ['mitigated'],
  mitigated: ['investigating', 'resolved'],
  resolved: ['investigating', 'closed'],
  closed: [],
};

export function allowedNextStatuses(status: TicketStatus): TicketStatus[] {
  return NEXT[status];
}

/** Why the ticket cannot move to `to` yet, or null when it can. */
export function statusGuard(ticket: Ticket, to: TicketStatus): string | null {
  if (!NEXT[ticket.status].includes(to)) return `A ${ticket.status} ticket cannot become ${to}.`;
  if (to === 'mitigated' && !ticket.mitigationSteps?.trim()) return 'Write the mitigation steps before marking the ticket mitigated.';
  if (to === 'resolved' && !ticket.customerConfirmedAt) return "Record the customer's confirmation before resolving.";
  if (to === 'closed' && !ticket.learnings?.trim()) return 'Capture the learnings before closing.';
  return null;
}

export interface ChecklistItem {
  step: 1 | 2 | 3;
  key: 'triage' | 'diagnostics' | 'consent';
  title: string;
  done: boolean;
  by: string | null;
  at: Date | null;
  missing: string | null;
}

export function intakeChecklist(
  ticket: Ticket,
  people: { triageBy: string | null; diagnosticsBy: string | null; consentBy: string | null },
  context: { bundles: number; bundlesWithConsent: number },
): ChecklistItem[] {
  return [
    {
      step: 1,
      key: 'triage',
      title: 'Ticket triage: customer contact, severity and impacted components confirmed',
      done: !!ticket.triageConfirmedAt,
      by: people.triageBy,
      at: ticket.triageConfirmedAt,
      missing: ticket.triageConfirmedAt
        ? null
        : ticket.components.length === 0
          ? 'Name the impacted components, then confirm triage.'
          : 'Check contact, severity and components with the customer, then confirm triage.',
    },
    {
      step: 2,
      key: 'diagnostics',
      title: 'Gather diagnostics: a UI or CLI trace bundle is linked',
      done: !!ticket.diagnosticsGatheredAt,
      by: people.diagnosticsBy,
      at: ticket.diagnosticsGatheredAt,
      missing: ticket.diagnosticsGatheredAt
        ? null
        : 'Ask the customer for a trace-<timestamp>-<channel>.zip bundle and upload it here (or drop it in the upload folder).',
    },
    {
      step: 3,
      key: 'consent',
      title: 'Verify telemetry consent before reviewing traces',
      done: !!ticket.consentVerifiedAt,
      by: people.consentBy,
      at: ticket.consentVerifiedAt,
      missing: ticket.consentVerifiedAt
        ? null
        : context.bundles === 0
          ? 'Waiting for a bundle.'
          : context.bundlesWithConsent === 0
            ? "The bundle's metadata shows no telemetry consent: ask the customer to enable telemetry and send a new bundle."
            : "Confirm that the customer enabled telemetry (the bundle's metadata shows consent).",
    },
  ];
}
