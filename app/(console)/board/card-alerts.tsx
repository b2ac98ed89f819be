// A board card's "ahead of the clock" rows: the breach warnings that fired (the lead's view of
// what the assignee's inbox got) and the paging lifecycle (acknowledged by on-call, acknowledge /
// resolve sent to the paging service).
import type { BoardCardJson } from '@/lib/escalation/board';
import { CLOCK_LABELS } from '@/lib/sla/ticket';

const EVENT_LABEL: Record<string, string> = { acknowledge: 'acknowledge', resolve: 'resolve' };

export function CardAlerts({ card }: { card: BoardCardJson }) {
  const latest = card.warnings.at(-1);
  const paging = card.paging;
  if (!latest && !paging) return null;
  return (
    <div className="mt-2 space-y-1 text-xs">
      {latest && (
        <p className="flex items-center gap-1.5 text-amber-800" data-testid="board-warning" data-threshold={latest.threshold} data-clock={latest.clock}>
          <span className="rounded bg-amber-100 px-1.5 py-0.5 font-semibold uppercase tracking-wide text-amber-800">warning</span>
          <span>
            {latest.threshold}% of the {CLOCK_LABELS[latest.clock].toLowerCase()} used
            {latest.paged && ' · paged'}
            {card.warnings.length > 1 && <span className="text-amber-700"> ({card.warnings.length} warnings)</span>}
          </span>
        </p>
      )}
      {paging && (
        <p className="text-slate-600" data-testid="board-paging">
          {paging.acknowledgedAt ? (
            <span className="font-medium text-emerald-700" data-testid="board-paging-ack">
              Page acknowledged{paging.acknowledgedBy ? ` by ${paging.acknowledgedBy}` : ''} at {new Date(paging.acknowledgedAt).toISOString().slice(11, 16)} UTC
            </span>
          ) : (
            <span>Paged · not acknowledged by on-call yet</span>
          )}
          {paging.events.map((e) => (
            <span key={e.action} className="ml-2" title={e.result ?? undefined}>
              · {EVENT_LABEL[e.action] ?? e.action}: {e.status}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
