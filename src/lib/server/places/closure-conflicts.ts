/**
 * What is planned at a place while it is shut: occurrences of events and volunteer dates at a time the save warning
 * calls closed (`closedReasonOf`: a closure such as the Weihnachtspause, a public holiday, a weekday without hours,
 * before opening or after closing), and room bookings on a shut day or outside the hours the room can be booked. Staff see the list when they add a closure, so nothing contradicts the opening hours
 * silently; the demo city is seeded through the same check.
 */
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings, eventExceptions, eventOccurrences, events, places, rooms, volunteerSlots } from '../../../../db/schema';
import { translate } from '../../../i18n';
import { berlinDate, localToInstant } from '../../time';
import { keepKey, keptKeys } from './closure-keeps';
import { getPlaceHours } from './index';
import { closedReasonOf, describeClosedReason, keepsOpeningHours, type ClosedReason } from './closed-times';
import { hoursForDay, shiftDate } from './opening-hours';
import { bookableWindowsOn, isWithinWindows } from '../rooms/hours';

/** How far ahead the back office looks for what a closure or new hours affect. */
export const CLOSURE_CHECK_DAYS = 365;

export type ClosureConflictKind = 'occurrence' | 'booking' | 'slot';

export interface ClosureConflict {
  kind: ClosureConflictKind;
  /** The occurrence's, booking's or volunteer date's id. */
  id: number;
  /** For occurrences: the event and the occurrence's original local start (its key in the series). */
  eventId: number | null;
  recurrenceLocal: string | null;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** Why the place is closed then (the same rule as the save warning); null for a booking outside the room's hours while the place is open. */
  why: ClosedReason | null;
  /** That reason as a German note, for a cancellation residents read; null with `why`. */
  reason: string | null;
  /** Staff chose to let it take place anyway (closure_keeps); it stays listed, without the choices. */
  kept: boolean;
}

/** The reason as the note of a cancelled date: the closure's own words, the holiday's name, or the hours. */
function noteOf(why: ClosedReason | null): string | null {
  if (!why) return null;
  if (why.kind === 'closed') return why.reason || translate('de', 'rooms.closedDay');
  if (why.kind === 'holiday') return why.name.de;
  return describeClosedReason(why, 'de');
}

/** Everything planned at the place between the Berlin dates `fromDate` and `toDate` (inclusive) while it is closed. */
export function listClosureConflicts(db: Db, placeId: number, fromDate: string, toDate: string): ClosureConflict[] {
  const place = db.select({ hasOpeningHours: places.hasOpeningHours }).from(places).where(eq(places.id, placeId)).get();
  // From the day before, so that a period running past midnight into `fromDate` is known.
  const hours = getPlaceHours(db, placeId, shiftDate(fromDate, -1));
  const from = localToInstant(`${fromDate}T00:00`);
  const to = localToInstant(`${toDate}T23:59`);
  if (!place || !hours || !from || !to) return [];
  const keepsHours = keepsOpeningHours(place, hours);
  const whyAt = (planned: { startsAt: Date; endsAt: Date; allDay: boolean }): ClosedReason | null => closedReasonOf(hours, keepsHours, planned);
  const conflicts: ClosureConflict[] = [];

  // An occurrence moved to another place (the Wandercafé in the Gemeindehaus) is where its exception puts it.
  const occurrences = db
    .select({ occurrence: eventOccurrences, title: events.title, allDay: events.allDay })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
    .where(
      and(
        eq(sql`coalesce(${eventExceptions.placeId}, ${events.placeId})`, placeId),
        inArray(events.status, ['published', 'proposed', 'draft']),
        eq(eventOccurrences.status, 'scheduled'),
        gte(eventOccurrences.startsAt, from),
        lt(eventOccurrences.startsAt, to),
      ),
    )
    .all();
  for (const { occurrence, title, allDay } of occurrences) {
    const why = whyAt({ startsAt: occurrence.startsAt, endsAt: occurrence.endsAt, allDay });
    if (why) {
      conflicts.push({
        kind: 'occurrence',
        id: occurrence.id,
        eventId: occurrence.eventId,
        recurrenceLocal: occurrence.recurrenceLocal,
        title,
        startsAt: occurrence.startsAt,
        endsAt: occurrence.endsAt,
        why,
        reason: noteOf(why),
        kept: false,
      });
    }
  }

  const roomBookings = db
    .select({ booking: bookings, room: rooms })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .where(and(eq(rooms.placeId, placeId), inArray(bookings.status, ['requested', 'confirmed']), gte(bookings.startsAt, from), lt(bookings.startsAt, to)))
    .all();
  for (const { booking, room } of roomBookings) {
    // The place's hours are loaded once above; reading them again per booking would cost three queries each.
    const day = hoursForDay(hours, berlinDate(booking.startsAt));
    if (isWithinWindows(bookableWindowsOn(day, room), booking.startsAt, booking.endsAt)) continue;
    // The room's own bookable hours decide within an open day; only a shut day is the place's reason.
    const shut = whyAt({ startsAt: booking.startsAt, endsAt: booking.endsAt, allDay: false });
    const why = shut?.kind === 'closed' || shut?.kind === 'holiday' ? shut : null;
    conflicts.push({
      kind: 'booking',
      id: booking.id,
      eventId: null,
      recurrenceLocal: null,
      title: `${room.name}: ${booking.purpose}`,
      startsAt: booking.startsAt,
      endsAt: booking.endsAt,
      why,
      reason: noteOf(why),
      kept: false,
    });
  }

  const slots = db
    .select()
    .from(volunteerSlots)
    .where(and(eq(volunteerSlots.placeId, placeId), gte(volunteerSlots.startsAt, from), lt(volunteerSlots.startsAt, to)))
    .all();
  for (const slot of slots) {
    const why = whyAt({ startsAt: slot.startsAt, endsAt: slot.endsAt, allDay: false });
    if (why)
      conflicts.push({
        kind: 'slot',
        id: slot.id,
        eventId: null,
        recurrenceLocal: null,
        title: slot.title,
        startsAt: slot.startsAt,
        endsAt: slot.endsAt,
        why,
        reason: noteOf(why),
        kept: false,
      });
  }

  const kept = keptKeys(db, {
    eventIds: [...new Set(conflicts.filter((c) => c.kind === 'occurrence').map((c) => c.eventId!))],
    bookingIds: conflicts.filter((c) => c.kind === 'booking').map((c) => c.id),
    slotIds: conflicts.filter((c) => c.kind === 'slot').map((c) => c.id),
  });
  for (const c of conflicts) c.kept = kept.has(keepKey(c.kind, c.id, c.eventId, c.recurrenceLocal));
  return conflicts.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
