CREATE TABLE `actor_confirmations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`stage` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actor_confirmations_token_hash_unique` ON `actor_confirmations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `actor_confirmations_actor_idx` ON `actor_confirmations` (`actor_id`);--> statement-breakpoint
CREATE TABLE `actor_quartiere` (
	`actor_id` integer NOT NULL,
	`quartier_id` integer NOT NULL,
	PRIMARY KEY(`actor_id`, `quartier_id`),
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `actor_quartiere_quartier_idx` ON `actor_quartiere` (`quartier_id`);--> statement-breakpoint
CREATE TABLE `actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`email` text,
	`phone` text,
	`website` text,
	`place_id` integer,
	`street` text,
	`postal_code` text,
	`city` text,
	`languages` text DEFAULT 'de' NOT NULL,
	`step_free` integer DEFAULT false NOT NULL,
	`accessibility_notes` text DEFAULT '' NOT NULL,
	`organisation_id` integer,
	`review_member_changes` integer DEFAULT false NOT NULL,
	`checked_at` integer NOT NULL,
	`reminder_stage` integer DEFAULT 0 NOT NULL,
	`reminder_sent_at` integer,
	`pending_changes` text,
	`pending_by` integer,
	`pending_at` integer,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`pending_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "actors_reminder_stage_range" CHECK("actors"."reminder_stage" BETWEEN 0 AND 2)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_slug_unique` ON `actors` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `actors_organisation_id_unique` ON `actors` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `actors_checked_idx` ON `actors` (`checked_at`);--> statement-breakpoint
CREATE TABLE `offer_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`offer_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`freq` text NOT NULL,
	`interval` integer DEFAULT 1 NOT NULL,
	`byday` text NOT NULL,
	`opens_at` text NOT NULL,
	`closes_at` text NOT NULL,
	`dtstart` text NOT NULL,
	`event_id` integer,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "offer_schedules_interval_range" CHECK("offer_schedules"."interval" BETWEEN 1 AND 12),
	CONSTRAINT "offer_schedules_time_order" CHECK("offer_schedules"."closes_at" > "offer_schedules"."opens_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offer_schedules_offer_position_uq` ON `offer_schedules` (`offer_id`,`position`);--> statement-breakpoint
CREATE TABLE `offer_target_groups` (
	`offer_id` integer NOT NULL,
	`target_group_id` integer NOT NULL,
	PRIMARY KEY(`offer_id`, `target_group_id`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_group_id`) REFERENCES `target_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `offer_target_groups_group_idx` ON `offer_target_groups` (`target_group_id`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`type` text NOT NULL,
	`quartier_id` integer NOT NULL,
	`languages` text DEFAULT 'de' NOT NULL,
	`is_free` integer DEFAULT true NOT NULL,
	`cost` text DEFAULT '' NOT NULL,
	`registration_required` integer DEFAULT false NOT NULL,
	`step_free` integer DEFAULT false NOT NULL,
	`accessibility_notes` text DEFAULT '' NOT NULL,
	`place_id` integer,
	`location_name` text,
	`street` text,
	`postal_code` text,
	`city` text,
	`by_appointment` integer DEFAULT false NOT NULL,
	`schedule_note` text DEFAULT '' NOT NULL,
	`valid_from` text,
	`valid_until` text,
	`contact_name` text,
	`contact_email` text,
	`contact_phone` text,
	`in_calendar` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'published' NOT NULL,
	`checked_at` integer NOT NULL,
	`pending_changes` text,
	`pending_by` integer,
	`pending_at` integer,
	`search_text` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`pending_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "offers_validity_order" CHECK("offers"."valid_from" IS NULL OR "offers"."valid_until" IS NULL OR "offers"."valid_until" >= "offers"."valid_from")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_actor_slug_uq` ON `offers` (`actor_id`,`slug`);--> statement-breakpoint
CREATE INDEX `offers_quartier_idx` ON `offers` (`quartier_id`,`status`);--> statement-breakpoint
CREATE INDEX `offers_type_idx` ON `offers` (`type`,`status`);