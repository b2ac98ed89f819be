ALTER TABLE `tickets` ADD `release_tagged_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `learnings_captured_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_resolved_idx` ON `tickets` (`resolved_at`);--> statement-breakpoint
CREATE INDEX `tickets_release_tagged_idx` ON `tickets` (`release_tagged_at`);--> statement-breakpoint
CREATE INDEX `tickets_learnings_idx` ON `tickets` (`learnings_captured_at`);--> statement-breakpoint
CREATE INDEX `tickets_severity_mitigated_idx` ON `tickets` (`severity`,`mitigated_at`);--> statement-breakpoint
CREATE INDEX `bundles_ingested_idx` ON `bundles` (`ingested_at`);--> statement-breakpoint
CREATE INDEX `engineering_tasks_ticket_idx` ON `engineering_tasks` (`ticket_id`);