import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { respondRssFeed } from '../../lib/server/feeds/routes';

export const prerender = false;

export const GET: APIRoute = ({ request, url }) =>
  respondRssFeed({ db: getDb(), request, url, now: new Date(), publicUrl: getConfig().publicUrl, siteName: getConfig().siteName });
