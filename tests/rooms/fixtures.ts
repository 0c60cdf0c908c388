/** Shared look-ups for the room tests: demo city ids by their stable names. */
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client';
import { organisations, places, rooms, users } from '../../db/schema';
import { loadPlaceHours } from '../../src/lib/server/places';
import { hoursForDay, shiftDate } from '../../src/lib/server/places/opening-hours';
import { shutReason } from '../../src/lib/server/rooms/hours';
import { berlinDate } from '../../src/lib/time';

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
 * Whether the place is shut for the whole of a Berlin date, as the rooms domain decides when it refuses a booking
 * (a closure such as the Weihnachtspause, a public holiday): tests that need a bookable date step over those days,
 * whatever day CI runs on. The place's hours are read once, from `from` on.
 */
function shutOn(db: Db, placeSlug: string, from: Date): (date: string) => boolean {
  const place = db.select({ id: places.id, holidayRegion: places.holidayRegion }).from(places).where(eq(places.slug, placeSlug)).get();
  if (!place) throw new Error(`no place ${placeSlug}`);
  const hours = loadPlaceHours(db, [place], berlinDate(from)).get(place.id)!;
  return (date) => shutReason(hoursForDay(hours, date)) !== null;
}

/** `dateOn`, moved on by whole weeks while the place is shut that day. */
export function openDateOn(db: Db, placeSlug: string, from: Date, weeks: number, weekday: number): string {
  const shut = shutOn(db, placeSlug, from);
  let date = dateOn(from, weeks, weekday);
  while (shut(date)) date = shiftDate(date, 7);
  return date;
}

/** The first `count` days on which the place is open, starting two weeks after `from` (past the demo bookings). */
export function openDaysAhead(db: Db, placeSlug: string, from: Date, count: number): string[] {
  const shut = shutOn(db, placeSlug, from);
  const days: string[] = [];
  for (let date = shiftDate(berlinDate(from), 14); days.length < count; date = shiftDate(date, 1)) if (!shut(date)) days.push(date);
  return days;
}

/** One-hour slots a day in `freeSlot`: 08:00 to 19:30, 90 minutes apart. */
export const SLOTS_A_DAY = 8;

/**
 * The i-th of a long row of one-hour slots that never overlap each other, on the open days from `openDaysAhead`:
 * each is free in the Kray Gruppenraum.
 */
export function freeSlot(i: number, openDays: readonly string[]): { date: string; from: string; to: string } {
  const date = openDays[Math.floor(i / SLOTS_A_DAY)];
  if (!date) throw new Error(`slot ${i} needs more than the ${openDays.length} open days given`);
  const start = DateTime.fromISO(date, { zone: 'Europe/Berlin' })
    .set({ hour: 8 })
    .plus({ minutes: (i % SLOTS_A_DAY) * 90 });
  return { date, from: start.toFormat('HH:mm'), to: start.plus({ hours: 1 }).toFormat('HH:mm') };
}

export const BV = 'buergerverein-kray';
export const KIRCHE = 'kirchengemeinde-st-barbara';
export const AWO = 'awo-stadtteilarbeit';
