/**
 * What happens to a booking after the request: staff of its Quartier confirm or decline it (or every open date
 * of its series), and the organisation or staff cancel it. Each step is one IMMEDIATE transaction that changes
 * the bookings, records the audit entry and queues the mails together.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings } from '../../../../db/schema';
import { canManageQuartier, organisationRole, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { BookingForbiddenError, BookingStateError, RoomNotFoundError } from './errors';
import { ACTIVE_STATUSES } from './booking-rules';
import { cancelDeadline, getBookingDetail, listBookingDetails, listFollowingSeriesBookings, type BookingDetail } from './bookings';
import { enqueueBookingMail, staffRecipients, userRecipient, type BookingMailContext } from './mails';

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
  return listBookingDetails(db, and(eq(bookings.seriesId, detail.booking.seriesId), eq(bookings.status, 'requested')));
}

export type Decision = { kind: 'confirm' } | { kind: 'decline'; reason: string };

/** Staff of the booking's Quartier confirm or decline a request (or all open requests of its series). */
export function decideBooking(
  db: Db,
  actor: Actor,
  bookingId: number,
  decision: Decision,
  options: { wholeSeries?: boolean } = {},
  now: Date = new Date(),
): number[] {
  return db.transaction((tx) => {
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
    enqueueBookingMail(
      tx,
      decision.kind === 'confirm' ? 'confirmed' : 'declined',
      [recipient],
      mailContext(first, targets, `/raeume/buchungen/${first.booking.id}`, reason),
    );
    return ids;
  });
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
  return db.transaction((tx) => {
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
    const targets = options.wholeSeries ? listFollowingSeriesBookings(tx, detail) : [detail];
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
      recordAudit(tx, {
        actorUserId: actor.id,
        action: 'booking.cancel',
        entityType: 'booking',
        entityId: ids.join(','),
        quartierId: detail.place.quartierId,
        details: { bookingIds: ids, reason },
      });
      enqueueBookingMail(tx, 'cancelled', [userRecipient(tx, detail.booking.requestedBy)], ctx);
    } else {
      enqueueBookingMail(tx, 'staff-cancelled', staffRecipients(tx, detail.place.quartierId), { ...ctx, path: '/verwaltung/raeume' });
      // The requester gets the cancellation in writing even when they cancelled themselves: it is their record.
      enqueueBookingMail(tx, 'cancelled', [userRecipient(tx, detail.booking.requestedBy)], ctx);
    }
    return ids;
  });
}
