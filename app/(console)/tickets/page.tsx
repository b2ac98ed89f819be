import type { Metadata } from 'next';
import Link from 'next/link';
import { TicketFilterBar, type FilterValues } from '@/components/tickets/filter-bar';
import { TicketTable } from '@/components/tickets/ticket-table';
import { slaColumn } from '@/components/sla/sla-column';
import { buttonClass } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { listTickets, TICKET_SORTS, type TicketSort } from '@/db/queries/tickets';
import { listUsers } from '@/db/queries/users';
import { TICKET_STATUSES, type Severity, type TicketStatus } from '@/db/schema';
import { can } from '@/lib/auth/roles';
import { pageQuery, ticketsQuery } from '@/lib/http/page-queries';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Tickets' };

const PAGE_SIZE = 50;

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
  const { rows, total } = await listTickets(db, {
    status,
    severity,
    assigneeId: params.assignee || undefined,
    text: params.q,
    releaseVersion: params.release?.trim().replace(/^v(?=\d)/, '') || undefined,
    sort,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
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
        subtitle={`${total} ticket${total === 1 ? '' : 's'}`}
        actions={can(user.role, 'ticket:write') && <Link href="/tickets/new" className={buttonClass()}>New ticket</Link>}
      />
      <TicketFilterBar values={params} people={people} />
      {rows.length === 0 ? (
        <EmptyState title="No tickets match these filters">Clear a filter, or open a new ticket.</EmptyState>
      ) : (
        <TicketTable
          rows={rows}
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
