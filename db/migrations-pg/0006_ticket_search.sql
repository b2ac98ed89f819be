-- Full-text search over ticket notes and mitigation steps (the ticket list's search box): GIN
-- indexes over the same tsvector expressions db/queries/search.ts matches, so nothing needs
-- keeping in sync and existing rows are indexed as the index is built.
CREATE INDEX ticket_events_note_fts_idx ON ticket_events USING gin (to_tsvector('english', coalesce(data ->> 'text', ''))) WHERE kind = 'note';
--> statement-breakpoint
CREATE INDEX tickets_mitigation_fts_idx ON tickets USING gin (to_tsvector('english', coalesce(mitigation_steps, '')));
