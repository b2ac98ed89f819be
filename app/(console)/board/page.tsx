import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { listUsers } from '@/db/queries/users';
import { can } from '@/lib/auth/roles';
import { buildBoard } from '@/lib/escalation/board';
import Link from 'next/link';
import { webhookTarget } from '@/lib/settings';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { BoardView } from './board-view';

export const metadata: Metadata = { title: 'Escalation board' };

export default async function BoardPage() {
  const user = await requirePageUser('board:read');
  const db = getDb();
  const canAct = can(user.role, 'board:act');
  const people = canAct
    ? (await listUsers(db))
        .filter((u) => !u.disabled && u.role !== 'manager')
        .map((u) => ({ id: u.id, label: u.name || u.email }))
    : [];
  const paging = await webhookTarget(db, 'page');
  const statusPage = await webhookTarget(db, 'status');
  const host = (url: string | null) => (url ? <span className="font-mono text-xs">{new URL(url).host}</span> : 'not configured');
  return (
    <>
      <PageHeader
        title="Escalation board"
        subtitle={
          <>
            Open incidents by severity, most urgent first, with the escalation matrix’s required actions. Paging: {host(paging.url)} · status page:{' '}
            {host(statusPage.url)}
            {can(user.role, 'settings:manage') && (!paging.url || !statusPage.url) && (
              <>
                {' '}
                (<Link href="/settings#webhook" className="text-brand-600 hover:underline">configure</Link>)
              </>
            )}
            .
          </>
        }
      />
      <BoardView
        initial={await buildBoard(db)}
        canAct={canAct}
        people={people}
        webhooks={{ page: !!paging.url, status: !!statusPage.url, canConfigure: can(user.role, 'settings:manage') }}
      />
    </>
  );
}
