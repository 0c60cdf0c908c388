ALTER TABLE `measures` ADD `photo_file` text;--> statement-breakpoint
ALTER TABLE `measures` ADD `photo_width` integer;--> statement-breakpoint
ALTER TABLE `measures` ADD `photo_height` integer;--> statement-breakpoint
ALTER TABLE `measures` ADD `photo_alt` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `measures_photo_file_unique` ON `measures` (`photo_file`);