/**
 * The rules a requested time slot must keep: the planned dates of a request (one or a series), and for each
 * date the room's time rules, bookable hours, closures and the other requested or confirmed bookings
 * (counting the buffer). Read-only; requesting (booking-requests.ts) and the approval queue use it.
 */
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { bookings, roomClosures, type BookingStatus, type Room } from '../../../../db/schema';
import { berlinZone } from '../../time';
import { BookingRuleError, type RuleViolation, type SlotCheck } from './errors';
import { isWithinWindows, listBookableWindows, roomPlaceShutReason, type TimeWindow } from './hours';
import { MAX_BOOKING_MINUTES } from './rooms';

export const ACTIVE_STATUSES = ['requested', 'confirmed'] as const satisfies readonly BookingStatus[];
/** A series may have at most this many dates (a year of weekly meetings). */
export const MAX_SERIES_DATES = 52;

const MINUTE_MS = 60 * 1000;
const MAX_BOOKING_MS = MAX_BOOKING_MINUTES * MINUTE_MS;

export interface SeriesInput {
  rule: 'weekly' | 'fortnightly';
  /** Either a number of dates … */
  count?: number | undefined;
  /** … or the last date (`YYYY-MM-DD`, inclusive). */
  until?: string | undefined;
}

export interface SlotPlan {
  /** Berlin date `YYYY-MM-DD` of the (first) booking. */
  date: string;
  /** Berlin wall-clock `HH:MM`. */
  from: string;
  to: string;
  series?: SeriesInput | null | undefined;
}

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

/** The planned instants of a request in Berlin wall-clock time (a series keeps 18:00 at 18:00 across DST). */
export function planSlots(input: SlotPlan): Slot[] {
  const first = DateTime.fromISO(input.date, { zone: berlinZone });
  if (!first.isValid) throw new BookingRuleError([{ code: 'no_dates' }]);
  const at = (day: DateTime, hhmm: string): DateTime => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  };
  const dates: DateTime[] = [first];
  if (input.series) {
    const step = input.series.rule === 'fortnightly' ? 2 : 1;
    const until = input.series.until ? DateTime.fromISO(input.series.until, { zone: berlinZone }) : null;
    const count = Math.min(input.series.count ?? MAX_SERIES_DATES, MAX_SERIES_DATES);
    for (let i = 1; dates.length < count; i++) {
      const next = first.plus({ weeks: i * step });
      if (until && next > until) break;
      dates.push(next);
    }
    if (until && !until.isValid) throw new BookingRuleError([{ code: 'no_dates' }]);
  }
  return dates.map((day) => ({ startsAt: at(day, input.from).toJSDate(), endsAt: at(day, input.to).toJSDate() }));
}

interface ActiveInterval {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

/** Requested or confirmed bookings of the room that could touch [from, to) once the buffer is added. */
export function listActiveIntervals(db: Db, roomId: number, from: Date, to: Date, bufferMinutes: number): ActiveInterval[] {
  const buffer = bufferMinutes * MINUTE_MS;
  // Bounding starts_at from below too (no booking is longer than MAX_BOOKING_MS) keeps this an index range scan.
  return db
    .select({ id: bookings.id, startsAt: bookings.startsAt, endsAt: bookings.endsAt })
    .from(bookings)
    .where(
      and(
        eq(bookings.roomId, roomId),
        gt(bookings.startsAt, new Date(from.getTime() - buffer - MAX_BOOKING_MS)),
        lt(bookings.startsAt, new Date(to.getTime() + buffer)),
        gt(bookings.endsAt, new Date(from.getTime() - buffer)),
        inArray(bookings.status, ACTIVE_STATUSES),
      ),
    )
    .all();
}

export function overlapsWithBuffer(a: Slot, b: Slot, bufferMinutes: number): boolean {
  const buffer = bufferMinutes * MINUTE_MS;
  return a.startsAt.getTime() < b.endsAt.getTime() + buffer && b.startsAt.getTime() < a.endsAt.getTime() + buffer;
}

interface ClosureInterval {
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

function listClosuresBetween(db: Db, roomId: number, from: Date, to: Date): ClosureInterval[] {
  return db
    .select({ startsAt: roomClosures.startsAt, endsAt: roomClosures.endsAt, reason: roomClosures.reason })
    .from(roomClosures)
    .where(and(eq(roomClosures.roomId, roomId), lt(roomClosures.startsAt, to), gt(roomClosures.endsAt, from)))
    .all();
}

export type RuleRoom = Pick<
  Room,
  'id' | 'placeId' | 'bookableFrom' | 'bookableUntil' | 'minMinutes' | 'maxMinutes' | 'leadTimeHours' | 'maxAdvanceDays' | 'bufferMinutes'
>;

/** Every per-date rule for each slot: time rules, bookable hours, closures, overlaps (with buffer). */
export function checkSlots(db: Db, room: RuleRoom, slots: Slot[], now: Date, ignoreBookingIds: number[] = []): SlotCheck[] {
  if (slots.length === 0) return [];
  const from = slots[0]!.startsAt;
  const to = slots[slots.length - 1]!.endsAt;
  const active = listActiveIntervals(db, room.id, from, to, room.bufferMinutes).filter((b) => !ignoreBookingIds.includes(b.id));
  const closures = listClosuresBetween(db, room.id, from, to);
  const nowBerlin = DateTime.fromJSDate(now, { zone: berlinZone });
  const earliest = nowBerlin.plus({ hours: room.leadTimeHours });
  const latestDate = nowBerlin.plus({ days: room.maxAdvanceDays }).toISODate()!;
  const windowsByDate = new Map<string, TimeWindow[]>();
  return slots.map((slot) => {
    const violations: RuleViolation[] = [];
    const start = DateTime.fromJSDate(slot.startsAt, { zone: berlinZone });
    const date = start.toISODate()!;
    const minutes = Math.round((slot.endsAt.getTime() - slot.startsAt.getTime()) / MINUTE_MS);
    if (slot.startsAt <= now) violations.push({ code: 'in_past' });
    else if (start < earliest) violations.push({ code: 'lead_time', params: { hours: room.leadTimeHours } });
    if (date > latestDate) violations.push({ code: 'too_far_ahead', params: { days: room.maxAdvanceDays } });
    // An end at or before the start is the request's own problem (end_before_start); "too short" would only repeat it.
    if (minutes > 0 && minutes < room.minMinutes) violations.push({ code: 'too_short', params: { minutes: room.minMinutes } });
    if (minutes > room.maxMinutes) violations.push({ code: 'too_long', params: { minutes: room.maxMinutes } });
    let windows = windowsByDate.get(date);
    if (!windows) {
      windows = listBookableWindows(db, room, date);
      windowsByDate.set(date, windows);
    }
    if (!isWithinWindows(windows, slot.startsAt, slot.endsAt)) {
      // A day the whole house is shut says why (Weihnachtspause, a holiday) instead of "outside the booking hours".
      const shut = windows.length === 0 ? roomPlaceShutReason(db, room, date) : null;
      violations.push(shut ? { code: 'place_closed', params: { reason: shut } } : { code: 'outside_hours' });
    }
    const closure = closures.find((c) => c.startsAt < slot.endsAt && c.endsAt > slot.startsAt);
    if (closure) violations.push({ code: 'closure', params: { reason: closure.reason } });
    if (active.some((b) => overlapsWithBuffer(slot, b, room.bufferMinutes))) {
      violations.push({ code: 'overlap', params: { buffer: room.bufferMinutes } });
    }
    return { startsAt: slot.startsAt, endsAt: slot.endsAt, violations };
  });
}

/** The rules every date of a series breaks (such as a length the room does not allow), once each. */
export function sharedViolations(checks: SlotCheck[]): RuleViolation[] {
  const [first, ...rest] = checks;
  if (!first) return [];
  return first.violations.filter((v) => rest.every((c) => c.violations.some((w) => w.code === v.code)));
}
