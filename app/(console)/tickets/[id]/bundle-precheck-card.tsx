'use client';
// What the browser read from a dropped bundle before uploading it: id, channel, created time,
// consent, retention and the entries with their sizes; and whether the console already has it.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { formatBytes } from '@/components/ui/format';
import type { BrowserPrecheck } from './bundle-precheck';

export function BundlePrecheckCard({ check, ticketId }: { check: BrowserPrecheck; ticketId: number }) {
  const bundleId = check.ok && !('large' in check) ? check.bundleId : null;
  const where = useQuery({
    queryKey: ['bundle-where', bundleId],
    enabled: bundleId !== null,
    staleTime: 30_000,
    queryFn: async () => (await (await fetch(`/api/bundles/${encodeURIComponent(bundleId!)}/where`)).json()) as { known: boolean; ticketId?: number | null; fileName?: string },
  });
  if (!check.ok) return null;
  if ('large' in check) {
    return <p className="text-xs text-slate-500" data-testid="bundle-precheck">{check.fileName} is too large to open in the browser; the server checks it as it arrives.</p>;
  }
  return (
    <div className="rounded-md border border-slate-200 bg-white p-2 text-xs" data-testid="bundle-precheck">
      <dl className="grid grid-cols-[6rem_minmax(0,1fr)] gap-x-2 gap-y-0.5">
        <dt className="text-slate-500">Bundle id</dt>
        <dd className="break-all font-mono">{check.bundleId}</dd>
        <dt className="text-slate-500">Channel</dt>
        <dd>{check.channel}</dd>
        <dt className="text-slate-500">Created</dt>
        <dd className="tabular-nums">{check.createdAt}</dd>
        <dt className="text-slate-500">Consent</dt>
        <dd className={check.consent.granted ? 'text-emerald-700' : 'text-red-700'}>{check.consent.granted ? 'granted' : 'none'}: {check.consent.reason}</dd>
        <dt className="text-slate-500">Retention</dt>
        <dd>{check.retentionDays ? `${check.retentionDays} days` : 'the console default'}</dd>
        <dt className="text-slate-500">Entries</dt>
        <dd>
          <ul>
            {check.entries.map((e) => (
              <li key={e.name} className="flex justify-between gap-2 font-mono">
                <span className="truncate">{e.name}</span>
                <span className="tabular-nums text-slate-500">{formatBytes(e.size)}</span>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      {where.data?.known && (
        <p role="status" className="mt-1 text-amber-800" data-testid="bundle-already-known">
          The console already has this bundle ({where.data.fileName}){' '}
          {where.data.ticketId && where.data.ticketId !== ticketId ? (
            <>on <Link className="underline" href={`/tickets/${where.data.ticketId}`}>ticket #{where.data.ticketId}</Link>.</>
          ) : where.data.ticketId === ticketId ? 'on this ticket.' : 'in the unassigned inbox.'}
        </p>
      )}
    </div>
  );
}
