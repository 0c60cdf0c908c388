CREATE TABLE `content_translations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_kind` text NOT NULL,
	`event_id` integer,
	`place_id` integer,
	`programme_id` integer,
	`offer_id` integer,
	`locale` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`place_id`) REFERENCES `places`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`programme_id`) REFERENCES `volunteer_programmes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "content_translations_kind" CHECK("content_translations"."subject_kind" IN ('event', 'place', 'programme', 'offer')),
	CONSTRAINT "content_translations_locale" CHECK("content_translations"."locale" IN ('en', 'tr', 'ar', 'uk')),
	CONSTRAINT "content_translations_one_subject" CHECK(("content_translations"."subject_kind" = 'event') = ("content_translations"."event_id" IS NOT NULL) AND ("content_translations"."subject_kind" = 'place') = ("content_translations"."place_id" IS NOT NULL) AND ("content_translations"."subject_kind" = 'programme') = ("content_translations"."programme_id" IS NOT NULL) AND ("content_translations"."subject_kind" = 'offer') = ("content_translations"."offer_id" IS NOT NULL)),
	CONSTRAINT "content_translations_title_length" CHECK(length("content_translations"."title") BETWEEN 1 AND 150),
	CONSTRAINT "content_translations_summary_length" CHECK(length("content_translations"."summary") <= 300)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `content_translations_event_uq` ON `content_translations` (`event_id`,`locale`);--> statement-breakpoint
CREATE UNIQUE INDEX `content_translations_place_uq` ON `content_translations` (`place_id`,`locale`);--> statement-breakpoint
CREATE UNIQUE INDEX `content_translations_programme_uq` ON `content_translations` (`programme_id`,`locale`);--> statement-breakpoint
CREATE UNIQUE INDEX `content_translations_offer_uq` ON `content_translations` (`offer_id`,`locale`);