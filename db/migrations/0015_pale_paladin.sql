PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_spans` (
	`bundle_key` integer NOT NULL,
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
	PRIMARY KEY(`bundle_key`, `seq`),
	FOREIGN KEY (`bundle_key`) REFERENCES `bundle_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_spans`("bundle_key", "seq", "trace_id", "span_id", "parent_span_id", "parent_seq", "pos", "depth", "subtree_size", "service", "name", "kind", "start_us", "duration_us", "error", "error_code", "status_message", "attributes", "events", "links") SELECT "bundle_key", "seq", "trace_id", "span_id", "parent_span_id", "parent_seq", "pos", "depth", "subtree_size", "service", "name", "kind", "start_us", "duration_us", "error", "error_code", "status_message", "attributes", "events", "links" FROM `spans`;--> statement-breakpoint
DROP TABLE `spans`;--> statement-breakpoint
ALTER TABLE `__new_spans` RENAME TO `spans`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `spans_pos_idx` ON `spans` (`bundle_key`,`pos`);