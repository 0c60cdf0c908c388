ALTER TABLE `places` ADD `booking_calendar_token` text;--> statement-breakpoint
CREATE UNIQUE INDEX `places_booking_calendar_token_unique` ON `places` (`booking_calendar_token`);