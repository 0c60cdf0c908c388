-- Second guard for THE INVARIANT (the first is the IMMEDIATE transaction in src/lib/server/rooms/bookings.ts):
-- two requested/confirmed bookings of one room never overlap, counting the room's buffer. No booking may be
-- longer than 24 hours, which also bounds the search to an index range on bookings(room_id, starts_at).
CREATE TRIGGER `bookings_no_overlap_insert` BEFORE INSERT ON `bookings`
WHEN NEW.`status` IN ('requested', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'booking_too_long') WHERE NEW.`ends_at` - NEW.`starts_at` > 86400000;
  SELECT RAISE(ABORT, 'booking_overlap')
  WHERE EXISTS (
    SELECT 1 FROM `bookings` b, `rooms` r
    WHERE r.`id` = NEW.`room_id`
      AND b.`room_id` = NEW.`room_id`
      AND b.`starts_at` > NEW.`starts_at` - r.`buffer_minutes` * 60000 - 86400000
      AND b.`starts_at` < NEW.`ends_at` + r.`buffer_minutes` * 60000
      AND b.`ends_at` + r.`buffer_minutes` * 60000 > NEW.`starts_at`
      AND b.`status` IN ('requested', 'confirmed')
  );
END;
--> statement-breakpoint
CREATE TRIGGER `bookings_no_overlap_update` BEFORE UPDATE OF `status`, `starts_at`, `ends_at`, `room_id` ON `bookings`
WHEN NEW.`status` IN ('requested', 'confirmed')
  AND (OLD.`status` NOT IN ('requested', 'confirmed') OR NEW.`starts_at` <> OLD.`starts_at` OR NEW.`ends_at` <> OLD.`ends_at` OR NEW.`room_id` <> OLD.`room_id`)
BEGIN
  SELECT RAISE(ABORT, 'booking_too_long') WHERE NEW.`ends_at` - NEW.`starts_at` > 86400000;
  SELECT RAISE(ABORT, 'booking_overlap')
  WHERE EXISTS (
    SELECT 1 FROM `bookings` b, `rooms` r
    WHERE r.`id` = NEW.`room_id`
      AND b.`room_id` = NEW.`room_id`
      AND b.`id` <> NEW.`id`
      AND b.`starts_at` > NEW.`starts_at` - r.`buffer_minutes` * 60000 - 86400000
      AND b.`starts_at` < NEW.`ends_at` + r.`buffer_minutes` * 60000
      AND b.`ends_at` + r.`buffer_minutes` * 60000 > NEW.`starts_at`
      AND b.`status` IN ('requested', 'confirmed')
  );
END;
