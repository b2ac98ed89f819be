// The ticket's parent incident: the ticket it is linked under (which carries the escalation), or
// the tickets linked under it (each keeps its own SLA clocks and customer updates). Leads and
// admins link and unlink here; everyone who reads the ticket sees the links.
import Link from 'next/link';
import { ActionButton, ActionForm } from '@/components/ui/action-button';
import { SeverityBadge, StatusBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Input } from '@/components/ui/field';
import type { Severity, Ticket, TicketStatus } from '@/db/schema';
import type { IncidentFamily, TicketBrief } from '@/lib/incidents/service';
import { linkIncidentAction, unlinkIncidentAction } from './incident-actions';

function TicketLine({ t }: { t: TicketBrief }) {
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-1.5">
      <Link href={`/tickets/${t.id}`} className="font-mono font-medium text-brand-700 hover:underline">#{t.id}</Link>
      <SeverityBadge severity={t.severity as Severity} />
      <StatusBadge status={t.status as TicketStatus} />
      <span className="text-slate-600">{t.customerName}</span>
      <span className="min-w-0 truncate text-slate-800">{t.summary}</span>
    </span>
  );
}

export function IncidentLinks({ ticket, family, canLink }: { ticket: Ticket; family: IncidentFamily; canLink: boolean }) {
  const { parent, children } = family;
  const open = ticket.status !== 'closed';
  if (!parent && children.length === 0 && !(canLink && open)) return null;
  return (
    <Card title="Parent incident" id="incident">
      <div className="space-y-3 text-sm" data-testid="incident-links">
        {parent && (
          <div className="flex flex-wrap items-center gap-2" data-testid="incident-parent">
            <span className="text-slate-500">Linked under</span>
            <TicketLine t={parent} />
            <span className="text-xs text-slate-500">— it carries the escalation; this ticket keeps its own SLA clocks and customer updates.</span>
            {canLink && (
              <ActionButton action={unlinkIncidentAction} input={{ childId: String(ticket.id) }} confirm={`Take #${ticket.id} out of incident #${parent.id}?`} testId="unlink-parent">
                Unlink
              </ActionButton>
            )}
          </div>
        )}
        {children.length > 0 && (
          <div>
            <p className="text-slate-500">This ticket is the parent incident (it carries the escalation) of:</p>
            <ul className="mt-1 space-y-1" data-testid="incident-children">
              {children.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center gap-2" data-testid="incident-child" data-ticket-id={c.id}>
                  <TicketLine t={c} />
                  {canLink && (
                    <ActionButton action={unlinkIncidentAction} input={{ childId: String(c.id) }} confirm={`Take #${c.id} out of this incident?`} testId={`unlink-child-${c.id}`}>
                      Unlink
                    </ActionButton>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {canLink && open && !parent && (
          <div className="grid gap-3 sm:grid-cols-2">
            <ActionForm action={linkIncidentAction} submitLabel="Link under this ticket" variant="secondary" successMessage="Linked.">
              <input type="hidden" name="parentId" value={ticket.id} />
              <label className="block text-xs text-slate-500" htmlFor="link-child">Link ticket # under this one</label>
              <Input id="link-child" name="childId" placeholder="e.g. 42" inputMode="numeric" required maxLength={12} />
            </ActionForm>
            {children.length === 0 && (
              <ActionForm action={linkIncidentAction} submitLabel="Link this ticket under it" variant="secondary" successMessage="Linked.">
                <input type="hidden" name="childId" value={ticket.id} />
                <label className="block text-xs text-slate-500" htmlFor="link-parent">Parent incident #</label>
                <Input id="link-parent" name="parentId" placeholder="e.g. 41" inputMode="numeric" required maxLength={12} />
              </ActionForm>
            )}
          </div>
        )}
      </div>
    </Card>
  );
}
