/**
 * When a room can be booked on a given day: its own bookable hours, or else the opening hours of its place
 * (weekly rules, dated exceptions, and the public holidays of the place's federal state, which close it
 * unless an exception says otherwise).
 *
 * This reads the opening-hours tables directly; the places domain owns their editing.
 */
import { and, eq, gte, lte } from 'drizzle-orm';
import { isHoliday, type Region } from 'feiertagejs';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { openingExceptions, openingHours, places, type Room } from '../../../../db/schema';
import { ZONE } from '../../time';

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** `YYYY-MM-DD` + `HH:MM` in Berlin → instant; a closing time at or before the opening time means the next day. */
function window(date: string, opens: string, closes: string): TimeWindow {
  const day = DateTime.fromISO(date, { zone: ZONE });
  // Wall-clock setting (not adding hours) keeps 08:00 at 08:00 on the days the clocks change.
  const at = (hhmm: string): DateTime => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return h >= 24 ? day.plus({ days: 1 }).set({ hour: h - 24, minute: m }) : day.set({ hour: h, minute: m });
  };
  const from = at(opens);
  let to = at(closes);
  if (to <= from) to = at(closes).plus({ days: 1 });
  return { from: from.toJSDate(), to: to.toJSDate() };
}

export interface PlaceHoursSource {
  placeId: number;
  holidayRegion: string;
}

/** Windows in which the place is open on the Berlin date `date`. */
export function listPlaceOpenWindows(db: Db, place: PlaceHoursSource, date: string): TimeWindow[] {
  const exceptions = db
    .select()
    .from(openingExceptions)
    .where(and(eq(openingExceptions.placeId, place.placeId), lte(openingExceptions.dateFrom, date), gte(openingExceptions.dateTo, date)))
    .all();
  if (exceptions.some((e) => e.kind === 'closed')) return [];
  const special = exceptions.filter((e) => e.kind === 'special_hours' && e.opens && e.closes);
  if (special.length > 0) return special.map((e) => window(date, e.opens!, e.closes!));
  const day = DateTime.fromISO(date, { zone: ZONE });
  // Noon keeps the JS Date on the same calendar day in any process time zone.
  if (isHoliday(new Date(Date.UTC(day.year, day.month - 1, day.day, 12)), place.holidayRegion as Region)) return [];
  return db
    .select()
    .from(openingHours)
    .where(and(eq(openingHours.placeId, place.placeId), eq(openingHours.weekday, day.weekday)))
    .all()
    .filter((r) => (!r.validFrom || r.validFrom <= date) && (!r.validUntil || r.validUntil >= date))
    .sort((a, b) => a.opens.localeCompare(b.opens))
    .map((r) => window(date, r.opens, r.closes));
}

export type RoomHoursSource = Pick<Room, 'placeId' | 'bookableFrom' | 'bookableUntil'>;

/** Windows in which the room may be booked on the Berlin date `date`. */
export function listBookableWindows(db: Db, room: RoomHoursSource, date: string): TimeWindow[] {
  if (room.bookableFrom && room.bookableUntil) return [window(date, room.bookableFrom, room.bookableUntil)];
  const place = db.select({ holidayRegion: places.holidayRegion }).from(places).where(eq(places.id, room.placeId)).get();
  if (!place) return [];
  return listPlaceOpenWindows(db, { placeId: room.placeId, holidayRegion: place.holidayRegion }, date);
}

export function isWithinWindows(windows: TimeWindow[], startsAt: Date, endsAt: Date): boolean {
  return windows.some((w) => startsAt >= w.from && endsAt <= w.to);
}
