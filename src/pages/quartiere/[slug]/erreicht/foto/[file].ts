import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { readPhotoFile } from '../../../../../lib/server/concerns/photos';
import { highlightPhotoAccess } from '../../../../../lib/server/goals/photo';

export const prerender = false;

export const GET: APIRoute = ({ params, locals }) => {
  const fileName = params.file ?? '';
  const access = highlightPhotoAccess(getDb(), params.slug ?? '', fileName, locals.user);
  const data = access ? readPhotoFile(fileName) : null;
  if (!access || !data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(data.length),
      // A file name is never reused: a replaced photo gets a new one.
      'Cache-Control': access === 'public' ? 'public, max-age=86400' : 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
