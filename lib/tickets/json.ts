// A ticket as JSON, the one shape the HTTP API (/api/tickets) and the CLI (--json) both print.
import type { Ticket } from '@/db/schema';

export function ticketJson(t: Ticket & { assigneeEmail?: string | null }) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: t.id,
    customerName: t.customerName,
    customerContact: t.customerContact,
    severity: t.severity,
    status: t.status,
    summary: t.summary,
    components: t.components,
    reportedAt: t.reportedAt,
    assignee: t.assigneeEmail ?? null,
    createdAt: t.createdAt.toISOString(),
    acknowledgedAt: iso(t.acknowledgedAt),
    mitigatedAt: iso(t.mitigatedAt),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    releaseVersion: t.releaseVersion,
  };
}
