CREATE TABLE `sla_day_rollups` (
	`day` integer NOT NULL,
	`severity` integer NOT NULL,
	`policy` text NOT NULL,
	`fingerprint` text NOT NULL,
	`summary` text NOT NULL,
	PRIMARY KEY(`day`, `severity`)
);
