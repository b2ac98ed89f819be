// "Related tickets": open tickets, across customers, whose bundles show the same or an overlapping
// signature (error codes, X.411 reason and diagnostic codes, failing operations), each with why.
// Only the ticket number, severity, status, customer and a redacted summary are shown.
import Link from 'next/link';
import { ActionButton } from '@/components/ui/action-button';
import { Badge, SeverityBadge, StatusBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import type { Severity, Ticket, TicketStatus } from '@/db/schema';
import type { IncidentFamily, RelatedTickets as Related } from '@/lib/incidents/service';
import { isEmptySignature } from '@/lib/incidents/signature';
import { linkIncidentAction } from './incident-actions';

const LINK_LABEL = { parent: 'its parent incident', child: 'linked under this ticket', sibling: 'in the same incident' } as const;

export function RelatedTickets({ ticket, related, family, canLink }: { ticket: Ticket; related: Related; family: IncidentFamily; canLink: boolean }) {
  const open = ticket.status !== 'closed';
  // This ticket can take children when it is not itself a child; it can go under another when it
  // has neither a parent nor children.
  const canParent = canLink && open && !family.parent;
  const canChild = canLink && open && !family.parent && family.children.length === 0;
  return (
    <Card title="Related tickets" id="related">
      {isEmptySignature(related.signature) ? (
        <p className="text-sm text-slate-500" data-testid="related-none">No parsed bundle with error codes or failing operations yet: suggestions appear once one is parsed.</p>
      ) : related.suggestions.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="related-none">No other open ticket shows the same error codes, X.411 codes or failing operations.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="related-tickets">
          {related.suggestions.map((s) => (
            <li key={s.ticket.id} className="py-2 first:pt-0 last:pb-0" data-testid="related-ticket" data-ticket-id={s.ticket.id}>
              <div className="flex flex-wrap items-center gap-1.5">
                <Link href={`/tickets/${s.ticket.id}`} className="font-mono font-medium text-brand-700 hover:underline">#{s.ticket.id}</Link>
                <SeverityBadge severity={s.ticket.severity as Severity} />
                <StatusBadge status={s.ticket.status as TicketStatus} />
                <span className="text-slate-600">{s.ticket.customerName}</span>
                {s.identical && <Badge tone="violet">same signature</Badge>}
                {s.link && <Badge tone="slate">{LINK_LABEL[s.link]}</Badge>}
              </div>
              <p className="mt-0.5 truncate text-slate-800">{s.ticket.summary}</p>
              <p className="mt-0.5 text-xs text-slate-500" data-testid="related-why">Shares {s.why}</p>
              {!s.link && (canParent || canChild) && (
                <div className="mt-1 flex flex-wrap gap-2">
                  {canParent && (
                    <ActionButton action={linkIncidentAction} input={{ parentId: String(ticket.id), childId: String(s.ticket.id) }} testId={`link-child-${s.ticket.id}`}>
                      Link #{s.ticket.id} under this ticket
                    </ActionButton>
                  )}
                  {canChild && (
                    <ActionButton action={linkIncidentAction} input={{ parentId: String(s.ticket.id), childId: String(ticket.id) }} testId={`link-parent-${s.ticket.id}`}>
                      Link this ticket under #{s.ticket.id}
                    </ActionButton>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
