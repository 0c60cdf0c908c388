import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { getQuartierBySlug } from '../../lib/server/quartiere';
import { hsdsServices, lastOfferChange } from '../../lib/server/offers/hsds';
import { computeEtag, isNotModified, notModified, validatorHeaders } from '../../lib/server/http/conditional';
import { berlinDate, localToInstant } from '../../lib/time';

export const prerender = false;

const cacheControl = 'public, max-age=300, must-revalidate';
const MAX_PER_PAGE = 500;

function refuse(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' },
  });
}

/** Open Referral HSDS 3: /api/angebote.json?page=1&per_page=100&quartier=<slug> */
export const GET: APIRoute = ({ request, url }) => {
  const db = getDb();
  const page = Number(url.searchParams.get('page') ?? '1');
  const perPage = Number(url.searchParams.get('per_page') ?? '100');
  if (!Number.isInteger(page) || page < 1 || page > 100_000) return refuse(400, 'bad_page', 'page must be a whole number from 1.');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
    return refuse(400, 'bad_per_page', `per_page must be a whole number from 1 to ${MAX_PER_PAGE}.`);
  const slug = url.searchParams.get('quartier');
  const quartier = slug ? getQuartierBySlug(db, slug) : null;
  if (slug && !quartier) return refuse(404, 'unknown_quartier', `There is no Quartier "${slug}".`);
  const now = new Date();
  const body = JSON.stringify(hsdsServices(db, { baseUrl: getConfig().publicUrl, now, page, perPage, ...(quartier ? { quartierId: quartier.id } : {}) }));
  // Validity and "ended" depend on the day, so the day's start counts as a change too.
  const dayStart = localToInstant(berlinDate(now)) ?? new Date(0);
  const changed = lastOfferChange(db);
  const validators = { etag: computeEtag([body]), lastModified: changed > dayStart ? changed : dayStart };
  if (isNotModified(request, validators)) {
    const response = notModified(validators, cacheControl);
    response.headers.set('Access-Control-Allow-Origin', '*');
    return response;
  }
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...validatorHeaders(validators, cacheControl), 'Access-Control-Allow-Origin': '*' },
  });
};
