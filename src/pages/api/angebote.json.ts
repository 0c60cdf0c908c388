import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { getQuartierBySlug } from '../../lib/server/quartiere';
import { hsdsServices, lastOfferChange } from '../../lib/server/offers/hsds';
import { openDataError, openDataResponse } from '../../lib/server/http/open-data';

export const prerender = false;

const MAX_PER_PAGE = 500;

/** Open Referral HSDS 3: /api/angebote.json?page=1&per_page=100&quartier=<slug> */
export const GET: APIRoute = ({ request, url }) => {
  const db = getDb();
  const page = Number(url.searchParams.get('page') ?? '1');
  const perPage = Number(url.searchParams.get('per_page') ?? '100');
  if (!Number.isInteger(page) || page < 1 || page > 100_000) return openDataError(400, 'bad_page', 'page must be a whole number from 1.');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE)
    return openDataError(400, 'bad_per_page', `per_page must be a whole number from 1 to ${MAX_PER_PAGE}.`);
  const slug = url.searchParams.get('quartier');
  const quartier = slug ? getQuartierBySlug(db, slug) : null;
  if (slug && !quartier) return openDataError(404, 'unknown_quartier', `There is no Quartier "${slug}".`);
  const now = new Date();
  const body = JSON.stringify(hsdsServices(db, { baseUrl: getConfig().publicUrl, now, page, perPage, ...(quartier ? { quartierId: quartier.id } : {}) }));
  return openDataResponse(request, body, lastOfferChange(db), now);
};
