import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { getConfig } from '../../../../lib/server/config';
import { getPlaceByBookingCalendarToken, listPlaceFeedBookings, renderBookingsCalendar } from '../../../../lib/server/rooms/feeds';
import { bookingFeedTexts, feedResponse } from '../../../../lib/server/rooms/feed-texts';

/** Staff's private feed of all room bookings of a place; the secret token in the URL is the only key. */
export const GET: APIRoute = ({ params }) => {
  const db = getDb();
  const place = getPlaceByBookingCalendarToken(db, params.token ?? '');
  if (!place) return new Response('Not found', { status: 404 });
  return feedResponse(renderBookingsCalendar(listPlaceFeedBookings(db, place.id), bookingFeedTexts(place.name, true), getConfig().publicUrl));
};
