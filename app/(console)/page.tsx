import type { Metadata } from 'next';
import Link from 'next/link';
import { TicketTable } from '@/components/tickets/ticket-table';
import { slaColumn } from '@/components/sla/sla-column';
import { buttonClass } from '@/components/ui/button';
import { EmptyState, PageHeader } from '@/components/ui/card';
import { listTickets } from '@/db/queries/tickets';
import { can } from '@/lib/auth/roles';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'My queue' };

const OPEN = ['new', 'acknowledged', 'investigating', 'waiting_on_customer', 'mitigated', 'resolved'] as const;

export default async function MyQueuePage() {
  const user = await requirePageUser();
  const db = getDb();
  const mine = await listTickets(db, { assigneeId: user.id, status: [...OPEN], sort: 'severity', limit: 200 });
  const unassigned = can(user.role, 'ticket:write') ? await listTickets(db, { assigneeId: 'unassigned', status: [...OPEN], sort: 'severity', limit: 50 }) : null;
  return (
    <>
      <PageHeader
        title="My queue"
        subtitle={`${mine.total} open ticket${mine.total === 1 ? '' : 's'} assigned to you, most severe first`}
        actions={can(user.role, 'ticket:write') && <Link href="/tickets/new" className={buttonClass()}>New ticket</Link>}
      />
      {mine.rows.length === 0 ? <EmptyState title="Nothing assigned to you">Pick up an unassigned ticket below, or browse all tickets.</EmptyState> : <TicketTable rows={mine.rows} extra={await slaColumn(db, mine.rows)} />}
      {unassigned && (
        <div className="mt-6">
          <h2 className="mb-2 text-sm font-semibold text-slate-700">Unassigned ({unassigned.total})</h2>
          {unassigned.rows.length === 0 ? <EmptyState title="No unassigned tickets" /> : <TicketTable rows={unassigned.rows} extra={await slaColumn(db, unassigned.rows)} />}
        </div>
      )}
    </>
  );
}
