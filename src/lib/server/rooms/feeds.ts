/**
 * Private calendars of room bookings (one per organisation, one per place for staff) and offering a
 * confirmed booking as a public event. Feeds follow DESIGN.md: Europe/Berlin with VTIMEZONE, zoned
 * dates (never plain Dates, which ical-generator would format in the process's zone), stable UIDs,
 * SEQUENCE on change, cancelled bookings as STATUS:CANCELLED.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray } from 'drizzle-orm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { bookings, eventQuartiere, events, organisations, places, rooms } from '../../../../db/schema';
import { canManageQuartier, organisationRole, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { feedTokenHash, nextFeedVersion } from '../feeds/feed-tokens';
import { syncOccurrences } from '../events/occurrences';
import { berlinZone, instantToLocal, ZONE } from '../../time';
import { slugify } from '../../slug';
import { BookingForbiddenError, BookingStateError, RoomNotFoundError } from './errors';
import { getBookingDetail, type BookingDetail } from './bookings';

/** How long back a feed reaches; older bookings are of no use in a calendar app. */
const FEED_PAST_MONTHS = 3;

export function getOrganisationByCalendarToken(db: Db, token: string): { id: number; name: string } | null {
  if (!token || token.length > 200) return null;
  return (
    db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.calendarTokenHash, feedTokenHash(token)))
      .get() ?? null
  );
}

export function getPlaceByBookingCalendarToken(db: Db, token: string): { id: number; name: string } | null {
  if (!token || token.length > 200) return null;
  return (
    db
      .select({ id: places.id, name: places.name })
      .from(places)
      .where(eq(places.bookingCalendarTokenHash, feedTokenHash(token)))
      .get() ?? null
  );
}

/** A new secret feed address for the organisation (the old one stops working); organisation admins only. */
export function renewOrganisationCalendarToken(db: Db, actor: Actor, organisationId: number): string {
  if (organisationRole(db, actor.id, organisationId) !== 'admin') throw new BookingForbiddenError();
  return db.transaction((tx) => {
    const row = tx.select({ version: organisations.calendarTokenVersion }).from(organisations).where(eq(organisations.id, organisationId)).get();
    const next = nextFeedVersion('organisation', organisationId, row?.version ?? 0);
    tx.update(organisations).set({ calendarTokenHash: next.hash, calendarTokenVersion: next.version }).where(eq(organisations.id, organisationId)).run();
    return next.token;
  });
}

/** A new secret feed address for the place's bookings; staff of its Quartier only. */
export function renewPlaceCalendarToken(db: Db, actor: Actor, placeId: number): string {
  return db.transaction((tx) => {
    const place = tx.select({ quartierId: places.quartierId, version: places.bookingCalendarTokenVersion }).from(places).where(eq(places.id, placeId)).get();
    if (!place) throw new RoomNotFoundError();
    if (!canManageQuartier(tx, actor, place.quartierId)) throw new BookingForbiddenError();
    const next = nextFeedVersion('place', placeId, place.version);
    tx.update(places).set({ bookingCalendarTokenHash: next.hash, bookingCalendarTokenVersion: next.version }).where(eq(places.id, placeId)).run();
    recordAudit(tx, { actorUserId: actor.id, action: 'place.booking_feed.renew', entityType: 'place', entityId: placeId, quartierId: place.quartierId });
    return next.token;
  });
}

function feedBookings(db: Db, where: ReturnType<typeof eq>, now: Date): number[] {
  const since = DateTime.fromJSDate(now).minus({ months: FEED_PAST_MONTHS }).toJSDate();
  return db
    .select({ id: bookings.id })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .where(and(where, gte(bookings.endsAt, since), inArray(bookings.status, ['requested', 'confirmed', 'cancelled'])))
    .all()
    .map((r) => r.id);
}

export function listOrganisationFeedBookings(db: Db, organisationId: number, now: Date = new Date()): BookingDetail[] {
  return feedBookings(db, eq(bookings.organisationId, organisationId), now).map((id) => getBookingDetail(db, id)!);
}

export function listPlaceFeedBookings(db: Db, placeId: number, now: Date = new Date()): BookingDetail[] {
  return feedBookings(db, eq(rooms.placeId, placeId), now).map((id) => getBookingDetail(db, id)!);
}

export interface FeedTexts {
  calendarName: string;
  /** Summary of one booking, e.g. "Gruppenraum: Vorstandssitzung (Bürgerverein Kray)". */
  summary(detail: BookingDetail): string;
  description(detail: BookingDetail): string;
}

/** RFC 5545 text of the bookings. */
export function renderBookingsCalendar(details: BookingDetail[], texts: FeedTexts, publicUrl: string): string {
  const calendar = ical({
    name: texts.calendarName,
    prodId: { company: 'Quartiersportal', product: 'Raumbuchung', language: 'DE' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: { name: ZONE, generator: (tz) => [tzlib_get_ical_block(tz)].flat()[0] ?? null },
    ttl: 60 * 60,
  });
  for (const detail of details) {
    const b = detail.booking;
    calendar.createEvent({
      id: `booking-${b.id}@quartiersportal`,
      start: DateTime.fromJSDate(b.startsAt, { zone: berlinZone }),
      end: DateTime.fromJSDate(b.endsAt, { zone: berlinZone }),
      timezone: ZONE,
      stamp: DateTime.fromJSDate(b.updatedAt, { zone: berlinZone }),
      sequence: b.sequence,
      summary: texts.summary(detail),
      description: texts.description(detail),
      location: `${detail.room.name}, ${detail.place.name}`,
      status: b.status === 'cancelled' ? ICalEventStatus.CANCELLED : b.status === 'confirmed' ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
      url: new URL(`/raeume/buchungen/${b.id}`, publicUrl).toString(),
    });
  }
  return calendar.toString();
}

/**
 * A member of the booking's organisation offers a confirmed booking as a public event: it is created as
 * `proposed` and waits in the staff review like every proposed event.
 */
export function offerBookingAsEvent(db: Db, actor: Actor, bookingId: number, input: { title: string; description: string }, now: Date = new Date()): number {
  return db.transaction((tx) => {
    const detail = getBookingDetail(tx, bookingId);
    if (!detail) throw new RoomNotFoundError();
    if (!organisationRole(tx, actor.id, detail.organisation.id)) throw new BookingForbiddenError();
    if (detail.booking.status !== 'confirmed') throw new BookingStateError('not_confirmed');
    if (tx.select({ id: events.id }).from(events).where(eq(events.bookingId, bookingId)).get()) throw new BookingStateError('already_offered');
    const title = input.title.trim();
    const event = tx
      .insert(events)
      .values({
        uid: `${randomUUID()}@quartiersportal`,
        slug: slugify(title) || 'veranstaltung',
        title,
        description: input.description.trim(),
        startLocal: instantToLocal(detail.booking.startsAt),
        endLocal: instantToLocal(detail.booking.endsAt),
        firstStartsAt: detail.booking.startsAt,
        lastEndsAt: detail.booking.endsAt,
        placeId: detail.place.id,
        organisationId: detail.organisation.id,
        organiserName: detail.organisation.name,
        status: 'proposed',
        createdBy: actor.id,
        bookingId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: events.id })
      .get();
    tx.insert(eventQuartiere).values({ eventId: event.id, quartierId: detail.place.quartierId }).run();
    syncOccurrences(tx, event.id, now);
    return event.id;
  });
}

export function getOfferedEventId(db: Db, bookingId: number): number | null {
  return db.select({ id: events.id }).from(events).where(eq(events.bookingId, bookingId)).get()?.id ?? null;
}
