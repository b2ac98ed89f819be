// A cited span as a card: service, operation, duration and error code, kept as text with the note
// (it reads the same after the bundle is purged).
import Link from 'next/link';
import type { SpanCard } from '@/lib/trace-view/span-cards';
import { formatDuration } from './format';

export function SpanCardView({ card }: { card: SpanCard }) {
  return (
    <div data-testid="span-card" className={`mt-1 rounded-md border px-2 py-1 text-xs ${card.error ? 'border-red-200 bg-red-50' : 'border-slate-200 bg-white'}`}>
      <div className="flex flex-wrap items-center gap-x-2">
        <span className="text-slate-500">{card.service}</span>
        <Link href={`/bundles/${encodeURIComponent(card.bundleId)}/trace?trace=${card.traceId}&span=${card.spanId}`} className="font-mono font-medium text-brand-700 hover:underline">{card.operation}</Link>
        <span className="tabular-nums text-slate-600">{formatDuration(card.durationUs)}</span>
        {card.errorCode ? <span className="font-mono font-semibold text-red-700">{card.errorCode}</span> : card.error ? <span className="font-semibold text-red-700">error</span> : null}
      </div>
      <div className="font-mono text-[10px] text-slate-400">bundle {card.bundleId} · span {card.spanId}</div>
    </div>
  );
}
