/**
 * Reading bookings: one booking with its room, place, organisation and requester, who may see it, and the lists
 * of the organisation's bookings, the approval queue, the occupancy calendar and the recent decisions.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { bookings, organisations, places, rooms, users, type Booking, type Room } from '../../../../db/schema';
import { canManageQuartier, organisationRole, staffQuartierIds, type Actor } from '../auth/permissions';
import { ACTIVE_STATUSES, checkSlots } from './booking-rules';

export interface BookingDetail {
  booking: Booking;
  room: Pick<Room, 'id' | 'name' | 'slug' | 'cancelDeadlineHours' | 'requiresApproval' | 'bufferMinutes'>;
  place: { id: number; name: string; slug: string; quartierId: number };
  organisation: { id: number; name: string };
  requester: { id: number; displayName: string; email: string } | null;
}

function detailQuery(db: Db, where: SQL | undefined) {
  return db
    .select({
      booking: bookings,
      room: {
        id: rooms.id,
        name: rooms.name,
        slug: rooms.slug,
        cancelDeadlineHours: rooms.cancelDeadlineHours,
        requiresApproval: rooms.requiresApproval,
        bufferMinutes: rooms.bufferMinutes,
      },
      place: { id: places.id, name: places.name, slug: places.slug, quartierId: places.quartierId },
      organisation: { id: organisations.id, name: organisations.name },
      requesterId: users.id,
      requesterName: users.displayName,
      requesterEmail: users.email,
    })
    .from(bookings)
    .innerJoin(rooms, eq(rooms.id, bookings.roomId))
    .innerJoin(places, eq(places.id, rooms.placeId))
    .innerJoin(organisations, eq(organisations.id, bookings.organisationId))
    .leftJoin(users, eq(users.id, bookings.requestedBy))
    .where(where);
}

type DetailRow = ReturnType<ReturnType<typeof detailQuery>['all']>[number];

function toDetail(row: DetailRow): BookingDetail {
  return {
    booking: row.booking,
    room: row.room,
    place: row.place,
    organisation: row.organisation,
    requester: row.requesterId !== null ? { id: row.requesterId, displayName: row.requesterName ?? '', email: row.requesterEmail ?? '' } : null,
  };
}

/** The bookings that match, earliest first. */
export function listBookingDetails(db: Db, where: SQL | undefined): BookingDetail[] {
  return detailQuery(db, where).orderBy(asc(bookings.startsAt)).all().map(toDetail);
}

export function getBookingDetail(db: Db, bookingId: number): BookingDetail | null {
  const row = detailQuery(db, eq(bookings.id, bookingId)).get();
  return row ? toDetail(row) : null;
}

/** Whether the actor may see the booking's details: a member of its organisation, or staff of its Quartier. */
export function canSeeBooking(db: Db, actor: Actor, detail: BookingDetail): boolean {
  return !!organisationRole(db, actor.id, detail.organisation.id) || canManageQuartier(db, actor, detail.place.quartierId);
}

/** Bookings of the organisations, upcoming first (or all when `from` is not given). */
export function listOrganisationBookings(db: Db, organisationIds: number[], from?: Date): BookingDetail[] {
  if (organisationIds.length === 0) return [];
  const conditions = [inArray(bookings.organisationId, organisationIds)];
  if (from) conditions.push(gte(bookings.endsAt, from));
  return listBookingDetails(db, and(...conditions));
}

export interface PendingGroup {
  /** The series id, or null for a single request. */
  seriesId: number | null;
  items: (BookingDetail & { conflicts: string[] })[];
}

/** Requests waiting for a decision in the given Quartiere, grouped by series, each with what stands against it now. */
export function listPendingRequests(db: Db, quartierIds: number[] | 'all', now: Date = new Date()): PendingGroup[] {
  if (quartierIds !== 'all' && quartierIds.length === 0) return [];
  const conditions = [eq(bookings.status, 'requested')];
  if (quartierIds !== 'all') conditions.push(inArray(places.quartierId, quartierIds));
  const rows = listBookingDetails(db, and(...conditions));
  const groups = new Map<string, PendingGroup>();
  for (const detail of rows) {
    const full = db.select().from(rooms).where(eq(rooms.id, detail.room.id)).get()!;
    const [check] = checkSlots(db, full, [detail.booking], now, [detail.booking.id]);
    const conflicts = (check?.violations ?? []).map((v) => v.code).filter((c) => c !== 'lead_time');
    const key = detail.booking.seriesId !== null ? `s${detail.booking.seriesId}` : `b${detail.booking.id}`;
    const group = groups.get(key) ?? { seriesId: detail.booking.seriesId, items: [] };
    group.items.push({ ...detail, conflicts });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** This booking and the later requested or confirmed dates of its series: what "all following dates" cancels. */
export function listFollowingSeriesBookings(db: Db, detail: BookingDetail): BookingDetail[] {
  if (detail.booking.seriesId === null) return [detail];
  return listBookingDetails(
    db,
    and(eq(bookings.seriesId, detail.booking.seriesId), gte(bookings.startsAt, detail.booking.startsAt), inArray(bookings.status, ACTIVE_STATUSES)),
  );
}

/** The latest moment an organisation may cancel the booking itself. */
export function cancelDeadline(detail: Pick<BookingDetail, 'booking' | 'room'>): Date {
  return DateTime.fromJSDate(detail.booking.startsAt).minus({ hours: detail.room.cancelDeadlineHours }).toJSDate();
}

/** Bookings of all rooms of a place in [from, to) for the staff occupancy calendar (cancelled/declined left out). */
export function listPlaceBookings(db: Db, placeId: number, from: Date, to: Date): BookingDetail[] {
  return listBookingDetails(
    db,
    and(eq(rooms.placeId, placeId), inArray(bookings.status, ACTIVE_STATUSES), lt(bookings.startsAt, to), gt(bookings.endsAt, from)),
  );
}

/** Recently decided or cancelled bookings in the staff member's Quartiere, for the back office. */
export function listRecentDecisions(db: Db, actor: Actor, limit = 20): BookingDetail[] {
  const ids = staffQuartierIds(db, actor);
  if (ids !== 'all' && ids.length === 0) return [];
  const conditions = [inArray(bookings.status, ['confirmed', 'declined', 'cancelled'] as const)];
  if (ids !== 'all') conditions.push(inArray(places.quartierId, ids));
  return detailQuery(db, and(...conditions))
    .orderBy(desc(bookings.updatedAt))
    .limit(limit)
    .all()
    .map(toDetail);
}
