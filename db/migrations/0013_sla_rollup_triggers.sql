-- The SLA report's stored day rollups are a cache: start it afresh, one row per local day.
DROP TABLE `sla_day_rollups`;
--> statement-breakpoint
CREATE TABLE `sla_day_rollups` (
	`day` integer PRIMARY KEY NOT NULL,
	`lo` integer NOT NULL,
	`hi` integer NOT NULL,
	`policy` text NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sla_day_rollups_lo_idx` ON `sla_day_rollups` (`lo`);
--> statement-breakpoint
CREATE TABLE `sla_rollup_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `sla_rollup_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
-- A stored day goes stale when a stopped ticket created that day is inserted, changes its times or
-- severity, or is deleted, and when a pause of such a ticket changes. The trigger bumps the version
-- first, then deletes the day ([lo, hi) holds the instant; a local day is at most 25 hours long, so
-- the lo index narrows the search to a row or two).
CREATE TRIGGER `tickets_sla_rollup_insert` AFTER INSERT ON `tickets`
WHEN NEW.acknowledged_at IS NOT NULL AND NEW.mitigated_at IS NOT NULL
BEGIN
  UPDATE `sla_rollup_version` SET `version` = `version` + 1 WHERE `id` = 1;
  DELETE FROM `sla_day_rollups` WHERE `lo` > NEW.created_at - 93600000 AND `lo` <= NEW.created_at AND `hi` > NEW.created_at;
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_sla_rollup_update` AFTER UPDATE OF `created_at`, `severity`, `acknowledged_at`, `mitigated_at` ON `tickets`
WHEN NEW.created_at IS NOT OLD.created_at OR NEW.severity IS NOT OLD.severity OR NEW.acknowledged_at IS NOT OLD.acknowledged_at OR NEW.mitigated_at IS NOT OLD.mitigated_at
BEGIN
  UPDATE `sla_rollup_version` SET `version` = `version` + 1 WHERE `id` = 1;
  DELETE FROM `sla_day_rollups` WHERE `lo` > OLD.created_at - 93600000 AND `lo` <= OLD.created_at AND `hi` > OLD.created_at;
  DELETE FROM `sla_day_rollups` WHERE `lo` > NEW.created_at - 93600000 AND `lo` <= NEW.created_at AND `hi` > NEW.created_at;
END;
--> statement-breakpoint
CREATE TRIGGER `tickets_sla_rollup_delete` AFTER DELETE ON `tickets`
BEGIN
  UPDATE `sla_rollup_version` SET `version` = `version` + 1 WHERE `id` = 1;
  DELETE FROM `sla_day_rollups` WHERE `lo` > OLD.created_at - 93600000 AND `lo` <= OLD.created_at AND `hi` > OLD.created_at;
END;
--> statement-breakpoint
CREATE TRIGGER `sla_pauses_rollup_insert` AFTER INSERT ON `sla_pauses`
BEGIN
  UPDATE `sla_rollup_version` SET `version` = `version` + 1 WHERE `id` = 1;
  DELETE FROM `sla_day_rollups` WHERE `day` IN (SELECT r.`day` FROM `tickets` t JOIN `sla_day_rollups` r ON r.`lo` > t.created_at - 93600000 AND r.`lo` <= t.created_at AND r.`hi` > t.created_at WHERE t.id = NEW.ticket_id);
END;
--> statement-breakpoint
CREATE TRIGGER `sla_pauses_rollup_update` AFTER UPDATE ON `sla_pauses`
BEGIN
  UPDATE `sla_rollup_version` SET `version` = `version` + 1 WHERE `id` = 1;
  DELETE FROM `sla_day_rollups` WHERE `day` IN (SELECT r.`day` FROM `tickets` t JOIN `sla_day_rollups` r ON r.`lo` > t.created_at - 93600000 AND r.`lo` <= t.created_at AND r.`hi` > t.created_at WHERE t.id IN (OLD.ticket_id, NEW.ticket_id));
END;
--> statement-breakpoint
CREATE TRIGGER `sla_pauses_rollup_delete` AFTER DELETE ON `sla_pauses`
BEGIN
  UPDATE `sla_rollup_version` SET `version` = `version` + 1 WHERE `id` = 1;
  DELETE FROM `sla_day_rollups` WHERE `day` IN (SELECT r.`day` FROM `tickets` t JOIN `sla_day_rollups` r ON r.`lo` > t.created_at - 93600000 AND r.`lo` <= t.created_at AND r.`hi` > t.created_at WHERE t.id = OLD.ticket_id);
END;

--> statement-breakpoint
-- The report's tickets with a clock still running.
CREATE INDEX `tickets_sla_running_idx` ON `tickets` (`created_at`) WHERE acknowledged_at is null or mitigated_at is null;
