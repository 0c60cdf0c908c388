import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { formatOf, servicesResponse } from '../../../lib/server/concerns/open311-http';

export const prerender = false;

export const GET: APIRoute = ({ params }) => {
  const format = formatOf(params.format);
  return format ? servicesResponse(getDb(), format) : new Response(null, { status: 404 });
};
