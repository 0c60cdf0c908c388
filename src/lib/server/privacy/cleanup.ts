/** Daily deletion of what the privacy statement says is kept only for a while. */
import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings } from '../../../../db/schema';
import { purgeMailFiles, purgeSentMails } from '../mail/worker';
import { anonymiseGuestRegistrations, expireManageLinks, purgeUnconfirmedRegistrations } from '../registrations/events';
import { purgeUserTokens } from '../accounts/tokens';
import { purgeExpiredSessions } from '../auth/session';
import { purgeRateLimits } from '../ratelimit';
import { purgeExpiredInvitations } from '../organisations';
import { toBerlin } from '../../time';

/**
 * Room bookings are records of the organisation (accounting, proof of use); who asked, decided or cancelled is kept
 * until the end of the third calendar year after the booking, as the privacy statement says, then forgotten.
 */
export function forgetBookingPeople(db: Db, now: Date = new Date()): number {
  const cutoff = toBerlin(now).startOf('year').minus({ years: 3 }).toJSDate();
  return db
    .update(bookings)
    .set({ requestedBy: null, decidedBy: null, cancelledBy: null })
    .where(and(lt(bookings.endsAt, cutoff), or(isNotNull(bookings.requestedBy), isNotNull(bookings.decidedBy), isNotNull(bookings.cancelledBy))))
    .run().changes;
}

export interface CleanupReport {
  sentMails: number;
  tokens: number;
  sessions: number;
  rateLimits: number;
  invitations: number;
  mailFiles: number;
  manageLinks: number;
  guestRegistrations: number;
  unconfirmedRegistrations: number;
  bookingPeople: number;
}

/** `mailDir`: the folder of the file transport (without SMTP), whose .eml files are kept as long as sent mails. */
export function runPrivacyCleanup(db: Db, now: Date = new Date(), mailDir: string | null = null): CleanupReport {
  return {
    sentMails: purgeSentMails(db, now),
    tokens: purgeUserTokens(db, now),
    sessions: purgeExpiredSessions(db, now),
    rateLimits: purgeRateLimits(db, toBerlin(now).minus({ days: 1 }).toJSDate()),
    invitations: purgeExpiredInvitations(db, now),
    mailFiles: mailDir ? purgeMailFiles(mailDir, now) : 0,
    manageLinks: expireManageLinks(db, now),
    guestRegistrations: anonymiseGuestRegistrations(db, now),
    unconfirmedRegistrations: purgeUnconfirmedRegistrations(db, now),
    bookingPeople: forgetBookingPeople(db, now),
  };
}
