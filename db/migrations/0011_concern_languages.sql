PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_concerns` (
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
	CONSTRAINT "concerns_latitude_range" CHECK("__new_concerns"."latitude" IS NULL OR ("__new_concerns"."latitude" BETWEEN -90 AND 90)),
	CONSTRAINT "concerns_longitude_range" CHECK("__new_concerns"."longitude" IS NULL OR ("__new_concerns"."longitude" BETWEEN -180 AND 180)),
	CONSTRAINT "concerns_locale" CHECK("__new_concerns"."reporter_locale" IN ('de', 'en', 'tr', 'ar', 'uk'))
);
--> statement-breakpoint
INSERT INTO `__new_concerns`("id", "quartier_id", "category_id", "description", "location_text", "latitude", "longitude", "is_public", "status", "source", "reporter_name", "reporter_email", "reporter_phone", "reporter_locale", "email_confirmed_at", "call_back", "created_by_user_id", "api_client_id", "reviewed_at", "office_id", "forwarded_at", "reminder_sent_at", "overdue_at", "expected_on", "answer_text", "duplicate_of_id", "reopened_at", "resolved_at", "feedback_asked_at", "closed_at", "contact_removed_at", "created_at", "updated_at") SELECT "id", "quartier_id", "category_id", "description", "location_text", "latitude", "longitude", "is_public", "status", "source", "reporter_name", "reporter_email", "reporter_phone", "reporter_locale", "email_confirmed_at", "call_back", "created_by_user_id", "api_client_id", "reviewed_at", "office_id", "forwarded_at", "reminder_sent_at", "overdue_at", "expected_on", "answer_text", "duplicate_of_id", "reopened_at", "resolved_at", "feedback_asked_at", "closed_at", "contact_removed_at", "created_at", "updated_at" FROM `concerns`;--> statement-breakpoint
DROP TABLE `concerns`;--> statement-breakpoint
ALTER TABLE `__new_concerns` RENAME TO `concerns`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `concerns_public_idx` ON `concerns` (`is_public`,`created_at`);--> statement-breakpoint
CREATE INDEX `concerns_public_count_idx` ON `concerns` (`is_public`,`quartier_id`,`category_id`,`status`,`reviewed_at`);--> statement-breakpoint
CREATE INDEX `concerns_quartier_status_idx` ON `concerns` (`quartier_id`,`status`);--> statement-breakpoint
CREATE INDEX `concerns_status_idx` ON `concerns` (`status`,`forwarded_at`);--> statement-breakpoint
CREATE INDEX `concerns_duplicate_idx` ON `concerns` (`duplicate_of_id`);