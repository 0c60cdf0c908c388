import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { photoResponse } from '../../../../../lib/server/concerns/photos';
import { highlightPhotoAccess } from '../../../../../lib/server/goals/photo';

export const prerender = false;

export const GET: APIRoute = ({ params, locals }) => {
  const fileName = params.file ?? '';
  return photoResponse(fileName, highlightPhotoAccess(getDb(), params.slug ?? '', fileName, locals.user));
};
