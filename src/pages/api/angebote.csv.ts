import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { getConfig } from '../../lib/server/config';
import { offersCsv } from '../../lib/server/offers/csv';
import { isOfferType } from '../../lib/server/offers/validation';
import { computeEtag, isNotModified, notModified, validatorHeaders } from '../../lib/server/http/conditional';
import { lastOfferChange } from '../../lib/server/offers/hsds';
import { pageI18n } from '../../i18n/astro';

export const prerender = false;
const cacheControl = 'public, max-age=300, must-revalidate';

/** The public offers as CSV: /api/angebote.csv?quartier=<slug>&art=<type> */
export const GET: APIRoute = (context) => {
  const { url, request } = context;
  const { locale } = pageI18n(context);
  const type = url.searchParams.get('art');
  const body = offersCsv(getDb(), {
    baseUrl: getConfig().publicUrl,
    locale,
    quartier: url.searchParams.get('quartier') || null,
    type: type && isOfferType(type) ? type : null,
  });
  const validators = { etag: computeEtag([body]), lastModified: lastOfferChange(getDb()) };
  if (isNotModified(request, validators)) return notModified(validators, cacheControl, 'Accept-Language, Cookie');
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="angebote.csv"',
      ...validatorHeaders(validators, cacheControl, 'Accept-Language, Cookie'),
    },
  });
};
