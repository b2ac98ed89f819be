import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { earlyDownloadScript } from '@/components/trace/early-download';
import { skeletonUrl, spanIdsUrl } from '@/components/trace/skeleton-download';
import { TraceTimeline } from '@/components/trace/timeline';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import type { TracePreview } from '@/lib/trace-view/preview';
import { tracePreview } from '@/lib/trace-view/store';
import { BundleNav } from '../bundle-nav';
import { loadBundleContext } from '../bundle-context';
import { NotParsed } from '../not-parsed';

export const metadata: Metadata = { title: 'Trace' };

export default async function BundleTracePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser('bundle:contents');
  const { bundle, ticket, reported, parsed } = await loadBundleContext((await params).id);
  let preview: TracePreview | null = null;
  if (parsed) {
    // The timeline's opening state and first rows (cached with the skeleton), rendered into this
    // page's HTML: rows are on screen at first paint, before the scripts and the skeleton load.
    try {
      preview = await tracePreview(getDb(), bundle.id);
    } catch (err) {
      console.error('trace preview failed; the timeline loads without it', err);
    }
  }
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <div>
      <BundleNav bundle={bundle} ticket={ticket} current="trace" showContents />
      {parsed ? <TraceTimeline bundleId={bundle.id} reported={reported} preview={preview} ticketId={ticket?.id ?? null} /> : <NotParsed bundle={bundle} />}
      {/* Starts the skeleton download while the HTML is parsed, before the app's scripts run. After
          the rows: an inline script waits for the stylesheet, and the parser with it. */}
      {parsed && <script nonce={nonce} dangerouslySetInnerHTML={{ __html: earlyDownloadScript(skeletonUrl(bundle.id), spanIdsUrl(bundle.id)) }} />}
    </div>
  );
}
