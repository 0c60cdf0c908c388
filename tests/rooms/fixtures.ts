/** Shared look-ups for the room tests: demo city ids by their stable names. */
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client';
import { organisations, places, rooms, users } from '../../db/schema';
import { loadPlaceHours } from '../../src/lib/server/places';
import { hoursForDay, shiftDate } from '../../src/lib/server/places/opening-hours';

export function userBy(db: Db, email: string): { id: number; role: 'member' | 'staff' | 'admin' } {
  const user = db.select({ id: users.id, role: users.role }).from(users).where(eq(users.email, email)).get();
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

export function orgId(db: Db, slug: string): number {
  const org = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get();
  if (!org) throw new Error(`no organisation ${slug}`);
  return org.id;
}

export function roomId(db: Db, placeSlug: string, roomSlug: string): number {
  const row = db
    .select({ id: rooms.id })
    .from(rooms)
    .innerJoin(places, eq(places.id, rooms.placeId))
    .where(and(eq(places.slug, placeSlug), eq(rooms.slug, roomSlug)))
    .get();
  if (!row) throw new Error(`no room ${placeSlug}/${roomSlug}`);
  return row.id;
}

/** The Berlin date `weeks` weeks after `from`, on ISO weekday `weekday`. */
export function dateOn(from: Date, weeks: number, weekday: number): string {
  let d = DateTime.fromJSDate(from, { zone: 'Europe/Berlin' }).startOf('day').plus({ weeks });
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

/**
 * The dates in the next `days` days on which the place is shut for the whole day (its Weihnachtspause, a public
 * holiday): bookings are refused there, so tests that need a bookable date step over them, whatever day CI runs on.
 */
export function shutDates(db: Db, placeSlug: string, from: Date = new Date(), days = 800): Set<string> {
  const place = db.select({ id: places.id, holidayRegion: places.holidayRegion }).from(places).where(eq(places.slug, placeSlug)).get();
  if (!place) throw new Error(`no place ${placeSlug}`);
  const today = DateTime.fromJSDate(from, { zone: 'Europe/Berlin' }).toISODate()!;
  const hours = loadPlaceHours(db, [place], today).get(place.id)!;
  const shut = new Set<string>();
  for (let offset = 0; offset < days; offset++) {
    const date = shiftDate(today, offset);
    const kind = hoursForDay(hours, date).kind;
    if (kind === 'closed' || kind === 'holiday') shut.add(date);
  }
  return shut;
}

/** `dateOn`, moved on by whole weeks while the place is shut that day. */
export function openDateOn(db: Db, placeSlug: string, from: Date, weeks: number, weekday: number): string {
  const shut = shutDates(db, placeSlug, from, weeks * 7 + 400);
  let date = dateOn(from, weeks, weekday);
  while (shut.has(date)) date = shiftDate(date, 7);
  return date;
}

/**
 * The i-th of a long row of one-hour slots that never overlap each other (eight a day, 08:00 to 19:30, 30
 * minutes apart), starting two weeks ahead, past the demo bookings, on days the house is open (`shut` from
 * `shutDates`): each is free in the Kray Gruppenraum.
 */
export function freeSlot(i: number, from: Date, shut: ReadonlySet<string>): { date: string; from: string; to: string } {
  const first = DateTime.fromJSDate(from, { zone: 'Europe/Berlin' }).startOf('day').plus({ days: 14 });
  let day = first;
  for (let open = 0; ; day = day.plus({ days: 1 })) {
    if (shut.has(day.toISODate()!)) continue;
    if (open++ === Math.floor(i / 8)) break;
  }
  const start = day.set({ hour: 8 }).plus({ minutes: (i % 8) * 90 });
  return { date: day.toISODate()!, from: start.toFormat('HH:mm'), to: start.plus({ hours: 1 }).toFormat('HH:mm') };
}

export const BV = 'buergerverein-kray';
export const KIRCHE = 'kirchengemeinde-st-barbara';
export const AWO = 'awo-stadtteilarbeit';
