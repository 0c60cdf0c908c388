import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { respondEventIcs } from '../../lib/server/feeds/routes';

export const prerender = false;

export const GET: APIRoute = ({ request, url, params }) =>
  respondEventIcs({ db: getDb(), request, url, now: new Date(), publicUrl: getConfig().publicUrl, siteName: getConfig().siteName }, params.event, null);
