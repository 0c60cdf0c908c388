import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { getQuartierBySlug } from '../../lib/server/quartiere';
import { buildOpenDataPlaces, lastPlaceChange } from '../../lib/server/places/open-data';
import { openDataError, openDataResponse } from '../../lib/server/http/open-data';
import { berlinDate } from '../../lib/time';
import { translate } from '../../i18n';

export const prerender = false;

export const GET: APIRoute = ({ request, url }) => {
  const db = getDb();
  const slug = url.searchParams.get('quartier');
  let quartierId: number | undefined;
  if (slug !== null && slug !== '') {
    const quartier = getQuartierBySlug(db, slug);
    if (!quartier) return openDataError(404, 'unknown_quartier', translate('de', 'quartier.notFound', { slug }));
    quartierId = quartier.id;
  }
  const now = new Date();
  const body = JSON.stringify(
    buildOpenDataPlaces(db, { baseUrl: getConfig().publicUrl, today: berlinDate(now), ...(quartierId === undefined ? {} : { quartierId }) }),
  );
  return openDataResponse(request, body, lastPlaceChange(db), now);
};
