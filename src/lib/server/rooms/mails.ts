/**
 * Mails of the booking workflow, written to the outbox in the transaction of the step that causes them.
 * Each mail goes out in the recipient's language; a series is one mail listing its dates.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { staffScopes, users, type MailAttachment } from '../../../../db/schema';
import { enqueueMail } from '../mail/outbox';
import { translator, type MessageKey, type Locale } from '../../../i18n';
import { recipientLocale } from '../mail/recipient-locale';
import { formatLongDate, formatTimeRange } from '../../time';
import { getConfig } from '../config';
import { getBookingDetail, type BookingDetail } from './bookings';
import { renderBookingsCalendar } from './feeds';
import { bookingFeedTexts } from './feed-texts';

export type BookingMailKind = 'requested' | 'confirmed' | 'declined' | 'cancelled' | 'staff-request' | 'staff-cancelled' | 'reminder';

export interface MailBooking {
  id: number;
  startsAt: Date;
  endsAt: Date;
  purpose: string;
}

export interface BookingMailContext {
  roomName: string;
  placeName: string;
  organisationName: string;
  bookings: MailBooking[];
  reason?: string;
  /** Path of the page the recipient acts on (the booking, or the staff queue). */
  path: string;
}

interface Recipient {
  email: string;
  locale: Locale;
}

const subjectKey: Record<BookingMailKind, MessageKey> = {
  requested: 'rooms.mail.requested.subject',
  confirmed: 'rooms.mail.confirmed.subject',
  declined: 'rooms.mail.declined.subject',
  cancelled: 'rooms.mail.cancelled.subject',
  'staff-request': 'rooms.mail.staffRequest.subject',
  'staff-cancelled': 'rooms.mail.staffCancelled.subject',
  reminder: 'rooms.mail.reminder.subject',
};
const bodyKey: Record<BookingMailKind, MessageKey> = {
  requested: 'rooms.mail.requested.body',
  confirmed: 'rooms.mail.confirmed.body',
  declined: 'rooms.mail.declined.body',
  cancelled: 'rooms.mail.cancelled.body',
  'staff-request': 'rooms.mail.staffRequest.body',
  'staff-cancelled': 'rooms.mail.staffCancelled.body',
  reminder: 'rooms.mail.reminder.body',
};

function composeMail(kind: BookingMailKind, ctx: BookingMailContext, locale: Locale): { subject: string; text: string } {
  const t = translator(locale);
  const first = ctx.bookings[0]!;
  const params = {
    room: ctx.roomName,
    place: ctx.placeName,
    organisation: ctx.organisationName,
    date: formatLongDate(first.startsAt, locale),
    time: formatTimeRange(first.startsAt, first.endsAt, locale),
    purpose: first.purpose,
    count: ctx.bookings.length,
  };
  const dates = ctx.bookings.map((b) => `- ${formatLongDate(b.startsAt, locale)}, ${formatTimeRange(b.startsAt, b.endsAt, locale)}`).join('\n');
  const parts = [t('rooms.mail.greeting'), '', t(bodyKey[kind], params), '', dates];
  if (ctx.reason) parts.push('', t('rooms.mail.reason', { reason: ctx.reason }));
  parts.push('', t('rooms.mail.link', { url: new URL(ctx.path, getConfig().publicUrl).toString() }), '', t('rooms.mail.signature'));
  return { subject: t(subjectKey[kind], params), text: parts.join('\n') };
}

export function userRecipient(db: Db, userId: number | null): Recipient | null {
  if (userId === null) return null;
  const user = db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.disabledAt)))
    .get();
  return user ? { email: user.email, locale: recipientLocale(db, { email: user.email, userId }) } : null;
}

/** Staff (not admins, who are city-wide) responsible for the Quartier. */
export function staffRecipients(db: Db, quartierId: number): Recipient[] {
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(staffScopes, eq(staffScopes.userId, users.id))
    .where(and(eq(staffScopes.quartierId, quartierId), inArray(users.role, ['staff']), isNull(users.disabledAt)))
    .all()
    .map((u) => ({ email: u.email, locale: recipientLocale(db, { email: u.email, userId: u.id }) }));
}

/** The mails that tell the organisation its dates are booked carry them as a calendar file to import in one go. */
const WITH_CALENDAR_FILE: readonly BookingMailKind[] = ['confirmed'];

function bookedDatesFile(db: Db, ctx: BookingMailContext): MailAttachment {
  const details = ctx.bookings.map((b) => getBookingDetail(db, b.id)).filter((d): d is BookingDetail => d !== null);
  return {
    filename: 'raumbuchung.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: renderBookingsCalendar(details, bookingFeedTexts(ctx.organisationName, false), getConfig().publicUrl),
  };
}

export function enqueueBookingMail(db: Db, kind: BookingMailKind, recipients: (Recipient | null)[], ctx: BookingMailContext, dedupeKey?: string): void {
  if (ctx.bookings.length === 0) return;
  const attachments = WITH_CALENDAR_FILE.includes(kind) && recipients.some(Boolean) ? [bookedDatesFile(db, ctx)] : [];
  for (const recipient of recipients) {
    if (!recipient) continue;
    const { subject, text } = composeMail(kind, ctx, recipient.locale);
    enqueueMail(db, {
      to: recipient.email,
      subject,
      text,
      kind: `booking-${kind}`,
      attachments,
      ...(dedupeKey ? { dedupeKey: `${dedupeKey}:${recipient.email}` } : {}),
    });
  }
}
