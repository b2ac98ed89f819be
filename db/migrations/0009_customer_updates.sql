CREATE TABLE `confirmation_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`update_id` integer,
	`token_hash` text NOT NULL,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`update_id`) REFERENCES `customer_updates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `confirmation_links_token_hash_unique` ON `confirmation_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `confirmation_links_ticket_idx` ON `confirmation_links` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `customer_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`situation` text NOT NULL,
	`severity` integer NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`message_id` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`sent_by_id` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_updates_ticket_idx` ON `customer_updates` (`ticket_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `customer_updates_status_idx` ON `customer_updates` (`status`);--> statement-breakpoint
CREATE TABLE `incident_links` (
	`child_ticket_id` integer PRIMARY KEY NOT NULL,
	`parent_ticket_id` integer NOT NULL,
	`linked_by_id` text,
	`linked_at` integer NOT NULL,
	FOREIGN KEY (`child_ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`linked_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_links_parent_idx` ON `incident_links` (`parent_ticket_id`);--> statement-breakpoint
CREATE TABLE `incident_reviews` (
	`ticket_id` integer PRIMARY KEY NOT NULL,
	`body` text,
	`completed_at` integer,
	`completed_by_id` text,
	`waiver_reason` text,
	`waived_at` integer,
	`waived_by_id` text,
	`updated_at` integer NOT NULL,
	`updated_by_id` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`waived_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `review_action_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`title` text NOT NULL,
	`owner` text,
	`created_by_id` text,
	`created_at` integer NOT NULL,
	`done_at` integer,
	`done_by_id` text,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_action_items_ticket_idx` ON `review_action_items` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `review_action_items_done_idx` ON `review_action_items` (`done_at`);