import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { getConfig } from '../../../lib/server/config';
import { getOrganisationByCalendarToken, listOrganisationFeedBookings, renderBookingsCalendar } from '../../../lib/server/rooms/feeds';
import { bookingFeedTexts, feedResponse } from '../../../lib/server/rooms/feed-texts';

/** An organisation's private feed of its room bookings; the secret token in the URL is the only key. */
export const GET: APIRoute = ({ params }) => {
  const db = getDb();
  const organisation = getOrganisationByCalendarToken(db, params.token ?? '');
  if (!organisation) return new Response('Not found', { status: 404 });
  const body = renderBookingsCalendar(listOrganisationFeedBookings(db, organisation.id), bookingFeedTexts(organisation.name, false), getConfig().publicUrl);
  return feedResponse(body);
};
