-- The rollup triggers of 0011 ran once per row, and each bumped the one version row: within one
-- transaction every bump adds a row version that the next one walks past, so a bulk load of n
-- stopped tickets (COPY, INSERT … SELECT, the transfer from SQLite) took time in n² (20k rows: 9 s).
-- These run once per statement over its transition tables, and bump the version only when some
-- row of the statement matters.
DROP TRIGGER tickets_sla_rollup_insert ON tickets;
--> statement-breakpoint
DROP TRIGGER tickets_sla_rollup_update ON tickets;
--> statement-breakpoint
DROP TRIGGER tickets_sla_rollup_delete ON tickets;
--> statement-breakpoint
DROP TRIGGER sla_pauses_rollup_change ON sla_pauses;
--> statement-breakpoint
DROP FUNCTION tickets_sla_rollup_trigger();
--> statement-breakpoint
DROP FUNCTION sla_pauses_rollup_trigger();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION sla_rollup_invalidate(at_instants bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(at_instants) = 0 THEN
    RETURN;
  END IF;
  UPDATE sla_rollup_version SET version = version + 1 WHERE id = 1;
  DELETE FROM sla_day_rollups r USING (SELECT DISTINCT at FROM unnest(at_instants) AS a(at)) a
    WHERE r.lo > a.at - 93600000 AND r.lo <= a.at AND r.hi > a.at;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION tickets_sla_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sla_rollup_invalidate(ARRAY(SELECT created_at FROM new_rows WHERE acknowledged_at IS NOT NULL AND mitigated_at IS NOT NULL));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION tickets_sla_rollup_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sla_rollup_invalidate(ARRAY(
    SELECT unnest(ARRAY[o.created_at, n.created_at])
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE (o.created_at, o.severity, o.acknowledged_at, o.mitigated_at) IS DISTINCT FROM (n.created_at, n.severity, n.acknowledged_at, n.mitigated_at)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION tickets_sla_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sla_rollup_invalidate(ARRAY(SELECT created_at FROM old_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_sla_rollup_insert AFTER INSERT ON tickets REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tickets_sla_rollup_inserted();
--> statement-breakpoint
CREATE TRIGGER tickets_sla_rollup_update AFTER UPDATE ON tickets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tickets_sla_rollup_updated();
--> statement-breakpoint
CREATE TRIGGER tickets_sla_rollup_delete AFTER DELETE ON tickets REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tickets_sla_rollup_deleted();
--> statement-breakpoint
CREATE FUNCTION sla_pauses_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sla_rollup_invalidate(ARRAY(SELECT t.created_at FROM tickets t WHERE t.id IN (SELECT ticket_id FROM new_rows)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION sla_pauses_rollup_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sla_rollup_invalidate(ARRAY(SELECT t.created_at FROM tickets t
    WHERE t.id IN (SELECT ticket_id FROM old_rows UNION SELECT ticket_id FROM new_rows)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION sla_pauses_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sla_rollup_invalidate(ARRAY(SELECT t.created_at FROM tickets t WHERE t.id IN (SELECT ticket_id FROM old_rows)));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sla_pauses_rollup_insert AFTER INSERT ON sla_pauses REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sla_pauses_rollup_inserted();
--> statement-breakpoint
CREATE TRIGGER sla_pauses_rollup_update AFTER UPDATE ON sla_pauses REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sla_pauses_rollup_updated();
--> statement-breakpoint
CREATE TRIGGER sla_pauses_rollup_delete AFTER DELETE ON sla_pauses REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sla_pauses_rollup_deleted();
