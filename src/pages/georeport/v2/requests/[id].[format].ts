import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { getConfig } from '../../../../lib/server/config';
import { formatOf, requestResponse } from '../../../../lib/server/concerns/open311-http';

export const prerender = false;

export const GET: APIRoute = ({ params }) => {
  const format = formatOf(params.format);
  return format ? requestResponse(getDb(), params.id ?? '', format, getConfig().publicUrl) : new Response(null, { status: 404 });
};
