// Under a ticket found by its notes or mitigation steps: which text matched, a few words around
// it with the matched words marked (the marks come from db/queries/search.ts, never as HTML).
import Link from 'next/link';
import { SNIPPET_CLOSE, SNIPPET_OPEN, type TicketTextMatch } from '@/db/queries/search';

export function MatchSnippet({ ticketId, match }: { ticketId: number; match: TicketTextMatch }) {
  const parts = match.snippet.split(new RegExp(`(${SNIPPET_OPEN}[^${SNIPPET_CLOSE}]*${SNIPPET_CLOSE})`));
  return (
    <p className="mt-0.5 line-clamp-2 text-xs text-slate-500" data-testid="search-match">
      <Link href={match.eventId ? `/tickets/${ticketId}#event-${match.eventId}` : `/tickets/${ticketId}#resolution-mitigation`} className="font-medium text-slate-600 hover:text-brand-600">
        {match.source === 'note' ? 'Note' : 'Mitigation'}:
      </Link>{' '}
      {parts.map((p, i) =>
        p.startsWith(SNIPPET_OPEN) ? (
          <mark key={i} className="rounded bg-amber-100 px-0.5 text-slate-800">
            {p.slice(1, -1)}
          </mark>
        ) : (
          <span key={i}>{p}</span>
        ),
      )}
    </p>
  );
}
