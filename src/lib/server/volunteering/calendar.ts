/**
 * The personal calendar feed (/kalender/<token>.ics): the member's own slots and event registrations.
 * Times are given as Luxon DateTimes in Europe/Berlin with the event's time zone set, and the VTIMEZONE block
 * comes from timezones-ical-library, so clients show 15:00 as 15:00 whatever zone the server runs in.
 */
import { eq } from 'drizzle-orm';
import ical, { ICalEventStatus } from 'ical-generator';
import { tzlib_get_ical_block } from 'timezones-ical-library';
import type { Db } from '../db';
import { users, type User } from '../../../../db/schema';
import { currentFeedToken, feedTokenHash, nextFeedVersion } from '../feeds/feed-tokens';
import { translate, type Locale } from '../../../i18n';
import { toBerlin, ZONE } from '../../time';
import { occurrencePath } from '../../paths';
import { listOwnSlotSignups } from './slots';
import { listOwnRegistrations } from '../registrations/events';

/** Issues a new address (the old one stops working at once); returns its secret. Only its hash is stored. */
export function issueCalendarToken(db: Db, userId: number): string {
  return db.transaction((tx) => {
    const row = tx.select({ version: users.calendarTokenVersion }).from(users).where(eq(users.id, userId)).get();
    const next = nextFeedVersion('user', userId, row?.version ?? 0);
    tx.update(users).set({ calendarTokenHash: next.hash, calendarTokenVersion: next.version }).where(eq(users.id, userId)).run();
    return next.token;
  });
}

export function revokeCalendarToken(db: Db, userId: number): void {
  db.update(users).set({ calendarTokenHash: null }).where(eq(users.id, userId)).run();
}

/** The secret of the member's current feed address, to show it; null without a feed (or one that cannot be shown). */
export function personalFeedToken(user: Pick<User, 'id' | 'calendarTokenHash' | 'calendarTokenVersion'>): string | null {
  return currentFeedToken('user', user.id, user.calendarTokenVersion, user.calendarTokenHash);
}

export function findUserByCalendarToken(db: Db, token: string): User | null {
  if (token.length < 20 || token.length > 200) return null;
  const user = db
    .select()
    .from(users)
    .where(eq(users.calendarTokenHash, feedTokenHash(token)))
    .get();
  return user && !user.disabledAt ? user : null;
}

function vtimezone(zone: string): string | null {
  const block = tzlib_get_ical_block(zone);
  return Array.isArray(block) ? (block[0] ?? null) : null;
}

export function buildPersonalCalendar(db: Db, user: Pick<User, 'id'>, options: { baseUrl: string; siteName: string; locale: Locale; now?: Date }): string {
  const now = options.now ?? new Date();
  const host = new URL(options.baseUrl).host;
  const calendar = ical({
    name: translate(options.locale, 'volunteering.feed.name', { site: options.siteName }),
    prodId: { company: options.siteName, product: 'Quartiersportal', language: options.locale.toUpperCase() },
    timezone: { name: ZONE, generator: vtimezone },
    // Subscribing clients refresh hourly; sign-ups change more often than public events.
    ttl: 60 * 60,
  });
  // Past entries of the last month stay so a just-finished shift does not vanish mid-day.
  const since = toBerlin(now).minus({ months: 1 }).toJSDate();
  for (const s of listOwnSlotSignups(db, user.id, since)) {
    const title = s.status === 'waiting' ? translate(options.locale, 'volunteering.feed.waiting', { title: s.title }) : s.title;
    calendar.createEvent({
      id: `slot-${s.slotId}-user-${user.id}@${host}`,
      start: toBerlin(s.startsAt),
      end: toBerlin(s.endsAt),
      timezone: ZONE,
      summary: `${title} (${s.programmeName})`,
      location: s.placeName ?? s.locationName ?? null,
      url: `${options.baseUrl}/mitmachen/${s.programmeSlug}`,
      status: s.status === 'waiting' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      stamp: now,
    });
  }
  for (const r of listOwnRegistrations(db, user.id, since)) {
    const title = r.status === 'waiting' ? translate(options.locale, 'volunteering.feed.waiting', { title: r.title }) : r.title;
    calendar.createEvent({
      id: `registration-${r.occurrenceId}-user-${user.id}@${host}`,
      start: toBerlin(r.startsAt),
      end: toBerlin(r.endsAt),
      timezone: ZONE,
      summary: title,
      url: `${options.baseUrl}${occurrencePath(r)}`,
      status: r.status === 'waiting' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
      stamp: now,
    });
  }
  return calendar.toString();
}
