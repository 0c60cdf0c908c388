/**
 * Booking requests and their workflow. THE INVARIANT: two bookings of one room that are requested or
 * confirmed never overlap, counting the room's buffer. `requestBooking` checks and inserts inside one
 * IMMEDIATE transaction, so SQLite takes the write lock before the check and no other writer (in this or
 * another process) can slip a booking in between; the `bookings_no_overlap_*` triggers (migration
 * 0001) are the second guard for any other writer.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import {
  bookingSeries,
  bookings,
  organisations,
  places,
  roomClosures,
  rooms,
  users,
  type Booking,
  type BookingStatus,
  type Room,
} from '../../../../db/schema';
import { canManageQuartier, organisationRole, staffQuartierIds, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { ZONE } from '../../time';
import {
  BookingForbiddenError,
  BookingRuleError,
  BookingStateError,
  RoomNotFoundError,
  SeriesConflictError,
  type RuleViolation,
  type SlotCheck,
} from './errors';
import { isWithinWindows, listBookableWindows, type TimeWindow } from './hours';
import { getRoom, isOrganisationAllowed, MAX_BOOKING_MINUTES } from './rooms';
import { enqueueBookingMail, staffRecipients, userRecipient, type BookingMailContext } from './mails';

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

export interface BookingRequestInput {
  roomId: number;
  organisationId: number;
  /** Berlin date `YYYY-MM-DD` of the (first) booking. */
  date: string;
  /** Berlin wall-clock `HH:MM`. */
  from: string;
  to: string;
  purpose: string;
  expectedAttendees: number;
  series?: SeriesInput | null | undefined;
  /** For a series with conflicts: book the free dates and leave out the others. */
  skipConflicts?: boolean | undefined;
}

export interface BookingRequestResult {
  status: 'requested' | 'confirmed';
  bookingIds: number[];
  seriesId: number | null;
  /** Dates of a series that were left out (only with `skipConflicts`). */
  skipped: SlotCheck[];
}

interface Slot {
  startsAt: Date;
  endsAt: Date;
}

/** The planned instants of a request in Berlin wall-clock time (a series keeps 18:00 at 18:00 across DST). */
export function planSlots(input: Pick<BookingRequestInput, 'date' | 'from' | 'to' | 'series'>): Slot[] {
  const first = DateTime.fromISO(input.date, { zone: ZONE });
  if (!first.isValid) throw new BookingRuleError([{ code: 'no_dates' }]);
  const at = (day: DateTime, hhmm: string): DateTime => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  };
  const dates: DateTime[] = [first];
  if (input.series) {
    const step = input.series.rule === 'fortnightly' ? 2 : 1;
    const until = input.series.until ? DateTime.fromISO(input.series.until, { zone: ZONE }) : null;
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

type RuleRoom = Pick<Room, 'id' | 'placeId' | 'bookableFrom' | 'bookableUntil' | 'minMinutes' | 'maxMinutes' | 'leadTimeHours' | 'maxAdvanceDays' | 'bufferMinutes'>;

/** Every per-date rule for each slot: time rules, bookable hours, closures, overlaps (with buffer). */
export function checkSlots(db: Db, room: RuleRoom, slots: Slot[], now: Date, ignoreBookingIds: number[] = []): SlotCheck[] {
  if (slots.length === 0) return [];
  const from = slots[0]!.startsAt;
  const to = slots[slots.length - 1]!.endsAt;
  const active = listActiveIntervals(db, room.id, from, to, room.bufferMinutes).filter((b) => !ignoreBookingIds.includes(b.id));
  const closures = listClosuresBetween(db, room.id, from, to);
  const nowBerlin = DateTime.fromJSDate(now, { zone: ZONE });
  const earliest = nowBerlin.plus({ hours: room.leadTimeHours });
  const latestDate = nowBerlin.plus({ days: room.maxAdvanceDays }).toISODate()!;
  const windowsByDate = new Map<string, TimeWindow[]>();
  return slots.map((slot) => {
    const violations: RuleViolation[] = [];
    const start = DateTime.fromJSDate(slot.startsAt, { zone: ZONE });
    const date = start.toISODate()!;
    const minutes = Math.round((slot.endsAt.getTime() - slot.startsAt.getTime()) / MINUTE_MS);
    if (slot.startsAt <= now) violations.push({ code: 'in_past' });
    else if (start < earliest) violations.push({ code: 'lead_time', params: { hours: room.leadTimeHours } });
    if (date > latestDate) violations.push({ code: 'too_far_ahead', params: { days: room.maxAdvanceDays } });
    if (minutes < room.minMinutes) violations.push({ code: 'too_short', params: { minutes: room.minMinutes } });
    if (minutes > room.maxMinutes) violations.push({ code: 'too_long', params: { minutes: room.maxMinutes } });
    let windows = windowsByDate.get(date);
    if (!windows) {
      windows = listBookableWindows(db, room, date);
      windowsByDate.set(date, windows);
    }
    if (!isWithinWindows(windows, slot.startsAt, slot.endsAt)) violations.push({ code: 'outside_hours' });
    const closure = closures.find((c) => c.startsAt < slot.endsAt && c.endsAt > slot.startsAt);
    if (closure) violations.push({ code: 'closure', params: { reason: closure.reason } });
    if (active.some((b) => overlapsWithBuffer(slot, b, room.bufferMinutes))) {
      violations.push({ code: 'overlap', params: { buffer: room.bufferMinutes } });
    }
    return { startsAt: slot.startsAt, endsAt: slot.endsAt, violations };
  });
}

function isOverlapTriggerError(error: unknown): boolean {
  return error instanceof Error && error.message.includes('booking_overlap');
}

function requireMember(db: Db, actor: Actor, organisationId: number): void {
  if (!organisationRole(db, actor.id, organisationId)) throw new BookingForbiddenError();
}

function organisationName(db: Db, organisationId: number): string {
  return db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, organisationId)).get()?.name ?? '';
}

/**
 * Requests a single booking or a weekly/fortnightly series for an organisation the actor belongs to.
 * Auto-confirming rooms confirm at once; others hold the slot as `requested` until staff decide.
 * Throws BookingRuleError (single) or SeriesConflictError (series, unless skipConflicts) with every reason.
 */
export function requestBooking(db: Db, actor: Actor, input: BookingRequestInput, now: Date = new Date()): BookingRequestResult {
  const slots = planSlots(input);
  try {
    return db.transaction(
      (tx) => {
        const found = getRoom(tx, input.roomId);
        if (!found) throw new RoomNotFoundError();
        const { room, place } = found;
        requireMember(tx, actor, input.organisationId);
        const requestViolations: RuleViolation[] = [];
        if (!room.active) requestViolations.push({ code: 'room_inactive' });
        if (!isOrganisationAllowed(tx, room.id, input.organisationId)) requestViolations.push({ code: 'organisation_not_allowed' });
        if (slots.some((s) => s.endsAt <= s.startsAt)) requestViolations.push({ code: 'end_before_start' });
        if (input.expectedAttendees > room.capacity) requestViolations.push({ code: 'over_capacity', params: { capacity: room.capacity } });
        if (requestViolations.length > 0) throw new BookingRuleError(requestViolations);

        const checks = checkSlots(tx, room, slots, now);
        const conflicts = checks.filter((c) => c.violations.length > 0);
        const free = checks.filter((c) => c.violations.length === 0);
        if (!input.series) {
          if (conflicts.length > 0) throw new BookingRuleError(conflicts[0]!.violations);
        } else if (free.length === 0 || (conflicts.length > 0 && !input.skipConflicts)) {
          throw new SeriesConflictError(conflicts, free);
        }

        const status: 'requested' | 'confirmed' = room.requiresApproval ? 'requested' : 'confirmed';
        const purpose = input.purpose.trim();
        const seriesId = input.series
          ? tx
              .insert(bookingSeries)
              .values({ roomId: room.id, organisationId: input.organisationId, requestedBy: actor.id, rule: input.series.rule, purpose, createdAt: now })
              .returning({ id: bookingSeries.id })
              .get().id
          : null;
        const inserted = tx
          .insert(bookings)
          .values(
            free.map((slot) => ({
              roomId: room.id,
              organisationId: input.organisationId,
              requestedBy: actor.id,
              seriesId,
              startsAt: slot.startsAt,
              endsAt: slot.endsAt,
              purpose,
              expectedAttendees: input.expectedAttendees,
              status,
              decidedAt: status === 'confirmed' ? now : null,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .returning({ id: bookings.id, startsAt: bookings.startsAt, endsAt: bookings.endsAt, purpose: bookings.purpose })
          .all();

        const ctx: BookingMailContext = {
          roomName: room.name,
          placeName: place.name,
          organisationName: organisationName(tx, input.organisationId),
          bookings: inserted,
          path: `/raeume/buchungen/${inserted[0]!.id}`,
        };
        enqueueBookingMail(tx, status === 'confirmed' ? 'confirmed' : 'requested', [userRecipient(tx, actor.id)], ctx);
        if (status === 'requested') {
          enqueueBookingMail(tx, 'staff-request', staffRecipients(tx, place.quartierId), { ...ctx, path: '/verwaltung/raeume' });
        }
        return { status, bookingIds: inserted.map((b) => b.id), seriesId, skipped: input.series ? conflicts : [] };
      },
      { behavior: 'immediate' },
    );
  } catch (error) {
    // The trigger fired: another writer got there first (should not happen with the immediate transaction).
    if (isOverlapTriggerError(error)) throw new BookingRuleError([{ code: 'overlap', params: { buffer: 0 } }]);
    throw error;
  }
}

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
      room: { id: rooms.id, name: rooms.name, slug: rooms.slug, cancelDeadlineHours: rooms.cancelDeadlineHours, requiresApproval: rooms.requiresApproval, bufferMinutes: rooms.bufferMinutes },
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
  return detailQuery(db, and(...conditions))
    .orderBy(asc(bookings.startsAt))
    .all()
    .map(toDetail);
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
  const rows = detailQuery(db, and(...conditions)).orderBy(asc(bookings.startsAt)).all().map(toDetail);
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

function mailContext(detail: BookingDetail, items: BookingDetail[], path: string, reason?: string): BookingMailContext {
  return {
    roomName: detail.room.name,
    placeName: detail.place.name,
    organisationName: detail.organisation.name,
    bookings: items.map((d) => ({ id: d.booking.id, startsAt: d.booking.startsAt, endsAt: d.booking.endsAt, purpose: d.booking.purpose })),
    path,
    ...(reason ? { reason } : {}),
  };
}

/** The bookings a decision applies to: one booking, or every still-requested booking of its series. */
function decisionTargets(db: Db, bookingId: number, wholeSeries: boolean): BookingDetail[] {
  const detail = getBookingDetail(db, bookingId);
  if (!detail) throw new RoomNotFoundError();
  if (!wholeSeries || detail.booking.seriesId === null) return [detail];
  return detailQuery(db, and(eq(bookings.seriesId, detail.booking.seriesId), eq(bookings.status, 'requested')))
    .orderBy(asc(bookings.startsAt))
    .all()
    .map(toDetail);
}

export type Decision = { kind: 'confirm' } | { kind: 'decline'; reason: string };

/** Staff of the booking's Quartier confirm or decline a request (or all open requests of its series). */
export function decideBooking(db: Db, actor: Actor, bookingId: number, decision: Decision, options: { wholeSeries?: boolean } = {}, now: Date = new Date()): number[] {
  return db.transaction(
    (tx) => {
      const targets = decisionTargets(tx, bookingId, options.wholeSeries ?? false);
      const first = targets[0];
      if (!first) throw new BookingStateError('not_pending');
      if (!canManageQuartier(tx, actor, first.place.quartierId)) throw new BookingForbiddenError();
      if (targets.some((d) => d.booking.status !== 'requested')) throw new BookingStateError('not_pending');
      const reason = decision.kind === 'decline' ? decision.reason.trim() : '';
      if (decision.kind === 'decline' && !reason) throw new BookingStateError('reason_required');
      const ids = targets.map((d) => d.booking.id);
      const status = decision.kind === 'confirm' ? 'confirmed' : 'declined';
      for (const target of targets) {
        tx.update(bookings)
          .set({ status, statusReason: reason, decidedBy: actor.id, decidedAt: now, sequence: target.booking.sequence + 1, updatedAt: now })
          .where(eq(bookings.id, target.booking.id))
          .run();
      }
      recordAudit(tx, {
        actorUserId: actor.id,
        action: decision.kind === 'confirm' ? 'booking.confirm' : 'booking.decline',
        entityType: 'booking',
        entityId: ids.join(','),
        quartierId: first.place.quartierId,
        details: { bookingIds: ids, reason },
      });
      const recipient = userRecipient(tx, first.booking.requestedBy);
      enqueueBookingMail(tx, decision.kind === 'confirm' ? 'confirmed' : 'declined', [recipient], mailContext(first, targets, `/raeume/buchungen/${first.booking.id}`, reason));
      return ids;
    },
    { behavior: 'immediate' },
  );
}

/** The latest moment an organisation may cancel the booking itself. */
export function cancelDeadline(detail: Pick<BookingDetail, 'booking' | 'room'>): Date {
  return DateTime.fromJSDate(detail.booking.startsAt).minus({ hours: detail.room.cancelDeadlineHours }).toJSDate();
}

/**
 * Cancels a requested or confirmed booking (or the rest of its series from this date on). Members of the
 * booking's organisation may until the deadline; staff of its Quartier at any time, with a reason.
 */
export function cancelBooking(
  db: Db,
  actor: Actor,
  bookingId: number,
  options: { reason?: string; wholeSeries?: boolean } = {},
  now: Date = new Date(),
): number[] {
  return db.transaction(
    (tx) => {
      const detail = getBookingDetail(tx, bookingId);
      if (!detail) throw new RoomNotFoundError();
      const asStaff = canManageQuartier(tx, actor, detail.place.quartierId);
      const asMember = !!organisationRole(tx, actor.id, detail.organisation.id);
      if (!asStaff && !asMember) throw new BookingForbiddenError();
      if (!(ACTIVE_STATUSES as readonly string[]).includes(detail.booking.status)) throw new BookingStateError('not_active');
      const reason = options.reason?.trim() ?? '';
      // Staff acting on another organisation's booking must say why; an organisation member cancelling
      // its own booking goes by the deadline instead.
      const staffPath = asStaff && !asMember;
      if (staffPath && !reason) throw new BookingStateError('reason_required');
      let targets = [detail];
      if (options.wholeSeries && detail.booking.seriesId !== null) {
        targets = detailQuery(
          tx,
          and(eq(bookings.seriesId, detail.booking.seriesId), gte(bookings.startsAt, detail.booking.startsAt), inArray(bookings.status, ACTIVE_STATUSES)),
        )
          .orderBy(asc(bookings.startsAt))
          .all()
          .map(toDetail);
      }
      if (!staffPath) {
        const late = targets.find((d) => d.booking.status === 'confirmed' && cancelDeadline(d) < now);
        if (late) throw new BookingStateError('cancel_deadline_passed', { hours: detail.room.cancelDeadlineHours });
      }
      const ids = targets.map((d) => d.booking.id);
      for (const target of targets) {
        tx.update(bookings)
          .set({ status: 'cancelled', statusReason: reason, cancelledBy: actor.id, cancelledAt: now, sequence: target.booking.sequence + 1, updatedAt: now })
          .where(eq(bookings.id, target.booking.id))
          .run();
      }
      const ctx = mailContext(detail, targets, `/raeume/buchungen/${detail.booking.id}`, reason);
      if (staffPath) {
        recordAudit(tx, { actorUserId: actor.id, action: 'booking.cancel', entityType: 'booking', entityId: ids.join(','), quartierId: detail.place.quartierId, details: { bookingIds: ids, reason } });
        enqueueBookingMail(tx, 'cancelled', [userRecipient(tx, detail.booking.requestedBy)], ctx);
      } else {
        enqueueBookingMail(tx, 'staff-cancelled', staffRecipients(tx, detail.place.quartierId), { ...ctx, path: '/verwaltung/raeume' });
        if (detail.booking.requestedBy !== actor.id) enqueueBookingMail(tx, 'cancelled', [userRecipient(tx, detail.booking.requestedBy)], ctx);
      }
      return ids;
    },
    { behavior: 'immediate' },
  );
}

/** Bookings of all rooms of a place in [from, to) for the staff occupancy calendar (cancelled/declined left out). */
export function listPlaceBookings(db: Db, placeId: number, from: Date, to: Date): BookingDetail[] {
  return detailQuery(
    db,
    and(eq(rooms.placeId, placeId), inArray(bookings.status, ACTIVE_STATUSES), lt(bookings.startsAt, to), gt(bookings.endsAt, from)),
  )
    .orderBy(asc(bookings.startsAt))
    .all()
    .map(toDetail);
}

/** Recently decided or cancelled bookings in the staff member's Quartiere, for the back office. */
export function listRecentDecisions(db: Db, actor: Actor, limit = 20): BookingDetail[] {
  const ids = staffQuartierIds(db, actor);
  if (ids !== 'all' && ids.length === 0) return [];
  const conditions = [inArray(bookings.status, ['confirmed', 'declined', 'cancelled'] as const)];
  if (ids !== 'all') conditions.push(inArray(places.quartierId, ids));
  return detailQuery(db, and(...conditions)).orderBy(desc(bookings.updatedAt)).limit(limit).all().map(toDetail);
}

/** Read-only check of every date of a request, for showing a series' conflicts next to the form. */
export function previewBooking(db: Db, input: Pick<BookingRequestInput, 'roomId' | 'date' | 'from' | 'to' | 'series'>, now: Date = new Date()): SlotCheck[] {
  const room = db.select().from(rooms).where(eq(rooms.id, input.roomId)).get();
  if (!room) return [];
  try {
    return checkSlots(db, room, planSlots(input), now);
  } catch {
    return [];
  }
}
