import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { photoAccess } from '../../../lib/server/concerns/photo-access';
import { photoResponse } from '../../../lib/server/concerns/photos';

export const prerender = false;

export const GET: APIRoute = ({ params, url, locals }) => {
  const fileName = params.file ?? '';
  return photoResponse(fileName, photoAccess(getDb(), fileName, { user: locals.user, replyToken: url.searchParams.get('antwort') }));
};
