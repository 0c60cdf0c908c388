CREATE TABLE `concern_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`group_name` text DEFAULT '' NOT NULL,
	`keywords` text DEFAULT '' NOT NULL,
	`reminder_days` integer DEFAULT 14 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `concern_categories_slug_unique` ON `concern_categories` (`slug`);--> statement-breakpoint
CREATE TABLE `concern_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`concern_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`actor_user_id` integer,
	`office_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`is_public` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`concern_id`) REFERENCES `concerns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`office_id`) REFERENCES `concern_offices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `concern_events_concern_idx` ON `concern_events` (`concern_id`,`at`);--> statement-breakpoint
CREATE INDEX `concern_events_public_idx` ON `concern_events` (`is_public`,`at`);--> statement-breakpoint
CREATE TABLE `concern_offices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `concern_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`concern_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`concern_id`) REFERENCES `concerns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `concern_photos_file_name_unique` ON `concern_photos` (`file_name`);--> statement-breakpoint
CREATE INDEX `concern_photos_concern_idx` ON `concern_photos` (`concern_id`);--> statement-breakpoint
CREATE TABLE `concern_routing` (
	`category_id` integer NOT NULL,
	`quartier_id` integer NOT NULL,
	`office_id` integer NOT NULL,
	PRIMARY KEY(`category_id`, `quartier_id`),
	FOREIGN KEY (`category_id`) REFERENCES `concern_categories`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`office_id`) REFERENCES `concern_offices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `concern_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`concern_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`office_id` integer,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`concern_id`) REFERENCES `concerns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`office_id`) REFERENCES `concern_offices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `concern_tokens_token_hash_unique` ON `concern_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `concern_tokens_concern_idx` ON `concern_tokens` (`concern_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `concerns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quartier_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`description` text NOT NULL,
	`location_text` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`is_public` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'neu' NOT NULL,
	`source` text DEFAULT 'web' NOT NULL,
	`reporter_name` text,
	`reporter_email` text,
	`reporter_phone` text,
	`reporter_locale` text DEFAULT 'de' NOT NULL,
	`email_confirmed_at` integer,
	`call_back` integer DEFAULT false NOT NULL,
	`created_by_user_id` integer,
	`api_client_id` integer,
	`reviewed_at` integer,
	`office_id` integer,
	`forwarded_at` integer,
	`reminder_sent_at` integer,
	`overdue_at` integer,
	`expected_on` text,
	`answer_text` text,
	`duplicate_of_id` integer,
	`reopened_at` integer,
	`resolved_at` integer,
	`feedback_asked_at` integer,
	`closed_at` integer,
	`contact_removed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`category_id`) REFERENCES `concern_categories`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`api_client_id`) REFERENCES `open311_clients`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`office_id`) REFERENCES `concern_offices`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`duplicate_of_id`) REFERENCES `concerns`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "concerns_latitude_range" CHECK("concerns"."latitude" IS NULL OR ("concerns"."latitude" BETWEEN -90 AND 90)),
	CONSTRAINT "concerns_longitude_range" CHECK("concerns"."longitude" IS NULL OR ("concerns"."longitude" BETWEEN -180 AND 180)),
	CONSTRAINT "concerns_locale" CHECK("concerns"."reporter_locale" IN ('de', 'en'))
);
--> statement-breakpoint
CREATE INDEX `concerns_public_idx` ON `concerns` (`is_public`,`created_at`);--> statement-breakpoint
CREATE INDEX `concerns_quartier_status_idx` ON `concerns` (`quartier_id`,`status`);--> statement-breakpoint
CREATE INDEX `concerns_status_idx` ON `concerns` (`status`,`forwarded_at`);--> statement-breakpoint
CREATE INDEX `concerns_duplicate_idx` ON `concerns` (`duplicate_of_id`);--> statement-breakpoint
CREATE TABLE `helper_findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`category` text NOT NULL,
	`location_text` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`outcome` text NOT NULL,
	`concern_id` integer,
	`photo_file_name` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `helper_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`concern_id`) REFERENCES `concerns`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `helper_findings_round_idx` ON `helper_findings` (`round_id`);--> statement-breakpoint
CREATE TABLE `helper_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`route_id` integer NOT NULL,
	`user_id` integer,
	`walked_on` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`route_id`) REFERENCES `helper_routes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `helper_rounds_route_idx` ON `helper_rounds` (`route_id`,`walked_on`);--> statement-breakpoint
CREATE INDEX `helper_rounds_user_idx` ON `helper_rounds` (`user_id`,`walked_on`);--> statement-breakpoint
CREATE TABLE `helper_routes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quartier_id` integer NOT NULL,
	`name` text NOT NULL,
	`stops` text NOT NULL,
	`weekdays` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `helper_routes_quartier_idx` ON `helper_routes` (`quartier_id`);--> statement-breakpoint
CREATE TABLE `helper_scopes` (
	`user_id` integer NOT NULL,
	`quartier_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `quartier_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `open311_clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `open311_clients_key_hash_unique` ON `open311_clients` (`key_hash`);