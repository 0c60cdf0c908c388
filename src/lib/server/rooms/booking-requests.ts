/**
 * Requesting a booking or a series. THE INVARIANT: two bookings of one room that are requested or confirmed
 * never overlap, counting the room's buffer. `requestBooking` checks and inserts inside one IMMEDIATE
 * transaction, so SQLite takes the write lock before the check and no other writer (in this or another
 * process) can slip a booking in between; the `bookings_no_overlap_*` triggers (migration 0001) are the
 * second guard for any other writer.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { bookingSeries, bookings, organisations, rooms } from '../../../../db/schema';
import { organisationRole, type Actor } from '../auth/permissions';
import { BookingForbiddenError, BookingRuleError, RoomNotFoundError, SeriesConflictError, type RuleViolation, type SlotCheck } from './errors';
import { checkSlots, planSlots, sharedViolations, type SlotPlan } from './booking-rules';
import { getRoom, isOrganisationAllowed } from './rooms';
import { enqueueBookingMail, staffRecipients, userRecipient, type BookingMailContext } from './mails';

export interface BookingRequestInput extends SlotPlan {
  roomId: number;
  organisationId: number;
  purpose: string;
  expectedAttendees: number;
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
 * Every broken rule is reported at once, so one submit tells the person all there is to fix: a BookingRuleError
 * (a single booking, or a series whose request itself is wrong) or a SeriesConflictError (some dates of a
 * series are taken, unless skipConflicts) with the result for every date.
 */
export function requestBooking(db: Db, actor: Actor, input: BookingRequestInput, now: Date = new Date()): BookingRequestResult {
  const slots = planSlots(input);
  try {
    return db.transaction((tx) => {
      const found = getRoom(tx, input.roomId);
      if (!found) throw new RoomNotFoundError();
      const { room, place } = found;
      requireMember(tx, actor, input.organisationId);
      const requestViolations: RuleViolation[] = [];
      if (!room.active) requestViolations.push({ code: 'room_inactive' });
      if (!isOrganisationAllowed(tx, room.id, input.organisationId)) requestViolations.push({ code: 'organisation_not_allowed' });
      if (slots.some((s) => s.endsAt <= s.startsAt)) requestViolations.push({ code: 'end_before_start' });
      if (input.expectedAttendees > room.capacity) requestViolations.push({ code: 'over_capacity', params: { capacity: room.capacity } });

      const checks = checkSlots(tx, room, slots, now);
      const conflicts = checks.filter((c) => c.violations.length > 0);
      const free = checks.filter((c) => c.violations.length === 0);
      if (!input.series) {
        const violations = [...requestViolations, ...(checks[0]?.violations ?? [])];
        if (violations.length > 0) throw new BookingRuleError(violations);
      } else if (requestViolations.length > 0) {
        // No date of the series could be booked as asked: say why, with what every date breaks as well.
        throw new BookingRuleError([...requestViolations, ...sharedViolations(checks)]);
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
    });
  } catch (error) {
    // The trigger fired: another writer got there first (should not happen with the immediate transaction).
    if (isOverlapTriggerError(error)) throw new BookingRuleError([{ code: 'overlap', params: { buffer: 0 } }]);
    throw error;
  }
}

/** Read-only check of every date of a request, for showing a series' conflicts next to the form. */
export function previewBooking(db: Db, input: SlotPlan & { roomId: number }, now: Date = new Date()): SlotCheck[] {
  const room = db.select().from(rooms).where(eq(rooms.id, input.roomId)).get();
  if (!room) return [];
  try {
    return checkSlots(db, room, planSlots(input), now);
  } catch {
    return [];
  }
}
