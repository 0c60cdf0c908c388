import { translator } from '../../../i18n';
import type { BookingDetail } from './bookings';
import type { FeedTexts } from './feeds';

/** Feed texts in German (calendar apps show them to everyone subscribing; the portal is German first). */
export function bookingFeedTexts(name: string, withOrganisation: boolean): FeedTexts {
  const t = translator('de');
  const status = (d: BookingDetail): string => t(`rooms.status.${d.booking.status}`);
  return {
    calendarName: t('rooms.feed.calendarName', { name }),
    summary: (d) => (withOrganisation ? `${d.room.name}: ${d.organisation.name} – ${d.booking.purpose}` : `${d.room.name}: ${d.booking.purpose}`),
    description: (d) =>
      [
        `${t('rooms.bookings.purpose')}: ${d.booking.purpose}`,
        `${t('rooms.bookings.organisation')}: ${d.organisation.name}`,
        `${t('rooms.request.people')}: ${d.booking.expectedAttendees}`,
        `${t('rooms.bookings.status')}: ${status(d)}`,
      ].join('\n'),
  };
}

export function feedResponse(body: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Cache-Control': 'private, max-age=300',
      'Content-Disposition': 'inline; filename="raumbuchungen.ics"',
    },
  });
}
