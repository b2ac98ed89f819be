import type { Metadata } from 'next';
import { preload } from 'react-dom';
import { TraceTimeline } from '@/components/trace/timeline';
import { requirePageUser } from '@/lib/server/session';
import { BundleNav } from '../bundle-nav';
import { loadBundleContext } from '../bundle-context';
import { NotParsed } from '../not-parsed';

export const metadata: Metadata = { title: 'Trace' };

export default async function BundleTracePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser('bundle:contents');
  const { bundle, ticket, reported, parsed } = loadBundleContext((await params).id);
  // Start the skeleton download with the HTML, not after hydration; the timeline's fetch reuses it.
  if (parsed) preload(`/api/bundles/${encodeURIComponent(bundle.id)}/skeleton`, { as: 'fetch', crossOrigin: 'anonymous' });
  return (
    <div>
      <BundleNav bundle={bundle} ticket={ticket} current="trace" showContents />
      {parsed ? <TraceTimeline bundleId={bundle.id} reported={reported} /> : <NotParsed bundle={bundle} />}
    </div>
  );
}
