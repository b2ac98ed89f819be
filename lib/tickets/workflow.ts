// The ticket workflow: statuses, what each needs, and the intake checklist of the runbook.
import type { Ticket, TicketStatus } from '@/db/schema';

export const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  waiting_on_customer: 'Waiting on customer',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
};

const NEXT: Record<TicketStatus, TicketStatus[]> = {
  new: ['acknowledged', 'investigating'],
  acknowledged: ['investigating', 'waiting_on_customer', 'mitigated'],
  investigating: ['waiting_on_customer', 'mitigated'],
  // Waiting on the customer pauses the SLA clocks (lib/tickets/waiting.ts); leaving it, or a
  // bundle arriving for the ticket, resumes them.
  waiting_on_customer: ['investigating', 'mitigated'],
  mitigated: ['investigating', 'resolved'],
  resolved: ['investigating', 'closed'],
  closed: [],
};

export function allowedNextStatuses(status: TicketStatus): TicketStatus[] {
  return NEXT[status];
}

/** Why the ticket cannot move to `to` yet, or null when it can. */
export function statusGuard(ticket: Ticket, to: TicketStatus, context: { reviewSettled?: boolean } = {}): string | null {
  if (!NEXT[ticket.status].includes(to)) return `A ${ticket.status} ticket cannot become ${to}.`;
  if (to === 'mitigated' && !ticket.mitigationSteps?.trim()) return 'Write the mitigation steps before marking the ticket mitigated.';
  if (to === 'resolved' && !ticket.customerConfirmedAt) return "Record the customer's confirmation before resolving.";
  if (to === 'closed' && !ticket.learnings?.trim()) return 'Capture the learnings before closing.';
  // lib/reviews: a Sev-1/2 incident closes with a completed post-incident review or a lead's waiver.
  if (to === 'closed' && context.reviewSettled === false) return `A Sev-${ticket.severity} incident needs its post-incident review completed (or waived by a lead) before closing.`;
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

/**
 * What the ticket's bundles allow the checklist to claim. A bundle that failed to parse (or was
 * purged) is no readable diagnostics: steps 2 and 3 count only readable bundles.
 */
export interface ChecklistBundles {
  /** Bundles linked to the ticket. */
  bundles: number;
  /** Of those, whose metadata shows consent. */
  bundlesWithConsent: number;
  /** Linked bundles that are valid and not refused by the parse (pending, parsing or parsed). */
  readable?: number;
  /** Readable bundles whose consent was confirmed. */
  readableConfirmed?: number;
}

export function intakeChecklist(
  ticket: Ticket,
  people: { triageBy: string | null; diagnosticsBy: string | null; consentBy: string | null },
  context: ChecklistBundles,
): ChecklistItem[] {
  const readable = context.readable ?? context.bundles;
  const readableConfirmed = context.readableConfirmed ?? (ticket.consentVerifiedAt ? 1 : 0);
  const diagnosticsDone = !!ticket.diagnosticsGatheredAt && readable > 0;
  const consentDone = !!ticket.consentVerifiedAt && readableConfirmed > 0;
  const unreadable = context.bundles > 0 && readable === 0;
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
      done: diagnosticsDone,
      by: diagnosticsDone ? people.diagnosticsBy : null,
      at: diagnosticsDone ? ticket.diagnosticsGatheredAt : null,
      missing: diagnosticsDone
        ? null
        : unreadable
          ? 'No linked bundle could be read (it was refused while parsing, or purged): ask the customer for a new trace bundle.'
          : 'Ask the customer for a trace-<timestamp>-<channel>.zip bundle and upload it here (or drop it in the upload folder).',
    },
    {
      step: 3,
      key: 'consent',
      title: 'Verify telemetry consent before reviewing traces',
      done: consentDone,
      by: consentDone ? people.consentBy : null,
      at: consentDone ? ticket.consentVerifiedAt : null,
      missing: consentDone
        ? null
        : context.bundles === 0
          ? 'Waiting for a bundle.'
          : unreadable
            ? 'Waiting for a readable bundle: the consent confirmed so far was for a bundle that could not be read.'
            : context.bundlesWithConsent === 0
              ? "The bundle's metadata shows no telemetry consent: ask the customer to enable telemetry and send a new bundle."
              : "Confirm that the customer enabled telemetry (the bundle's metadata shows consent).",
    },
  ];
}
