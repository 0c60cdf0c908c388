/**
 * What became of each date of a series request, for the confirmation: the booked dates with their state, and the
 * dates left out with the reason they are not free (now) and the nearest free alternatives.
 *
 * Alternatives, decided: for each left-out date we offer up to two, because people move a meeting either way:
 * - the same room on the same day at the nearest other start (same length, half-hour steps, earlier or later,
 *   whichever is closer; at equal distance the earlier), and
 * - the same time on the nearest following day that is free (up to two weeks later).
 * Each is a single booking the person can request with one click (the form comes pre-filled).
 *
 * The left-out dates are not stored: the page passes the dates it was told about after the request, and each is
 * checked again when shown, so the reason and the alternatives are those of the moment of reading.
 */
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { bookings, rooms, type BookingStatus } from '../../../../db/schema';
import { berlinZone } from '../../time';
import { ACTIVE_STATUSES, checkSlots, MAX_SERIES_DATES, overlapsWithBuffer, type Slot } from './booking-rules';
import { listBookingDetails, type BookingDetail } from './bookings';
import { SLOT_MINUTES } from './availability';
import type { RuleViolation } from './errors';

/** How far ahead the "same time, another day" alternative looks. */
export const ALTERNATIVE_DAYS_AHEAD = 14;

export interface SkippedReason {
  violation: RuleViolation;
  /** For a clash with a booking of the requester's own organisation: that booking's purpose (never another organisation's). */
  ownBookingPurpose?: string;
}

export type SeriesDateOutcome =
  | { kind: 'booked'; startsAt: Date; endsAt: Date; bookingId: number; status: BookingStatus }
  | { kind: 'skipped'; startsAt: Date; endsAt: Date; reasons: SkippedReason[]; sameDay: Slot | null; otherDay: Slot | null };

const MINUTE_MS = 60_000;

function shiftedToDate(slot: Slot, date: string): Slot | null {
  const start = DateTime.fromJSDate(slot.startsAt, { zone: berlinZone });
  const day = DateTime.fromISO(date, { zone: berlinZone });
  if (!day.isValid) return null;
  const startsAt = day.set({ hour: start.hour, minute: start.minute, second: 0, millisecond: 0 });
  return { startsAt: startsAt.toJSDate(), endsAt: new Date(startsAt.toMillis() + (slot.endsAt.getTime() - slot.startsAt.getTime())) };
}

type FullRoom = typeof rooms.$inferSelect;

function isFree(db: Db, room: FullRoom, candidates: Slot[], now: Date): Slot[] {
  if (candidates.length === 0) return [];
  const sorted = [...candidates].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return checkSlots(db, room, sorted, now)
    .filter((c) => c.violations.length === 0)
    .map((c) => ({ startsAt: c.startsAt, endsAt: c.endsAt }));
}

/** The nearest free start on the same Berlin day, same length. */
function sameDayAlternative(db: Db, room: FullRoom, slot: Slot, now: Date): Slot | null {
  const length = slot.endsAt.getTime() - slot.startsAt.getTime();
  const day = DateTime.fromJSDate(slot.startsAt, { zone: berlinZone }).startOf('day');
  const candidates: Slot[] = [];
  for (let minute = 0; minute + length / MINUTE_MS <= 24 * 60; minute += SLOT_MINUTES) {
    const startsAt = day.plus({ minutes: minute }).toJSDate();
    if (startsAt.getTime() === slot.startsAt.getTime()) continue;
    candidates.push({ startsAt, endsAt: new Date(startsAt.getTime() + length) });
  }
  const distance = (s: Slot): number => Math.abs(s.startsAt.getTime() - slot.startsAt.getTime());
  return isFree(db, room, candidates, now).sort((a, b) => distance(a) - distance(b) || a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null;
}

/** The same time on the nearest following day that is free. */
function otherDayAlternative(db: Db, room: FullRoom, slot: Slot, now: Date): Slot | null {
  const first = DateTime.fromJSDate(slot.startsAt, { zone: berlinZone });
  const candidates = Array.from({ length: ALTERNATIVE_DAYS_AHEAD }, (_, i) => shiftedToDate(slot, first.plus({ days: i + 1 }).toISODate()!)).filter(
    (s): s is Slot => s !== null,
  );
  return isFree(db, room, candidates, now)[0] ?? null;
}

function reasonsFor(db: Db, room: FullRoom, organisationId: number, slot: Slot, violations: RuleViolation[]): SkippedReason[] {
  return violations.map((violation) => {
    if (violation.code !== 'overlap') return { violation };
    const buffer = room.bufferMinutes * MINUTE_MS;
    const own = db
      .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt, purpose: bookings.purpose })
      .from(bookings)
      .where(
        and(
          eq(bookings.roomId, room.id),
          eq(bookings.organisationId, organisationId),
          inArray(bookings.status, ACTIVE_STATUSES),
          lt(bookings.startsAt, new Date(slot.endsAt.getTime() + buffer)),
          gt(bookings.endsAt, new Date(slot.startsAt.getTime() - buffer)),
        ),
      )
      .all()
      .find((b) => overlapsWithBuffer(slot, b, room.bufferMinutes));
    return own ? { violation, ownBookingPurpose: own.purpose } : { violation };
  });
}

/**
 * Every date of the booking's series: its booked dates (any state) and the `skippedDates` (Berlin `YYYY-MM-DD`)
 * that are not among them, at the series' time, with reasons and alternatives; in date order. A booking outside a
 * series gives an empty list.
 */
export function describeSeriesOutcome(db: Db, detail: BookingDetail, skippedDates: readonly string[], now: Date = new Date()): SeriesDateOutcome[] {
  if (detail.booking.seriesId === null) return [];
  const booked = listBookingDetails(db, eq(bookings.seriesId, detail.booking.seriesId));
  const room = db.select().from(rooms).where(eq(rooms.id, detail.room.id)).get();
  if (!room) return [];
  const bookedDates = new Set(booked.map((d) => DateTime.fromJSDate(d.booking.startsAt, { zone: berlinZone }).toISODate()));
  const outcomes: SeriesDateOutcome[] = booked.map((d) => ({
    kind: 'booked',
    startsAt: d.booking.startsAt,
    endsAt: d.booking.endsAt,
    bookingId: d.booking.id,
    status: d.booking.status,
  }));
  for (const date of new Set(skippedDates)) {
    if (bookedDates.has(date)) continue;
    const slot = shiftedToDate(detail.booking, date);
    if (!slot) continue;
    const violations = checkSlots(db, room, [slot], now)[0]?.violations ?? [];
    outcomes.push({
      kind: 'skipped',
      ...slot,
      reasons: reasonsFor(db, room, detail.organisation.id, slot, violations),
      sameDay: sameDayAlternative(db, room, slot, now),
      otherDay: otherDayAlternative(db, room, slot, now),
    });
  }
  return outcomes.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** The query parameter of the booking page naming the left-out dates of a series just requested. */
export const SKIPPED_PARAM = 'ausgelassen';

/** The dates a page may be told were left out: `YYYY-MM-DD`, comma-separated, at most a series' worth. */
export function parseSkippedDates(raw: string | null): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
    .slice(0, MAX_SERIES_DATES);
}
