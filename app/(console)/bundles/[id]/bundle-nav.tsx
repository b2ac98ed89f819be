// The header shared by a bundle's summary, snapshot, trace and logs views: where it came from and tabs.
import Link from 'next/link';
import type { Bundle, Ticket } from '@/db/schema';

const TABS = [
  { key: 'summary', label: 'Summary', href: '' },
  { key: 'snapshot', label: 'Snapshot', href: '/snapshot' },
  { key: 'trace', label: 'Trace', href: '/trace' },
  { key: 'logs', label: 'Logs', href: '/logs' },
] as const;

export function BundleNav({ bundle, ticket, current, showContents }: { bundle: Bundle; ticket: Ticket | null; current: (typeof TABS)[number]['key']; showContents: boolean }) {
  const base = `/bundles/${encodeURIComponent(bundle.id)}`;
  return (
    <div className="mb-3">
      <div className="flex flex-wrap items-center gap-x-2 text-xs text-slate-500">
        {ticket ? (
          <Link href={`/tickets/${ticket.id}`} className="hover:text-slate-800">
            Ticket #{ticket.id} · {ticket.customerName}
          </Link>
        ) : (
          <span>Unassigned bundle</span>
        )}
        {showContents && (
          <>
            <span aria-hidden>›</span>
            <span className="font-mono">{bundle.fileName}</span>
          </>
        )}
      </div>
      <div className="mt-1 flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-lg font-semibold text-slate-900">
          Bundle <span className="font-mono text-base">{bundle.id}</span>
        </h1>
        {showContents && (
          <nav aria-label="Bundle views" className="flex gap-1 rounded-lg bg-slate-100 p-0.5 text-sm">
            {TABS.map((t) => (
              <Link
                key={t.key}
                href={`${base}${t.href}`}
                aria-current={t.key === current ? 'page' : undefined}
                className={`rounded-md px-3 py-1 ${t.key === current ? 'bg-white font-medium text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
              >
                {t.label}
              </Link>
            ))}
          </nav>
        )}
      </div>
    </div>
  );
}
