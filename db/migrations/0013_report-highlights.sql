CREATE TABLE `report_highlights` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quartier_id` integer NOT NULL,
	`figure_key` text NOT NULL,
	`period_from` text NOT NULL,
	`period_to` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_highlights_figure_uq` ON `report_highlights` (`quartier_id`,`figure_key`,`period_from`,`period_to`);