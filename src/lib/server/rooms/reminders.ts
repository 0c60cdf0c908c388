/**
 * The day-before reminder of a confirmed booking. Run by the background jobs every few minutes; each
 * booking is reminded once (reminder_sent_at, and the outbox dedupe key should two workers overlap).
 */
import { and, eq, gte, isNull, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { bookings } from '../../../../db/schema';
import { berlinZone } from '../../time';
import { getBookingDetail } from './bookings';
import { enqueueBookingMail, userRecipient } from './mails';

/** Queues reminders for confirmed bookings that start tomorrow (Berlin calendar day); returns how many. */
export function sendBookingReminders(db: Db, now: Date = new Date()): number {
  const tomorrow = DateTime.fromJSDate(now, { zone: berlinZone }).startOf('day').plus({ days: 1 });
  const from = tomorrow.toJSDate();
  const to = tomorrow.plus({ days: 1 }).toJSDate();
  return db.transaction((tx) => {
    const due = tx
      .select({ id: bookings.id })
      .from(bookings)
      .where(and(eq(bookings.status, 'confirmed'), isNull(bookings.reminderSentAt), gte(bookings.startsAt, from), lt(bookings.startsAt, to)))
      .all();
    for (const { id } of due) {
      const detail = getBookingDetail(tx, id)!;
      const b = detail.booking;
      enqueueBookingMail(
        tx,
        'reminder',
        [userRecipient(tx, b.requestedBy)],
        {
          roomName: detail.room.name,
          placeName: detail.place.name,
          organisationName: detail.organisation.name,
          bookings: [{ id: b.id, startsAt: b.startsAt, endsAt: b.endsAt, purpose: b.purpose }],
          path: `/raeume/buchungen/${b.id}`,
        },
        `booking-reminder:${b.id}`,
      );
      tx.update(bookings).set({ reminderSentAt: now }).where(eq(bookings.id, id)).run();
    }
    return due.length;
  });
}
