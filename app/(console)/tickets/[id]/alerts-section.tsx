// The ticket's "Warnings and paging" card: breach warnings that fired, the page (its dedup_key and
// delivery), acknowledge / resolve sent to the paging service, and on-call's acknowledgement.
import { Card } from '@/components/ui/card';
import { Instant } from '@/components/ui/time';
import { listPagingEvents, warningsForTickets } from '@/db/queries/alerts';
import { listTicketEscalationActions } from '@/db/queries/escalation';
import type { Ticket } from '@/db/schema';
import { getDb } from '@/lib/server/db';
import { CLOCK_LABELS } from '@/lib/sla/ticket';

export async function TicketAlerts({ ticket }: { ticket: Ticket }) {
  const db = getDb();
  const warnings = ((await warningsForTickets(db, [ticket.id])).get(ticket.id) ?? []).filter((w) => w.clock === 'ack' || w.clock === 'mitigate');
  const pages = (await listTicketEscalationActions(db, ticket.id)).filter((a) => a.kind === 'page_oncall');
  const events = await listPagingEvents(db, [ticket.id]);
  if (warnings.length === 0 && pages.length === 0) return null;
  return (
    <Card title="Warnings and paging">
      <ul className="space-y-1 text-sm" data-testid="ticket-alerts">
        {warnings.map((w) => (
          <li key={w.id} data-testid="ticket-warning">
            <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-800">warning</span> {w.threshold}% of the{' '}
            {CLOCK_LABELS[w.clock as 'ack' | 'mitigate'].toLowerCase()} used at <Instant date={w.firedAt} /> (due <Instant date={w.deadline} />){w.paged && ', paged on-call'}
          </li>
        ))}
        {pages.map((p) => (
          <li key={p.id} data-testid="ticket-page">
            Paged on-call at <Instant date={p.at} />{p.byEmail ? ` by ${p.byEmail}` : ' automatically'} — trigger {p.webhookStatus ?? 'not sent'}
            {ticket.pagingDedupKey && <> · dedup_key <code className="font-mono text-xs">{ticket.pagingDedupKey}</code></>}
          </li>
        ))}
        {events.map((e) => (
          <li key={e.id} data-testid={`ticket-paging-${e.action}`}>
            “{e.action}” {e.status}
            {e.result && <span className="text-xs text-slate-500"> ({e.result})</span>}
          </li>
        ))}
        {ticket.pagingAcknowledgedAt && (
          <li className="text-emerald-700" data-testid="ticket-paging-ack">
            On-call acknowledged the page{ticket.pagingAcknowledgedBy ? ` (${ticket.pagingAcknowledgedBy})` : ''} at <Instant date={ticket.pagingAcknowledgedAt} />
          </li>
        )}
      </ul>
    </Card>
  );
}
