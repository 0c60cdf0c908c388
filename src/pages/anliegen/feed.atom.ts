import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { getQuartierBySlug } from '../../lib/server/quartiere';
import { buildConcernFeed } from '../../lib/server/concerns/feed';
import { concernValidators } from '../../lib/server/concerns/public-filter';
import { feedCacheControl, isNotModified, notModified, validatorHeaders } from '../../lib/server/http/conditional';
import { concernPaths } from '../../lib/server/concerns/paths';
import { translate } from '../../i18n';

export const prerender = false;

export const GET: APIRoute = ({ request, url }) => {
  const db = getDb();
  const slug = url.searchParams.get('quartier');
  const quartier = slug ? getQuartierBySlug(db, slug) : null;
  if (slug && !quartier)
    return new Response(translate('de', 'concerns.feed.unknownQuartier'), { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const validators = concernValidators(db, ['feed', slug ?? '']);
  if (isNotModified(request, validators)) return notModified(validators, feedCacheControl);
  const { publicUrl, siteName } = getConfig();
  const body = buildConcernFeed(db, { publicUrl, siteName, quartier: quartier ?? undefined, selfPath: concernPaths.feed(quartier?.slug) });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', ...validatorHeaders(validators, feedCacheControl) } });
};
