import type { APIRoute } from 'astro';
import { getConfig } from '../../../lib/server/config';
import { fileResponse } from '../../../lib/server/http/file-response';
import { signLanguageFile } from '../../../lib/server/sign-language/videos';

export const prerender = false;

/** A file the operator may replace under the same name: caches keep it an hour, then ask again (ETag). */
const CACHE_CONTROL = 'public, max-age=3600';

export const GET: APIRoute = ({ params, request }) => {
  const file = signLanguageFile(getConfig().signLanguageVideoDir, params.file ?? '');
  if (!file) return new Response(null, { status: 404 });
  return fileResponse(request, { ...file, cacheControl: CACHE_CONTROL });
};

export const HEAD = GET;
