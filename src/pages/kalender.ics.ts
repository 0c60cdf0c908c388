import type { APIRoute } from 'astro';
import { getDb } from '../lib/server/db';
import { getConfig } from '../lib/server/config';
import { respondCalendarFeed } from '../lib/server/feeds/routes';

export const prerender = false;

export const GET: APIRoute = ({ request, url }) =>
  respondCalendarFeed({ db: getDb(), request, url, now: new Date(), publicUrl: getConfig().publicUrl, siteName: getConfig().siteName });
