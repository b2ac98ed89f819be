CREATE TABLE `bundle_logs` (
	`bundle_id` text NOT NULL,
	`seq` integer NOT NULL,
	`line_no` integer NOT NULL,
	`ts_us` integer,
	`level` text NOT NULL,
	`msg` text NOT NULL,
	`attrs` text NOT NULL,
	`trace_id` text,
	`span_id` text,
	PRIMARY KEY(`bundle_id`, `seq`),
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bundle_logs_span_idx` ON `bundle_logs` (`bundle_id`,`span_id`);--> statement-breakpoint
CREATE INDEX `bundle_logs_ts_idx` ON `bundle_logs` (`bundle_id`,`ts_us`);