/** The demo city's Verein calendar that the demo subscription fetches (demo mode only; see db/seed/demo). */
import type { APIRoute } from 'astro';
import { demoCalendarIcs } from '../../../db/seed/demo/calendar-subscription';
import { getConfig } from '../../lib/server/config';

export const prerender = false;

export const GET: APIRoute = () => {
  if (!getConfig().demo) return new Response(null, { status: 404 });
  return new Response(demoCalendarIcs(), { headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'no-cache' } });
};
