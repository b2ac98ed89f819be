import type { Metadata } from 'next';
import Link from 'next/link';
import { TicketFilterBar, type FilterValues } from '@/components/tickets/filter-bar';
import { TicketTable } from '@/components/tickets/ticket-table';
import { BulkActionBar } from '@/components/tickets/bulk-actions';
import { SavedViews } from '@/components/tickets/saved-views';
import { slaColumn } from '@/components/sla/sla-column';
import { buttonClass } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { listTickets, TICKET_SORTS, type TicketSort } from '@/db/queries/tickets';
import { listUsers } from '@/db/queries/users';
import { TICKET_STATUSES, type Severity, type TicketStatus } from '@/db/schema';
import { can } from '@/lib/auth/roles';
import { pageQuery, ticketsQuery } from '@/lib/http/page-queries';
import { getDb } from '@/lib/server/db';
import { filterBySla, resolveAssignee, SLA_FILTERS, type SlaFilter } from '@/lib/tickets/list-filters';
import { canonicalViewQuery, savedViewsOf } from '@/lib/tickets/saved-views';
import { requirePageUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Tickets' };

const PAGE_SIZE = 50;
/** With the SLA filter the clocks are evaluated here, over at most this many unmitigated tickets. */
const SLA_FILTER_SCAN = 5000;

export default async function TicketsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('ticket:read');
  const { page: pageParam, ...params }: FilterValues & { page?: number } = pageQuery(ticketsQuery, await searchParams);
  const db = getDb();
  const page = pageParam ?? 1;
  const status: TicketStatus[] | undefined =
    params.status === 'all'
      ? undefined
      : params.status && (TICKET_STATUSES as readonly string[]).includes(params.status)
        ? [params.status as TicketStatus]
        : params.release?.trim()
          ? undefined // a release's tickets are mostly closed: list them all (CHANGELOG)
          : TICKET_STATUSES.filter((s) => s !== 'closed');
  const severity = ['1', '2', '3'].includes(params.severity ?? '') ? [Number(params.severity) as Severity] : undefined;
  const sort = (TICKET_SORTS as readonly string[]).includes(params.sort ?? '') ? (params.sort as TicketSort) : 'newest';
  const sla = (SLA_FILTERS as readonly string[]).includes(params.sla ?? '') ? (params.sla as SlaFilter) : undefined;
  const filter = {
    status,
    severity,
    assigneeId: resolveAssignee(params.assignee, user.id),
    text: params.q,
    releaseVersion: params.release?.trim().replace(/^v(?=\d)/, '') || undefined,
    sort,
  };
  let rows, total;
  let slaScanCut = false;
  if (sla) {
    // The SLA state is the engine's (business hours, pauses), not a column: filter the clocks
    // here, over the tickets not yet mitigated (a stopped clock never matches).
    const running = await listTickets(db, { ...filter, clockRunning: true, limit: SLA_FILTER_SCAN });
    slaScanCut = running.total > SLA_FILTER_SCAN;
    const matching = await filterBySla(db, running.rows, sla);
    total = matching.length;
    rows = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  } else {
    ({ rows, total } = await listTickets(db, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }));
  }
  const views = (await savedViewsOf(db, user)).map((v) => ({ id: v.id, name: v.name, query: v.query }));
  const current = canonicalViewQuery(new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string')).toString());
  const canWrite = can(user.role, 'ticket:write');
  const people = (await listUsers(db))
    .filter((u) => !u.disabled && u.role !== 'manager')
    .map((u) => ({ id: u.id, label: u.name || u.email }));
  const link = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, ...changes })) if (v) next.set(k, v);
    return `/tickets?${next.toString()}`;
  };
  return (
    <>
      <PageHeader
        title="Tickets"
        subtitle={`${total} ticket${total === 1 ? '' : 's'}${slaScanCut ? ` among the newest ${SLA_FILTER_SCAN.toLocaleString('en-US')} not yet mitigated: narrow the filters to see the rest` : ''}`}
        actions={canWrite && <Link href="/tickets/new" className={buttonClass()}>New ticket</Link>}
      />
      <SavedViews views={views} current={current} />
      <TicketFilterBar values={params} people={people} />
      {canWrite && rows.length > 0 && <BulkActionBar people={people} />}
      {rows.length === 0 ? (
        <EmptyState title="No tickets match these filters">Clear a filter, or open a new ticket.</EmptyState>
      ) : (
        <TicketTable
          rows={rows}
          selectable={canWrite}
          extra={await slaColumn(db, rows)}
          sortLinks={{ id: link({ sort: sort === 'newest' ? 'oldest' : 'newest', page: undefined }), severity: link({ sort: 'severity', page: undefined }), age: link({ sort: sort === 'oldest' ? 'newest' : 'oldest', page: undefined }), updated: link({ sort: 'updated', page: undefined }) }}
        />
      )}
      {total > PAGE_SIZE && (
        <nav className="mt-3 flex items-center gap-3 text-sm text-slate-600" aria-label="Pages">
          {page > 1 && <Link href={link({ page: String(page - 1) })} className="hover:text-brand-600">← Previous</Link>}
          <span>Page {page} of {Math.ceil(total / PAGE_SIZE)}</span>
          {page * PAGE_SIZE < total && <Link href={link({ page: String(page + 1) })} className="hover:text-brand-600">Next →</Link>}
        </nav>
      )}
    </>
  );
}
