import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { getConfig } from '../../../lib/server/config';
import { respondEventIcs } from '../../../lib/server/feeds/routes';
import { plainError } from '../../../lib/server/feeds/responses';

export const prerender = false;

export const GET: APIRoute = ({ request, url, params }) => {
  const date = params.date ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return plainError(404, 'An diesem Datum gibt es keinen Termin dieser Veranstaltung.');
  return respondEventIcs({ db: getDb(), request, url, now: new Date(), publicUrl: getConfig().publicUrl, siteName: getConfig().siteName }, params.event, date);
};
