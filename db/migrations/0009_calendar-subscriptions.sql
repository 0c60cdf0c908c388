CREATE TABLE `calendar_subscription_categories` (
	`subscription_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `category_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `calendar_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `calendar_subscription_target_groups` (
	`subscription_id` integer NOT NULL,
	`target_group_id` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `target_group_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `calendar_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_group_id`) REFERENCES `target_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `calendar_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`url` text NOT NULL,
	`quartier_id` integer NOT NULL,
	`place_id` integer,
	`location_address` text,
	`publish_mode` text DEFAULT 'review' NOT NULL,
	`etag` text,
	`last_modified_header` text,
	`last_run_at` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `calendar_subscriptions_org_idx` ON `calendar_subscriptions` (`organisation_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_subscriptions_org_url_uq` ON `calendar_subscriptions` (`organisation_id`,`url`);--> statement-breakpoint
CREATE TABLE `calendar_sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`error_key` text,
	`error_params` text DEFAULT '{}' NOT NULL,
	`error_detail` text DEFAULT '' NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`changed` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`refused` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `calendar_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `calendar_sync_runs_subscription_idx` ON `calendar_sync_runs` (`subscription_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `imported_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`source_key` text NOT NULL,
	`event_id` integer NOT NULL,
	`source_sequence` integer DEFAULT 0 NOT NULL,
	`source_last_modified` integer,
	`source_hash` text DEFAULT '' NOT NULL,
	`locked_fields` text DEFAULT '' NOT NULL,
	`detached` integer DEFAULT false NOT NULL,
	`removed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `calendar_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imported_events_source_uq` ON `imported_events` (`subscription_id`,`source_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `imported_events_event_uq` ON `imported_events` (`event_id`);