/** Shared look-ups for the room tests: demo city ids by their stable names. */
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../db/client';
import { organisations, places, rooms, users } from '../../db/schema';

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
 * The i-th of a long row of one-hour slots that never overlap each other (eight a day, 08:00 to 19:30, 30
 * minutes apart), starting two weeks ahead, past the demo bookings: each is free in the Kray Gruppenraum.
 */
export function freeSlot(i: number, from: Date = new Date()): { date: string; from: string; to: string } {
  const day = DateTime.fromJSDate(from, { zone: 'Europe/Berlin' })
    .startOf('day')
    .plus({ days: 14 + Math.floor(i / 8) });
  const start = day.set({ hour: 8 }).plus({ minutes: (i % 8) * 90 });
  return { date: day.toISODate()!, from: start.toFormat('HH:mm'), to: start.plus({ hours: 1 }).toFormat('HH:mm') };
}

export const BV = 'buergerverein-kray';
export const KIRCHE = 'kirchengemeinde-st-barbara';
export const AWO = 'awo-stadtteilarbeit';
