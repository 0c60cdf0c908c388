PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_help_requests` (
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
	`locale` text DEFAULT 'de' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `volunteer_programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "help_requests_has_contact" CHECK("__new_help_requests"."requester_phone" IS NOT NULL OR "__new_help_requests"."requester_email" IS NOT NULL OR "__new_help_requests"."anonymised_at" IS NOT NULL),
	CONSTRAINT "help_requests_locale" CHECK("__new_help_requests"."locale" IN ('de', 'en', 'tr', 'ar', 'uk'))
);
--> statement-breakpoint
INSERT INTO `__new_help_requests`("id", "programme_id", "requester_name", "requester_phone", "requester_email", "on_behalf_of", "relationship", "quartier_id", "languages", "availability", "message", "consent_at", "consent_version", "status", "coordinator_notes", "ended_at", "anonymised_at", "created_at", "updated_at") SELECT "id", "programme_id", "requester_name", "requester_phone", "requester_email", "on_behalf_of", "relationship", "quartier_id", "languages", "availability", "message", "consent_at", "consent_version", "status", "coordinator_notes", "ended_at", "anonymised_at", "created_at", "updated_at" FROM `help_requests`;--> statement-breakpoint
DROP TABLE `help_requests`;--> statement-breakpoint
ALTER TABLE `__new_help_requests` RENAME TO `help_requests`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `help_requests_programme_idx` ON `help_requests` (`programme_id`,`status`);--> statement-breakpoint
CREATE TABLE `__new_organisation_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`email` text NOT NULL,
	`role` text DEFAULT 'member' NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` integer,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`locale` text DEFAULT 'de' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "organisation_invitations_locale" CHECK("__new_organisation_invitations"."locale" IN ('de', 'en', 'tr', 'ar', 'uk'))
);
--> statement-breakpoint
INSERT INTO `__new_organisation_invitations`("id", "organisation_id", "email", "role", "token_hash", "invited_by", "expires_at", "accepted_at", "created_at") SELECT "id", "organisation_id", "email", "role", "token_hash", "invited_by", "expires_at", "accepted_at", "created_at" FROM `organisation_invitations`;--> statement-breakpoint
DROP TABLE `organisation_invitations`;--> statement-breakpoint
ALTER TABLE `__new_organisation_invitations` RENAME TO `organisation_invitations`;--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_invitations_token_hash_unique` ON `organisation_invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `organisation_invitations_org_idx` ON `organisation_invitations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `__new_signups` (
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
	`locale` text DEFAULT 'de' NOT NULL,
	`reminder_sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`slot_id`) REFERENCES `volunteer_slots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`occurrence_id`) REFERENCES `event_occurrences`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "signups_one_target" CHECK(("__new_signups"."slot_id" IS NULL) <> ("__new_signups"."occurrence_id" IS NULL)),
	CONSTRAINT "signups_places_positive" CHECK("__new_signups"."places" > 0),
	CONSTRAINT "signups_locale" CHECK("__new_signups"."locale" IN ('de', 'en', 'tr', 'ar', 'uk'))
);
--> statement-breakpoint
INSERT INTO `__new_signups`("id", "slot_id", "occurrence_id", "user_id", "name", "email", "phone", "places", "status", "manage_token_hash", "queued_at", "cancelled_at", "reminder_sent_at", "created_at") SELECT "id", "slot_id", "occurrence_id", "user_id", "name", "email", "phone", "places", "status", "manage_token_hash", "queued_at", "cancelled_at", "reminder_sent_at", "created_at" FROM `signups`;--> statement-breakpoint
DROP TABLE `signups`;--> statement-breakpoint
ALTER TABLE `__new_signups` RENAME TO `signups`;--> statement-breakpoint
CREATE UNIQUE INDEX `signups_manage_token_hash_unique` ON `signups` (`manage_token_hash`);--> statement-breakpoint
CREATE INDEX `signups_slot_idx` ON `signups` (`slot_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `signups_occurrence_idx` ON `signups` (`occurrence_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `signups_user_idx` ON `signups` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_volunteer_applications` (
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
	`locale` text DEFAULT 'de' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `volunteer_programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`quartier_id`) REFERENCES `quartiere`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "volunteer_applications_locale" CHECK("__new_volunteer_applications"."locale" IN ('de', 'en', 'tr', 'ar', 'uk'))
);
--> statement-breakpoint
INSERT INTO `__new_volunteer_applications`("id", "programme_id", "user_id", "name", "email", "phone", "quartier_id", "availability", "languages", "motivation", "consent_at", "consent_version", "email_confirmed_at", "confirm_token_hash", "status", "coordinator_notes", "ended_at", "anonymised_at", "created_at", "updated_at") SELECT "id", "programme_id", "user_id", "name", "email", "phone", "quartier_id", "availability", "languages", "motivation", "consent_at", "consent_version", "email_confirmed_at", "confirm_token_hash", "status", "coordinator_notes", "ended_at", "anonymised_at", "created_at", "updated_at" FROM `volunteer_applications`;--> statement-breakpoint
DROP TABLE `volunteer_applications`;--> statement-breakpoint
ALTER TABLE `__new_volunteer_applications` RENAME TO `volunteer_applications`;--> statement-breakpoint
CREATE UNIQUE INDEX `volunteer_applications_confirm_token_hash_unique` ON `volunteer_applications` (`confirm_token_hash`);--> statement-breakpoint
CREATE INDEX `volunteer_applications_programme_idx` ON `volunteer_applications` (`programme_id`,`status`);--> statement-breakpoint
CREATE INDEX `volunteer_applications_user_idx` ON `volunteer_applications` (`user_id`);