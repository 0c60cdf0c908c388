CREATE TABLE `event_attendance` (
	`event_id` integer NOT NULL,
	`recurrence_local` text NOT NULL,
	`attendees` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recorded_by` integer,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `recurrence_local`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "event_attendance_range" CHECK("event_attendance"."attendees" BETWEEN 0 AND 10000)
);
