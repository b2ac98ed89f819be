CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`actor_email` text,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`detail` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_action_idx` ON `audit_log` (`action`);--> statement-breakpoint
CREATE TABLE `bundle_derived` (
	`bundle_id` text NOT NULL,
	`key` text NOT NULL,
	`value` blob NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`bundle_id`, `key`),
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bundle_findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bundle_id` text NOT NULL,
	`entry` text NOT NULL,
	`pointer` text NOT NULL,
	`line` integer,
	`category` text NOT NULL,
	`preview` text NOT NULL,
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_bundle_idx` ON `bundle_findings` (`bundle_id`);--> statement-breakpoint
CREATE TABLE `bundle_tombstones` (
	`bundle_id` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`ticket_id` integer,
	`size` integer NOT NULL,
	`reason` text NOT NULL,
	`purged_at` integer NOT NULL,
	`purged_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bundles` (
	`id` text PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`size` integer NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`ingested_at` integer NOT NULL,
	`ticket_id` integer,
	`state` text NOT NULL,
	`consent_granted` integer NOT NULL,
	`consented_at` integer,
	`consent_confirmed_at` integer,
	`consent_confirmed_by_id` text,
	`retention_days` integer,
	`metadata` text NOT NULL,
	`report` text,
	`storage_path` text,
	`key_id` text,
	`valid` integer DEFAULT true NOT NULL,
	`problems` text DEFAULT '[]' NOT NULL,
	`parse_state` text DEFAULT 'pending' NOT NULL,
	`parse_progress` real DEFAULT 0 NOT NULL,
	`parse_error` text,
	`parsed_at` integer,
	`span_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_confirmed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bundles_ticket_idx` ON `bundles` (`ticket_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `bundles_sha_idx` ON `bundles` (`sha256`);--> statement-breakpoint
CREATE TABLE `engineering_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`title` text NOT NULL,
	`link` text NOT NULL,
	`bundle_ids` text NOT NULL,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `escalation_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`by_id` text,
	`note` text,
	`webhook_status` text,
	`webhook_attempts` integer DEFAULT 0 NOT NULL,
	`webhook_result` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `escalation_ticket_idx` ON `escalation_actions` (`ticket_id`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `ingest_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` integer,
	`source` text NOT NULL,
	`file_name` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text,
	`state` text NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`stage` text,
	`problem_code` text,
	`problem` text,
	`bundle_id` text,
	`by_id` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ingest_jobs_ticket_idx` ON `ingest_jobs` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `series` (
	`bundle_id` text NOT NULL,
	`idx` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text,
	`labels` text NOT NULL,
	`points` text NOT NULL,
	PRIMARY KEY(`bundle_id`, `idx`),
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`revoked_at` integer,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_id` text
);
--> statement-breakpoint
CREATE TABLE `sign_in_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`window_start` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `sla_pauses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`from_at` integer NOT NULL,
	`to_at` integer,
	`reason` text NOT NULL,
	`by_id` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sla_pauses_ticket_idx` ON `sla_pauses` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `spans` (
	`bundle_id` text NOT NULL,
	`seq` integer NOT NULL,
	`trace_id` text NOT NULL,
	`span_id` text NOT NULL,
	`parent_span_id` text,
	`parent_seq` integer,
	`pos` integer,
	`depth` integer DEFAULT 0 NOT NULL,
	`subtree_size` integer DEFAULT 1 NOT NULL,
	`service` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`start_us` integer NOT NULL,
	`duration_us` integer NOT NULL,
	`error` integer NOT NULL,
	`error_code` text,
	`status_message` text,
	`attributes` text NOT NULL,
	`events` text NOT NULL,
	`links` text NOT NULL,
	PRIMARY KEY(`bundle_id`, `seq`),
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `spans_pos_idx` ON `spans` (`bundle_id`,`pos`);--> statement-breakpoint
CREATE TABLE `ticket_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text,
	`kind` text NOT NULL,
	`data` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_events_ticket_idx` ON `ticket_events` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_name` text NOT NULL,
	`customer_contact` text NOT NULL,
	`severity` integer NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`summary` text NOT NULL,
	`components` text NOT NULL,
	`reported_at` text NOT NULL,
	`assignee_id` text,
	`incident_commander_id` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`triage_confirmed_at` integer,
	`triage_confirmed_by_id` text,
	`diagnostics_gathered_at` integer,
	`diagnostics_gathered_by_id` text,
	`consent_verified_at` integer,
	`consent_verified_by_id` text,
	`acknowledged_at` integer,
	`acknowledged_by_id` text,
	`mitigated_at` integer,
	`resolved_at` integer,
	`closed_at` integer,
	`mitigation_steps` text,
	`customer_notified_at` integer,
	`customer_notified_via` text,
	`customer_notified_message` text,
	`customer_confirmed_at` integer,
	`customer_confirmation` text,
	`release_version` text,
	`learnings` text,
	`sprint_scheduled` text,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_commander_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`triage_confirmed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`diagnostics_gathered_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`consent_verified_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tickets_status_idx` ON `tickets` (`status`);--> statement-breakpoint
CREATE INDEX `tickets_assignee_idx` ON `tickets` (`assignee_id`);--> statement-breakpoint
CREATE INDEX `tickets_created_idx` ON `tickets` (`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_release_idx` ON `tickets` (`release_version`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);