import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { isStaff } from '../../../lib/server/auth/permissions';
import { canSeeParticipants, getOccurrenceRegistration, listParticipants, participantsCsv } from '../../../lib/server/registrations/events';
import { localeCookie, resolveLocale, translator } from '../../../i18n';
import { berlinDate } from '../../../lib/time';

export const GET: APIRoute = ({ params, locals, cookies, request }) => {
  const user = locals.user;
  if (!user) return new Response('Unauthorized', { status: 401 });
  if (!isStaff(user)) return new Response('Forbidden', { status: 403 });
  const db = getDb();
  const occurrenceId = Number(params.id);
  const reg = Number.isInteger(occurrenceId) ? getOccurrenceRegistration(db, occurrenceId) : null;
  if (!reg || !canSeeParticipants(db, user, reg)) return new Response('Not found', { status: 404 });
  const t = translator(resolveLocale(cookies.get(localeCookie)?.value, request.headers.get('accept-language')));
  const headers = ['position', 'name', 'email', 'phone', 'places', 'since', 'status'].map((c) => t(`registration.col.${c}` as Parameters<typeof t>[0]));
  const csv = participantsCsv(listParticipants(db, occurrenceId), headers, (s) => t(`registration.status.${s}`));
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="teilnehmende-${reg.slug}-${berlinDate(reg.startsAt)}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
};
