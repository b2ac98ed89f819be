CREATE TABLE `inbox_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`ticket_id` integer,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inbox_items_user_idx` ON `inbox_items` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `paging_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`action` text NOT NULL,
	`dedup_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`result` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `paging_events_once_idx` ON `paging_events` (`ticket_id`,`action`);--> statement-breakpoint
CREATE TABLE `paging_receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`ticket_id` integer,
	`action` text NOT NULL,
	`agent` text,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `paging_receipts_event_id_unique` ON `paging_receipts` (`event_id`);--> statement-breakpoint
CREATE TABLE `sla_warnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`clock` text NOT NULL,
	`threshold` integer NOT NULL,
	`fired_at` integer NOT NULL,
	`deadline` integer NOT NULL,
	`paged` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sla_warnings_once_idx` ON `sla_warnings` (`ticket_id`,`clock`,`threshold`);--> statement-breakpoint
ALTER TABLE `tickets` ADD `paging_dedup_key` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `paging_acknowledged_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `paging_acknowledged_by` text;