import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { getConfig } from '../../../lib/server/config';
import { getQuartierBySlug } from '../../../lib/server/quartiere';
import { buildAchievementsFeed } from '../../../lib/server/goals/public';
import { computeEtag, feedCacheControl, isNotModified, notModified, validatorHeaders } from '../../../lib/server/http/conditional';
import { translate } from '../../../i18n';

export const prerender = false;

export const GET: APIRoute = ({ request, params }) => {
  const db = getDb();
  const quartier = getQuartierBySlug(db, params.slug ?? '');
  if (!quartier) return new Response(translate('de', 'goals.feed.unknownQuartier'), { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  const { publicUrl, siteName } = getConfig();
  const { body, updated } = buildAchievementsFeed(db, { publicUrl, siteName, quartier });
  // The body's hash also covers edits that keep the dates (a corrected outcome text).
  const validators = { etag: computeEtag([body]), lastModified: updated };
  if (isNotModified(request, validators)) return notModified(validators, feedCacheControl);
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', ...validatorHeaders(validators, feedCacheControl) } });
};
