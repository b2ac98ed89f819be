CREATE TABLE `share_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`bundle_id` text NOT NULL,
	`requester_id` text NOT NULL,
	`method` text NOT NULL,
	`recipient` text,
	`purpose` text,
	`state` text NOT NULL,
	`stage` text,
	`progress` real DEFAULT 0 NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`bytes_total` integer DEFAULT 0 NOT NULL,
	`object_name` text,
	`file_name` text NOT NULL,
	`size` integer,
	`redactions` text,
	`problem` text,
	`instance_id` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`expires_at` integer,
	FOREIGN KEY (`requester_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `share_jobs_bundle_idx` ON `share_jobs` (`bundle_id`);--> statement-breakpoint
CREATE INDEX `share_jobs_state_idx` ON `share_jobs` (`state`);