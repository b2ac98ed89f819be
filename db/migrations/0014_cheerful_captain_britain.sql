CREATE TABLE `bundle_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bundle_id` text NOT NULL,
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bundle_keys_bundle_id_unique` ON `bundle_keys` (`bundle_id`);--> statement-breakpoint
ALTER TABLE `spans` ADD `bundle_key` integer REFERENCES bundle_keys(id);--> statement-breakpoint
INSERT INTO `bundle_keys` (`bundle_id`) SELECT DISTINCT `bundle_id` FROM `spans`;--> statement-breakpoint
UPDATE `spans` SET `bundle_key` = (SELECT `id` FROM `bundle_keys` WHERE `bundle_keys`.`bundle_id` = `spans`.`bundle_id`);
