import type { APIRoute } from 'astro';
import { getDb } from '../lib/server/db';
import { getQuartierBySlug } from '../lib/server/quartiere';
import { quartierPath } from '../lib/paths';

/** Target of the Quartier switcher (a GET form, so it works without JavaScript). */
export const GET: APIRoute = ({ url, redirect }) => {
  const slug = url.searchParams.get('quartier') ?? '';
  const quartier = slug ? getQuartierBySlug(getDb(), slug) : null;
  return redirect(quartier ? quartierPath(quartier.slug) : '/', 303);
};
