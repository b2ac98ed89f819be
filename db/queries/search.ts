// Full-text search over what engineers write on a ticket: its notes and its mitigation steps.
// SQLite matches the FTS5 table `ticket_text` (migration 0008, kept in sync by triggers);
// PostgreSQL matches tsvector expressions over the same columns (GIN indexes, migration 0006).
// A user's words are always quoted, so FTS syntax typed into the search box never errors.
import { sql } from 'drizzle-orm';
import { dialectOf, type Db } from '../client';
import { selectRows } from '../raw';
import { ticketEvents, tickets } from '../schema';

/** Marks around the matched words in a snippet (control characters: never in typed text). */
export const SNIPPET_OPEN = '\u0002';
export const SNIPPET_CLOSE = '\u0003';

/** ts_headline's options: the same marks, a dozen words or so around the match. */
const HEADLINE_OPTIONS = `StartSel=${SNIPPET_OPEN}, StopSel=${SNIPPET_CLOSE}, MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=" … "`;

export interface TicketTextMatch {
  ticketId: number;
  source: 'note' | 'mitigation';
  /** The note's timeline event, for a note. */
  eventId: number | null;
  /** A few words around the match, matched words between SNIPPET_OPEN and SNIPPET_CLOSE. */
  snippet: string;
}

/**
 * The user's words as an FTS5 query: each word a quoted string (inner quotes doubled), all of
 * them required. Operators (AND, OR, NOT, NEAR, *, ^, column:) typed by a user are just words.
 * Null when nothing searchable is left.
 */
export function ftsQuery(text: string): string | null {
  const words = text
    .replace(/[\u0000-\u001f]/g, ' ')
    .split(/\s+/)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 32);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

/**
 * The tickets whose notes or mitigation steps contain every word of `text`, best match first,
 * one match per ticket (the best one). `limit` caps the tickets returned.
 */
export async function searchTicketText(db: Db, text: string, limit = 500): Promise<TicketTextMatch[]> {
  const query = ftsQuery(text);
  if (!query) return [];
  const rows =
    dialectOf(db) === 'postgres'
      ? await selectRows<{ ticketId: number; source: 'note' | 'mitigation'; eventId: number | null; snippet: string; rank: number }>(db, sql`
          with q as (select websearch_to_tsquery('english', ${text}) as q)
          select * from (
            select e.ticket_id as "ticketId", 'note' as source, e.id as "eventId",
              ts_headline('english', e.data ->> 'text', q.q, ${HEADLINE_OPTIONS}) as snippet,
              ts_rank(to_tsvector('english', coalesce(e.data ->> 'text', '')), q.q) as rank
            from ${ticketEvents} e, q
            where e.kind = 'note' and to_tsvector('english', coalesce(e.data ->> 'text', '')) @@ q.q
            union all
            select t.id, 'mitigation', null,
              ts_headline('english', t.mitigation_steps, q.q, ${HEADLINE_OPTIONS}),
              ts_rank(to_tsvector('english', coalesce(t.mitigation_steps, '')), q.q)
            from ${tickets} t, q
            where to_tsvector('english', coalesce(t.mitigation_steps, '')) @@ q.q
          ) m
          order by rank desc, "ticketId" desc
          limit ${limit * 4}`)
      : await selectRows<{ ticketId: number; source: 'note' | 'mitigation'; eventId: number | null; snippet: string }>(db, sql`
          select ticket_id as ticketId, source, case when rowid > 0 then rowid end as eventId,
            snippet(ticket_text, 0, ${SNIPPET_OPEN}, ${SNIPPET_CLOSE}, '…', 12) as snippet
          from ticket_text
          where ticket_text match ${query}
          order by rank
          limit ${limit * 4}`);
  const best = new Map<number, TicketTextMatch>();
  for (const r of rows) {
    const ticketId = Number(r.ticketId);
    if (best.has(ticketId)) continue;
    best.set(ticketId, { ticketId, source: r.source, eventId: r.eventId === null ? null : Number(r.eventId), snippet: r.snippet });
    if (best.size === limit) break;
  }
  return [...best.values()];
}
