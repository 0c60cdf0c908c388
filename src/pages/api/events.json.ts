import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { queryOpenEvents } from '../../lib/server/events/open-data';
import { calendarValidators } from '../../lib/server/events/version';
import { isNotModified, notModified, revalidateAlways, validatorHeaders } from '../../lib/server/http/conditional';

export const prerender = false;

export const GET: APIRoute = ({ request, url }) => {
  const db = getDb();
  const now = new Date();
  const validators = calendarValidators(db, now, ['api-events', url.search], 60);
  if (isNotModified(request, validators)) return notModified(validators, revalidateAlways);
  const result = queryOpenEvents(db, url.searchParams, { now, publicUrl: getConfig().publicUrl });
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    // Open data: other websites may read it from the browser.
    'Access-Control-Allow-Origin': '*',
    ...(result.status === 200 ? validatorHeaders(validators, revalidateAlways) : { 'Cache-Control': 'no-store' }),
  };
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
};
