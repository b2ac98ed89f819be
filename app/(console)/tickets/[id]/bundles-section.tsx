import Link from 'next/link';
import { ActionButton } from '@/components/ui/action-button';
import { Badge } from '@/components/ui/badge';
import { ShareBundleButton } from '@/components/share/share-dialog';
import { formatBytes, plural } from '@/components/ui/format';
import { formatInstant } from '@/components/ui/time';
import type { Bundle, BundleTombstone, IngestJob } from '@/db/schema';
import { confirmConsentAction } from '../bundle-actions';
import { BundleUploader, ParseProgress } from './bundle-uploader';
import { FolderInbox, type InboxBundle, type RefusedFile } from './folder-inbox';
import { CompareBundlesForm } from './compare-bundles-form';

function ConsentBadge({ bundle }: { bundle: Bundle }) {
  if (!bundle.consentGranted) return <Badge tone="red">no consent in metadata</Badge>;
  if (!bundle.consentConfirmedAt) return <Badge tone="amber">consent to confirm</Badge>;
  return <Badge tone="green">consent confirmed</Badge>;
}

/** How many personal values the scan found (and replaced) in this bundle, by the stored report. */
function PiiBadge({ bundle }: { bundle: Bundle }) {
  const counts = ((bundle.report ?? {}) as { redaction?: { counts?: Record<string, number>; truncated?: boolean } }).redaction;
  const total = Object.values(counts?.counts ?? {}).reduce((n, c) => n + (Number(c) || 0), 0);
  if (!total) return null;
  const top = Object.entries(counts!.counts!).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
  return (
    <span title={top} data-testid="pii-badge">
      <Badge tone="amber">{plural(total, 'personal-data finding')}{counts?.truncated ? '+' : ''}</Badge>
    </span>
  );
}

export function BundlesSection({
  ticketId,
  bundles,
  referenced = [],
  closed = false,
  failedJobs,
  tombstones,
  canWrite,
  canReadContents,
  canShare,
  inbox,
}: {
  ticketId: number;
  bundles: Bundle[];
  /** Bundles on other tickets that were linked here as well. */
  referenced?: Bundle[];
  closed?: boolean;
  failedJobs: IngestJob[];
  tombstones: BundleTombstone[];
  canWrite: boolean;
  canReadContents: boolean;
  canShare: boolean;
  inbox: { bundles: InboxBundle[]; refused: RefusedFile[] };
}) {
  return (
    <div className="space-y-3">
      {canWrite && closed && (
        <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-600 ring-1 ring-inset ring-slate-200" data-testid="closed-no-uploads">
          This ticket is closed: it takes no new bundles. Reopen it (with a reason) to add one.
        </p>
      )}
      {canWrite && !closed && <BundleUploader ticketId={ticketId} />}
      {canWrite && !closed && <FolderInbox ticketId={ticketId} bundles={inbox.bundles} refused={inbox.refused} />}
      {bundles.length === 0 && tombstones.length === 0 && referenced.length === 0 && <p className="text-sm text-slate-500">No bundle yet.</p>}
      {canReadContents && <CompareBundlesForm bundles={bundles} />}
      <ul className="divide-y divide-slate-100" data-testid="bundle-list">
        {bundles.map((b) => (
          <li key={b.id} className="py-2.5" data-bundle-id={b.id} data-parse-state={b.parseState}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <Link href={`/bundles/${b.id}`} className="font-medium text-slate-900 hover:text-brand-600">
                {b.fileName}
              </Link>
              <code className="font-mono text-xs text-slate-500">{b.id}</code>
              <ConsentBadge bundle={b} />
              {b.parseState === 'parsed' && <Badge tone="blue">{plural(b.spanCount, 'span')}</Badge>}
              {b.parseState === 'failed' && <Badge tone="red">invalid</Badge>}
              <PiiBadge bundle={b} />
              {b.state === 'quarantined' && <Badge tone="slate">quarantined</Badge>}
            </div>
            <p className="text-xs text-slate-500">
              {b.channel.toUpperCase()} bundle written {formatInstant(b.createdAt)} · received {formatInstant(b.ingestedAt)} · {formatBytes(b.size)}
            </p>
            {!b.consentGranted && (
              <p className="mt-1 text-xs text-red-700">
                The bundle&apos;s metadata shows no telemetry consent: nothing but metadata.json was read. Ask the customer to enable telemetry and send a new bundle.
              </p>
            )}
            {b.consentGranted && !b.consentConfirmedAt && canWrite && (
              <div className="mt-1.5 flex items-center gap-2">
                <ActionButton action={confirmConsentAction} input={{ ticketId, bundleId: b.id }} variant="primary" testId="confirm-consent">
                  Confirm telemetry consent
                </ActionButton>
                <span className="text-xs text-slate-500">
                  Metadata: telemetry enabled, consented {b.consentedAt ? formatInstant(b.consentedAt) : ''}. Confirm it with the customer&apos;s record before the trace is read.
                </span>
              </div>
            )}
            {b.consentConfirmedAt && (b.parseState === 'pending' || b.parseState === 'parsing') && (
              <div className="mt-1.5 max-w-md">
                <ParseProgress bundleId={b.id} initial={b.parseProgress} />
              </div>
            )}
            {b.parseState === 'failed' && <p className="mt-1 text-xs text-red-700">Refused: {b.parseError}</p>}
            {b.parseState === 'parsed' && canReadContents && (
              <p className="mt-1 space-x-3 text-xs">
                <Link href={`/bundles/${b.id}`} className="text-brand-600 hover:underline">Summary</Link>
                <Link href={`/bundles/${b.id}/snapshot`} className="text-brand-600 hover:underline">Snapshot charts</Link>
                <Link href={`/bundles/${b.id}/trace`} className="text-brand-600 hover:underline">Trace timeline</Link>
              </p>
            )}
            {b.parseState === 'parsed' && canShare && (
              <div className="mt-1.5">
                <ShareBundleButton bundleId={b.id} />
              </div>
            )}
          </li>
        ))}
        {referenced.map((b) => (
          <li key={`ref-${b.id}`} className="py-2.5 text-sm" data-bundle-id={b.id} data-referenced="true">
            <Link href={`/bundles/${b.id}`} className="font-medium text-slate-900 hover:text-brand-600">{b.fileName}</Link>{' '}
            <span className="text-xs text-slate-500">
              also on <Link href={`/tickets/${b.ticketId}`} className="text-brand-600 hover:underline">ticket #{b.ticketId}</Link>, where its consent and parsing are recorded
            </span>
          </li>
        ))}
        {tombstones.map((t) => (
          <li key={t.bundleId} className="py-2.5 text-sm text-slate-500" data-bundle-id={t.bundleId}>
            <Link href={`/bundles/${t.bundleId}/purged`} className="font-mono text-xs hover:text-brand-600">{t.bundleId}</Link> purged on {formatInstant(t.purgedAt)} ({t.reason})
          </li>
        ))}
      </ul>
      {failedJobs.length > 0 && (
        <div>
          <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Refused uploads</h3>
          <ul className="mt-1 space-y-1" data-testid="refused-uploads">
            {failedJobs.map((j) => (
              <li key={j.id} className="text-xs text-red-700">
                <span className="font-medium">{j.fileName}</span> ({formatInstant(j.createdAt)}): <code className="font-mono">{j.problemCode}</code> {j.problem}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
