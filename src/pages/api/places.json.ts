import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { getQuartierBySlug } from '../../lib/server/quartiere';
import { buildOpenDataPlaces, lastPlaceChange } from '../../lib/server/places/open-data';
import { computeEtag, isNotModified, notModified, validatorHeaders } from '../../lib/server/http/conditional';
import { berlinDate, localToInstant } from '../../lib/time';
import { translate } from '../../i18n';

export const prerender = false;

const cacheControl = 'public, max-age=300, must-revalidate';
const cors = { 'Access-Control-Allow-Origin': '*' };

export const GET: APIRoute = ({ request, url }) => {
  const db = getDb();
  const slug = url.searchParams.get('quartier');
  let quartierId: number | undefined;
  if (slug !== null && slug !== '') {
    const quartier = getQuartierBySlug(db, slug);
    if (!quartier) {
      return new Response(JSON.stringify({ error: 'unknown_quartier', message: translate('de', 'quartier.notFound', { slug }) }), {
        status: 404,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...cors },
      });
    }
    quartierId = quartier.id;
  }
  const today = berlinDate(new Date());
  const body = JSON.stringify(buildOpenDataPlaces(db, { baseUrl: getConfig().publicUrl, today, ...(quartierId === undefined ? {} : { quartierId }) }));
  // The document also changes at midnight (validOn, upcoming lists), so the day's start counts as a change.
  const dayStart = localToInstant(today) ?? new Date(0);
  const changed = lastPlaceChange(db);
  const validators = { etag: computeEtag([body]), lastModified: changed > dayStart ? changed : dayStart };
  if (isNotModified(request, validators)) {
    const response = notModified(validators, cacheControl);
    response.headers.set('Access-Control-Allow-Origin', '*');
    return response;
  }
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...validatorHeaders(validators, cacheControl), ...cors },
  });
};
