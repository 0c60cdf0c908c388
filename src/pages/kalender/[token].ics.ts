import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { buildPersonalCalendar, findUserByCalendarToken } from '../../lib/server/volunteering/calendar';
import { isLocale } from '../../i18n';

/** Personal feed: the token is the only credential, so unknown and revoked tokens look the same (404). */
export const GET: APIRoute = ({ params }) => {
  const db = getDb();
  const user = findUserByCalendarToken(db, params.token ?? '');
  if (!user) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const config = getConfig();
  const body = buildPersonalCalendar(db, user, {
    baseUrl: config.publicUrl,
    siteName: config.siteName,
    locale: isLocale(user.locale) ? user.locale : 'de',
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'cache-control': 'private, max-age=300',
      'x-robots-tag': 'noindex',
      'referrer-policy': 'no-referrer',
    },
  });
};
