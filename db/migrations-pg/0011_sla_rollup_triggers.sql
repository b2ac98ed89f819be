-- The SLA report's stored day rollups are a cache: start it afresh, one row per local day.
DROP TABLE "sla_day_rollups";
--> statement-breakpoint
CREATE TABLE "sla_day_rollups" (
	"day" integer PRIMARY KEY NOT NULL,
	"lo" bigint NOT NULL,
	"hi" bigint NOT NULL,
	"policy" text NOT NULL,
	"summary" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sla_day_rollups_lo_idx" ON "sla_day_rollups" USING btree ("lo");
--> statement-breakpoint
CREATE TABLE "sla_rollup_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
INSERT INTO "sla_rollup_version" ("id", "version") VALUES (1, 0);
--> statement-breakpoint
-- A stored day goes stale when a stopped ticket created that day is inserted, changes its times or
-- severity, or is deleted, and when a pause of such a ticket changes. The version is bumped first:
-- a report storing its rollups holds that row's lock (lib/reports/sla.ts), so this waits for it,
-- and the delete that follows then sees (and removes) what the report stored.
CREATE FUNCTION sla_rollup_invalidate(at_instants bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sla_rollup_version SET version = version + 1 WHERE id = 1;
  DELETE FROM sla_day_rollups r USING unnest(at_instants) AS a(at)
    WHERE r.lo > a.at - 93600000 AND r.lo <= a.at AND r.hi > a.at;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION tickets_sla_rollup_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM sla_rollup_invalidate(ARRAY[NEW.created_at]);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM sla_rollup_invalidate(ARRAY[OLD.created_at, NEW.created_at]);
  ELSE
    PERFORM sla_rollup_invalidate(ARRAY[OLD.created_at]);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_sla_rollup_insert AFTER INSERT ON tickets FOR EACH ROW
  WHEN (NEW.acknowledged_at IS NOT NULL AND NEW.mitigated_at IS NOT NULL)
  EXECUTE FUNCTION tickets_sla_rollup_trigger();
--> statement-breakpoint
CREATE TRIGGER tickets_sla_rollup_update AFTER UPDATE OF created_at, severity, acknowledged_at, mitigated_at ON tickets FOR EACH ROW
  WHEN (NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.severity IS DISTINCT FROM OLD.severity
    OR NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at OR NEW.mitigated_at IS DISTINCT FROM OLD.mitigated_at)
  EXECUTE FUNCTION tickets_sla_rollup_trigger();
--> statement-breakpoint
CREATE TRIGGER tickets_sla_rollup_delete AFTER DELETE ON tickets FOR EACH ROW
  EXECUTE FUNCTION tickets_sla_rollup_trigger();
--> statement-breakpoint
CREATE FUNCTION sla_pauses_rollup_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM sla_rollup_invalidate(ARRAY(SELECT created_at FROM tickets WHERE id = NEW.ticket_id));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM sla_rollup_invalidate(ARRAY(SELECT created_at FROM tickets WHERE id IN (OLD.ticket_id, NEW.ticket_id)));
  ELSE
    PERFORM sla_rollup_invalidate(ARRAY(SELECT created_at FROM tickets WHERE id = OLD.ticket_id));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sla_pauses_rollup_change AFTER INSERT OR UPDATE OR DELETE ON sla_pauses FOR EACH ROW
  EXECUTE FUNCTION sla_pauses_rollup_trigger();

--> statement-breakpoint
-- The report's tickets with a clock still running.
CREATE INDEX "tickets_sla_running_idx" ON "tickets" USING btree ("created_at") WHERE acknowledged_at is null or mitigated_at is null;
