import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { getConfig } from '../../../lib/server/config';
import { createRequestResponse, formatOf, requestsResponse } from '../../../lib/server/concerns/open311-http';

export const prerender = false;

export const GET: APIRoute = ({ params, url }) => {
  const format = formatOf(params.format);
  return format ? requestsResponse(getDb(), url.searchParams, format, getConfig().publicUrl) : new Response(null, { status: 404 });
};

export const POST: APIRoute = ({ params, request, locals }) => {
  const format = formatOf(params.format);
  return format ? createRequestResponse(getDb(), request, format, locals.clientAddress) : Promise.resolve(new Response(null, { status: 404 }));
};
