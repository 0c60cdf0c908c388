CREATE TABLE `attestations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`programme_id` integer,
	`attested_on` text NOT NULL,
	`valid_until` text,
	`recorded_by` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `volunteer_programmes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `attestations_user_idx` ON `attestations` (`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`quartier_id` integer,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `booking_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`room_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`requested_by` integer,
	`rule` text NOT NULL,
	`purpose` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `booking_series_org_idx` ON `booking_series` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`room_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`requested_by` integer,
	`series_id` integer,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`purpose` text NOT NULL,
	`expected_attendees` integer NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`status_reason` text DEFAULT '' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`cancelled_by` integer,
	`cancelled_at` integer,
	`reminder_sent_at` integer,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`series_id`) REFERENCES `booking_series`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "bookings_end_after_start" CHECK("bookings"."ends_at" > "bookings"."starts_at"),
	CONSTRAINT "bookings_attendees_positive" CHECK("bookings"."expected_attendees" > 0),
	CONSTRAINT "bookings_sequence_non_negative" CHECK("bookings"."sequence" >= 0)
);
--> statement-breakpoint
CREATE INDEX `bookings_room_time_idx` ON `bookings` (`room_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `bookings_org_idx` ON `bookings` (`organisation_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `bookings_status_idx` ON `bookings` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `bookings_series_idx` ON `bookings` (`series_id`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_slug_unique` ON `categories` (`slug`);--> statement-breakpoint
CREATE TABLE `event_categories` (
	`event_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	PRIMARY KEY(`event_id`, `category_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_categories_category_idx` ON `event_categories` (`category_id`);--> statement-breakpoint
CREATE TABLE `event_exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`recurrence_local` text NOT NULL,
	`kind` text NOT NULL,
	`start_local` text,
	`end_local` text,
	`title` text,
	`place_id` integer,
	`location_name` text,
	`note` text DEFAULT '' NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "event_exceptions_end_after_start" CHECK("event_exceptions"."start_local" IS NULL OR "event_exceptions"."end_local" IS NULL OR "event_exceptions"."end_local" >= "event_exceptions"."start_local")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_exceptions_event_recurrence_uq` ON `event_exceptions` (`event_id`,`recurrence_local`);--> statement-breakpoint
CREATE TABLE `event_occurrences` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`recurrence_local` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`exception_id` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`exception_id`) REFERENCES `event_exceptions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "event_occurrences_end_after_start" CHECK("event_occurrences"."ends_at" >= "event_occurrences"."starts_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_occurrences_event_recurrence_uq` ON `event_occurrences` (`event_id`,`recurrence_local`);--> statement-breakpoint
CREATE INDEX `event_occurrences_starts_idx` ON `event_occurrences` (`starts_at`);--> statement-breakpoint
CREATE TABLE `event_quartiere` (
	`event_id` integer NOT NULL,
	`quartier_id` integer NOT NULL,
	PRIMARY KEY(`event_id`, `quartier_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_quartiere_quartier_idx` ON `event_quartiere` (`quartier_id`);--> statement-breakpoint
CREATE TABLE `event_target_groups` (
	`event_id` integer NOT NULL,
	`target_group_id` integer NOT NULL,
	PRIMARY KEY(`event_id`, `target_group_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_group_id`) REFERENCES `target_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_target_groups_group_idx` ON `event_target_groups` (`target_group_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uid` text NOT NULL,
	`slug` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`start_local` text NOT NULL,
	`end_local` text NOT NULL,
	`all_day` integer DEFAULT false NOT NULL,
	`timezone` text DEFAULT 'Europe/Berlin' NOT NULL,
	`rrule` text,
	`first_starts_at` integer NOT NULL,
	`last_ends_at` integer,
	`place_id` integer,
	`location_name` text,
	`location_address` text,
	`organisation_id` integer,
	`organiser_name` text DEFAULT '' NOT NULL,
	`contact_email` text,
	`contact_phone` text,
	`cost` text DEFAULT '' NOT NULL,
	`is_free` integer DEFAULT true NOT NULL,
	`step_free` integer DEFAULT false NOT NULL,
	`accessibility_notes` text DEFAULT '' NOT NULL,
	`languages` text DEFAULT 'de' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`status_note` text DEFAULT '' NOT NULL,
	`registration_required` integer DEFAULT false NOT NULL,
	`capacity` integer,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_by` integer,
	`booking_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "events_end_after_start" CHECK("events"."end_local" >= "events"."start_local"),
	CONSTRAINT "events_capacity_positive" CHECK("events"."capacity" IS NULL OR "events"."capacity" > 0),
	CONSTRAINT "events_sequence_non_negative" CHECK("events"."sequence" >= 0),
	CONSTRAINT "events_last_after_first" CHECK("events"."last_ends_at" IS NULL OR "events"."last_ends_at" >= "events"."first_starts_at")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_uid_unique` ON `events` (`uid`);--> statement-breakpoint
CREATE INDEX `events_status_idx` ON `events` (`status`,`first_starts_at`);--> statement-breakpoint
CREATE INDEX `events_place_idx` ON `events` (`place_id`);--> statement-breakpoint
CREATE INDEX `events_organisation_idx` ON `events` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `help_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`requester_name` text NOT NULL,
	`requester_phone` text,
	`requester_email` text,
	`on_behalf_of` text,
	`relationship` text,
	`quartier_id` integer,
	`languages` text DEFAULT 'de' NOT NULL,
	`availability` text DEFAULT '[]' NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`consent_at` integer NOT NULL,
	`consent_version` text NOT NULL,
	`status` text DEFAULT 'neu' NOT NULL,
	`coordinator_notes` text DEFAULT '' NOT NULL,
	`ended_at` integer,
	`anonymised_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `volunteer_programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "help_requests_has_contact" CHECK("help_requests"."requester_phone" IS NOT NULL OR "help_requests"."requester_email" IS NOT NULL OR "help_requests"."anonymised_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `help_requests_programme_idx` ON `help_requests` (`programme_id`,`status`);--> statement-breakpoint
CREATE TABLE `opening_exceptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`place_id` integer NOT NULL,
	`date_from` text NOT NULL,
	`date_to` text NOT NULL,
	`kind` text NOT NULL,
	`opens` text,
	`closes` text,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "opening_exceptions_date_order" CHECK("opening_exceptions"."date_to" >= "opening_exceptions"."date_from"),
	CONSTRAINT "opening_exceptions_special_has_hours" CHECK("opening_exceptions"."kind" <> 'special_hours' OR ("opening_exceptions"."opens" IS NOT NULL AND "opening_exceptions"."closes" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `opening_exceptions_place_idx` ON `opening_exceptions` (`place_id`,`date_from`);--> statement-breakpoint
CREATE TABLE `opening_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`place_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`opens` text NOT NULL,
	`closes` text NOT NULL,
	`valid_from` text,
	`valid_until` text,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "opening_hours_weekday_range" CHECK("opening_hours"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "opening_hours_time_format" CHECK("opening_hours"."opens" GLOB '[0-2][0-9]:[0-5][0-9]' AND "opening_hours"."closes" GLOB '[0-2][0-9]:[0-5][0-9]'),
	CONSTRAINT "opening_hours_not_empty" CHECK("opening_hours"."opens" <> "opening_hours"."closes"),
	CONSTRAINT "opening_hours_validity_order" CHECK("opening_hours"."valid_from" IS NULL OR "opening_hours"."valid_until" IS NULL OR "opening_hours"."valid_until" >= "opening_hours"."valid_from")
);
--> statement-breakpoint
CREATE INDEX `opening_hours_place_idx` ON `opening_hours` (`place_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `organisation_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`email` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` integer,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_invitations_token_hash_unique` ON `organisation_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `organisation_invitations_org_idx` ON `organisation_invitations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `organisation_members` (
	`organisation_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `user_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organisation_members_user_idx` ON `organisation_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`quartier_id` integer,
	`email` text,
	`phone` text,
	`website` text,
	`calendar_token` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_calendar_token_unique` ON `organisations` (`calendar_token`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text,
	`kind` text NOT NULL,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	CONSTRAINT "outbox_attempts_non_negative" CHECK("outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `places` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`quartier_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`street` text NOT NULL,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`step_free` integer DEFAULT false NOT NULL,
	`accessible_wc` integer DEFAULT false NOT NULL,
	`hearing_loop` integer DEFAULT false NOT NULL,
	`accessibility_notes` text DEFAULT '' NOT NULL,
	`contact_name` text,
	`contact_email` text,
	`contact_phone` text,
	`has_opening_hours` integer DEFAULT false NOT NULL,
	`holiday_region` text DEFAULT 'NW' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "places_latitude_range" CHECK("places"."latitude" IS NULL OR ("places"."latitude" BETWEEN -90 AND 90)),
	CONSTRAINT "places_longitude_range" CHECK("places"."longitude" IS NULL OR ("places"."longitude" BETWEEN -180 AND 180))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `places_slug_unique` ON `places` (`slug`);--> statement-breakpoint
CREATE INDEX `places_quartier_idx` ON `places` (`quartier_id`);--> statement-breakpoint
CREATE TABLE `quartiere` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`contact_name` text,
	`contact_email` text,
	`contact_phone` text,
	`contact_address` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quartiere_slug_unique` ON `quartiere` (`slug`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`hits` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `room_allowed_organisations` (
	`room_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	PRIMARY KEY(`room_id`, `organisation_id`),
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `room_closures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`room_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`room_id`) REFERENCES `rooms`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "room_closures_end_after_start" CHECK("room_closures"."ends_at" > "room_closures"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `room_closures_room_idx` ON `room_closures` (`room_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `rooms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`place_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`capacity` integer NOT NULL,
	`equipment` text DEFAULT '' NOT NULL,
	`step_free` integer DEFAULT false NOT NULL,
	`photo_path` text,
	`photo_alt` text,
	`requires_approval` integer DEFAULT true NOT NULL,
	`bookable_from` text,
	`bookable_until` text,
	`min_minutes` integer DEFAULT 30 NOT NULL,
	`max_minutes` integer DEFAULT 480 NOT NULL,
	`lead_time_hours` integer DEFAULT 48 NOT NULL,
	`max_advance_days` integer DEFAULT 365 NOT NULL,
	`buffer_minutes` integer DEFAULT 0 NOT NULL,
	`cancel_deadline_hours` integer DEFAULT 24 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "rooms_capacity_positive" CHECK("rooms"."capacity" > 0),
	CONSTRAINT "rooms_min_positive" CHECK("rooms"."min_minutes" > 0),
	CONSTRAINT "rooms_max_at_least_min" CHECK("rooms"."max_minutes" >= "rooms"."min_minutes"),
	CONSTRAINT "rooms_non_negative_rules" CHECK("rooms"."lead_time_hours" >= 0 AND "rooms"."buffer_minutes" >= 0 AND "rooms"."cancel_deadline_hours" >= 0 AND "rooms"."max_advance_days" > 0),
	CONSTRAINT "rooms_bookable_hours_pair" CHECK(("rooms"."bookable_from" IS NULL) = ("rooms"."bookable_until" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rooms_place_slug_uq` ON `rooms` (`place_id`,`slug`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`last_verified_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `signups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slot_id` integer,
	`occurrence_id` integer,
	`user_id` integer,
	`name` text NOT NULL,
	`email` text,
	`phone` text,
	`places` integer DEFAULT 1 NOT NULL,
	`status` text NOT NULL,
	`manage_token_hash` text,
	`queued_at` integer NOT NULL,
	`cancelled_at` integer,
	`reminder_sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`slot_id`) REFERENCES `volunteer_slots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`occurrence_id`) REFERENCES `event_occurrences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "signups_one_target" CHECK(("signups"."slot_id" IS NULL) <> ("signups"."occurrence_id" IS NULL)),
	CONSTRAINT "signups_places_positive" CHECK("signups"."places" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signups_manage_token_hash_unique` ON `signups` (`manage_token_hash`);--> statement-breakpoint
CREATE INDEX `signups_slot_idx` ON `signups` (`slot_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `signups_occurrence_idx` ON `signups` (`occurrence_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `signups_user_idx` ON `signups` (`user_id`);--> statement-breakpoint
CREATE TABLE `staff_scopes` (
	`user_id` integer NOT NULL,
	`quartier_id` integer NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`user_id`, `quartier_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `staff_scopes_quartier_idx` ON `staff_scopes` (`quartier_id`);--> statement-breakpoint
CREATE TABLE `target_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `target_groups_slug_unique` ON `target_groups` (`slug`);--> statement-breakpoint
CREATE TABLE `user_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`token_hash` text NOT NULL,
	`new_email` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_tokens_token_hash_unique` ON `user_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `user_tokens_user_idx` ON `user_tokens` (`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`email_verified_at` integer,
	`password_hash` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`home_quartier_id` integer,
	`locale` text DEFAULT 'de' NOT NULL,
	`calendar_token` text,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`home_quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "users_email_lowercase" CHECK("users"."email" = lower("users"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_unique` ON `users` (`calendar_token`);--> statement-breakpoint
CREATE TABLE `volunteer_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`user_id` integer,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`quartier_id` integer,
	`availability` text DEFAULT '[]' NOT NULL,
	`languages` text DEFAULT 'de' NOT NULL,
	`motivation` text DEFAULT '' NOT NULL,
	`consent_at` integer NOT NULL,
	`consent_version` text NOT NULL,
	`email_confirmed_at` integer,
	`confirm_token_hash` text,
	`status` text DEFAULT 'neu' NOT NULL,
	`coordinator_notes` text DEFAULT '' NOT NULL,
	`ended_at` integer,
	`anonymised_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `volunteer_programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volunteer_applications_confirm_token_hash_unique` ON `volunteer_applications` (`confirm_token_hash`);--> statement-breakpoint
CREATE INDEX `volunteer_applications_programme_idx` ON `volunteer_applications` (`programme_id`,`status`);--> statement-breakpoint
CREATE INDEX `volunteer_applications_user_idx` ON `volunteer_applications` (`user_id`);--> statement-breakpoint
CREATE TABLE `volunteer_matches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`help_request_id` integer NOT NULL,
	`application_id` integer NOT NULL,
	`created_by` integer,
	`note` text DEFAULT '' NOT NULL,
	`ended_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`help_request_id`) REFERENCES `help_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `volunteer_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volunteer_matches_pair_uq` ON `volunteer_matches` (`help_request_id`,`application_id`);--> statement-breakpoint
CREATE TABLE `volunteer_programmes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`quartier_id` integer,
	`name` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`for_whom` text DEFAULT '' NOT NULL,
	`time_commitment` text DEFAULT '' NOT NULL,
	`requirements` text DEFAULT '' NOT NULL,
	`requires_training` integer DEFAULT false NOT NULL,
	`requires_certificate` integer DEFAULT false NOT NULL,
	`accepts_help_requests` integer DEFAULT false NOT NULL,
	`coordinator_user_id` integer,
	`contact_email` text,
	`contact_phone` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`coordinator_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `volunteer_programmes_slug_unique` ON `volunteer_programmes` (`slug`);--> statement-breakpoint
CREATE INDEX `volunteer_programmes_quartier_idx` ON `volunteer_programmes` (`quartier_id`);--> statement-breakpoint
CREATE TABLE `volunteer_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`place_id` integer,
	`location_name` text,
	`needed` integer NOT NULL,
	`signup_opens_at` integer,
	`requires_training` integer DEFAULT false NOT NULL,
	`reminder_sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `volunteer_programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "volunteer_slots_end_after_start" CHECK("volunteer_slots"."ends_at" > "volunteer_slots"."starts_at"),
	CONSTRAINT "volunteer_slots_needed_positive" CHECK("volunteer_slots"."needed" > 0)
);
--> statement-breakpoint
CREATE INDEX `volunteer_slots_programme_idx` ON `volunteer_slots` (`programme_id`,`starts_at`);