ALTER TABLE `organisations` ADD `calendar_token_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_calendar_token_hash_unique` ON `organisations` (`calendar_token_hash`);--> statement-breakpoint
ALTER TABLE `places` ADD `booking_calendar_token_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `places_booking_calendar_token_hash_unique` ON `places` (`booking_calendar_token_hash`);--> statement-breakpoint
ALTER TABLE `users` ADD `calendar_token_hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_hash_unique` ON `users` (`calendar_token_hash`);--> statement-breakpoint
-- Feed URLs people already subscribed to keep working: their secrets are hashed here (sha256_hex is registered
-- on every connection by db/client.ts, as hashToken in src/lib/server/accounts/tokens.ts computes it).
UPDATE `organisations` SET `calendar_token_hash` = sha256_hex(`calendar_token`) WHERE `calendar_token` IS NOT NULL;--> statement-breakpoint
UPDATE `places` SET `booking_calendar_token_hash` = sha256_hex(`booking_calendar_token`) WHERE `booking_calendar_token` IS NOT NULL;--> statement-breakpoint
UPDATE `users` SET `calendar_token_hash` = sha256_hex(`calendar_token`) WHERE `calendar_token` IS NOT NULL;--> statement-breakpoint
DROP INDEX `organisations_calendar_token_unique`;--> statement-breakpoint
ALTER TABLE `organisations` DROP COLUMN `calendar_token`;--> statement-breakpoint
DROP INDEX `places_booking_calendar_token_unique`;--> statement-breakpoint
ALTER TABLE `places` DROP COLUMN `booking_calendar_token`;--> statement-breakpoint
DROP INDEX `users_calendar_token_unique`;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `calendar_token`;--> statement-breakpoint
ALTER TABLE `organisations` ADD `calendar_token_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `places` ADD `booking_calendar_token_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `calendar_token_version` integer DEFAULT 0 NOT NULL;
