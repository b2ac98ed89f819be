// A purged bundle's address: its tombstone (when, why, by whom, which ticket), so engineering
// tasks and notes that cite the bundle do not lead to a dead page.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { formatBytes } from '@/components/ui/format';
import { Instant } from '@/components/ui/time';
import { findBundle, findTombstone } from '@/db/queries/bundles';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Purged bundle' };

export default async function PurgedBundlePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser('ticket:read');
  const bundleId = decodeURIComponent((await params).id);
  const db = getDb();
  const tombstone = await findTombstone(db, bundleId);
  if (!tombstone) {
    if (await findBundle(db, bundleId)) redirect(`/bundles/${encodeURIComponent(bundleId)}`);
    notFound();
  }
  return (
    <div className="max-w-3xl">
      <Card title="Bundle purged">
        <div data-testid="bundle-tombstone" className="space-y-3 text-sm">
          <p className="text-slate-700">
            Bundle <code className="break-all font-mono text-xs">{tombstone.bundleId}</code> was purged: its file and everything read from it
            are gone. This record stays so that tickets and tasks citing it can say what happened.
          </p>
          <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-1.5">
            <dt className="text-slate-500">Purged</dt>
            <dd><Instant date={tombstone.purgedAt} /></dd>
            <dt className="text-slate-500">Why</dt>
            <dd>{tombstone.reason}</dd>
            <dt className="text-slate-500">By</dt>
            <dd>{tombstone.purgedBy}</dd>
            <dt className="text-slate-500">Size</dt>
            <dd>{formatBytes(Number(tombstone.size))}</dd>
            <dt className="text-slate-500">SHA-256</dt>
            <dd className="break-all font-mono text-xs">{tombstone.sha256}</dd>
            <dt className="text-slate-500">Ticket</dt>
            <dd>{tombstone.ticketId ? <Link href={`/tickets/${tombstone.ticketId}`} className="text-brand-600 hover:underline">#{tombstone.ticketId}</Link> : 'none (it was in the unassigned inbox)'}</dd>
          </dl>
        </div>
      </Card>
    </div>
  );
}
