-- Full-text search over ticket notes and mitigation steps (the ticket list's search box).
-- One FTS5 row per note (rowid = the note event's id) and one per ticket with mitigation steps
-- (rowid = minus the ticket id), kept in sync by the triggers below; existing rows are backfilled.
CREATE VIRTUAL TABLE ticket_text USING fts5(body, ticket_id UNINDEXED, source UNINDEXED, tokenize = 'porter unicode61');
--> statement-breakpoint
CREATE TRIGGER ticket_text_note_insert AFTER INSERT ON ticket_events
WHEN new.kind = 'note' AND json_extract(new.data, '$.text') IS NOT NULL
BEGIN
  INSERT INTO ticket_text(rowid, body, ticket_id, source) VALUES (new.id, json_extract(new.data, '$.text'), new.ticket_id, 'note');
END;
--> statement-breakpoint
CREATE TRIGGER ticket_text_note_update AFTER UPDATE OF data, kind ON ticket_events
BEGIN
  DELETE FROM ticket_text WHERE rowid = old.id;
  INSERT INTO ticket_text(rowid, body, ticket_id, source)
    SELECT new.id, json_extract(new.data, '$.text'), new.ticket_id, 'note'
    WHERE new.kind = 'note' AND json_extract(new.data, '$.text') IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER ticket_text_note_delete AFTER DELETE ON ticket_events
BEGIN
  DELETE FROM ticket_text WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER ticket_text_mitigation_insert AFTER INSERT ON tickets
WHEN trim(coalesce(new.mitigation_steps, '')) <> ''
BEGIN
  INSERT INTO ticket_text(rowid, body, ticket_id, source) VALUES (-new.id, new.mitigation_steps, new.id, 'mitigation');
END;
--> statement-breakpoint
CREATE TRIGGER ticket_text_mitigation_update AFTER UPDATE OF mitigation_steps ON tickets
BEGIN
  DELETE FROM ticket_text WHERE rowid = -old.id;
  INSERT INTO ticket_text(rowid, body, ticket_id, source)
    SELECT -new.id, new.mitigation_steps, new.id, 'mitigation'
    WHERE trim(coalesce(new.mitigation_steps, '')) <> '';
END;
--> statement-breakpoint
CREATE TRIGGER ticket_text_mitigation_delete AFTER DELETE ON tickets
BEGIN
  DELETE FROM ticket_text WHERE rowid = -old.id;
END;
--> statement-breakpoint
INSERT INTO ticket_text(rowid, body, ticket_id, source)
  SELECT id, json_extract(data, '$.text'), ticket_id, 'note' FROM ticket_events
  WHERE kind = 'note' AND json_extract(data, '$.text') IS NOT NULL;
--> statement-breakpoint
INSERT INTO ticket_text(rowid, body, ticket_id, source)
  SELECT -id, mitigation_steps, id, 'mitigation' FROM tickets
  WHERE trim(coalesce(mitigation_steps, '')) <> '';
