DROP INDEX `event_occurrences_starts_idx`;--> statement-breakpoint
CREATE INDEX `event_occurrences_starts_ends_idx` ON `event_occurrences` (`starts_at`,`ends_at`);