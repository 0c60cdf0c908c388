CREATE TABLE `goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quartier_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `goals_quartier_idx` ON `goals` (`quartier_id`);--> statement-breakpoint
CREATE TABLE `measure_links` (
	`measure_id` integer NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer NOT NULL,
	PRIMARY KEY(`measure_id`, `kind`, `item_id`),
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `measure_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`measure_id` integer NOT NULL,
	`noted_on` text NOT NULL,
	`text` text NOT NULL,
	`author_role` text NOT NULL,
	`public_since` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`measure_id`) REFERENCES `measures`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `measure_notes_measure_idx` ON `measure_notes` (`measure_id`,`noted_on`);--> statement-breakpoint
CREATE TABLE `measures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`goal_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`actor_id` integer,
	`responsible_text` text DEFAULT '' NOT NULL,
	`starts_on` text,
	`ends_on` text,
	`status` text DEFAULT 'geplant' NOT NULL,
	`outcome` text DEFAULT '' NOT NULL,
	`public_since` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "measures_end_after_start" CHECK("measures"."starts_on" IS NULL OR "measures"."ends_on" IS NULL OR "measures"."ends_on" >= "measures"."starts_on")
);
--> statement-breakpoint
CREATE INDEX `measures_goal_idx` ON `measures` (`goal_id`);