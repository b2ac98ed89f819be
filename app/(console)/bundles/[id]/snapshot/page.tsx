import type { Metadata } from 'next';
import { SnapshotCharts } from '@/components/charts/snapshot-charts';
import { requirePageUser } from '@/lib/server/session';
import { BundleNav } from '../bundle-nav';
import { loadBundleContext } from '../bundle-context';
import { NotParsed } from '../not-parsed';

export const metadata: Metadata = { title: 'Snapshot' };

export default async function BundleSnapshotPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser('bundle:contents');
  const { bundle, ticket, reported, parsed } = await loadBundleContext((await params).id);
  return (
    <div>
      <BundleNav bundle={bundle} ticket={ticket} current="snapshot" showContents />
      {parsed ? <SnapshotCharts bundleId={bundle.id} reported={reported} /> : <NotParsed bundle={bundle} />}
    </div>
  );
}
