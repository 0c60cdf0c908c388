CREATE TABLE `closure_keeps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer,
	`recurrence_local` text,
	`booking_id` integer,
	`slot_id` integer,
	`kept_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`slot_id`) REFERENCES `volunteer_slots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`kept_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "closure_keeps_one_target" CHECK(("closure_keeps"."event_id" IS NOT NULL AND "closure_keeps"."recurrence_local" IS NOT NULL) + ("closure_keeps"."booking_id" IS NOT NULL) + ("closure_keeps"."slot_id" IS NOT NULL) = 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `closure_keeps_occurrence_uq` ON `closure_keeps` (`event_id`,`recurrence_local`);--> statement-breakpoint
CREATE UNIQUE INDEX `closure_keeps_booking_uq` ON `closure_keeps` (`booking_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `closure_keeps_slot_uq` ON `closure_keeps` (`slot_id`);