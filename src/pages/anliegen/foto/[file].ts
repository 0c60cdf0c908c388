import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { photoAccess } from '../../../lib/server/concerns/photo-access';
import { readPhotoFile } from '../../../lib/server/concerns/photos';

export const prerender = false;

export const GET: APIRoute = ({ params, url, locals }) => {
  const fileName = params.file ?? '';
  const access = photoAccess(getDb(), fileName, { user: locals.user, replyToken: url.searchParams.get('antwort') });
  const data = access ? readPhotoFile(fileName) : null;
  if (!access || !data) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(data), {
    headers: {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(data.length),
      // A file name is never reused; a photo removed by staff disappears with its name.
      'Cache-Control': access === 'public' ? 'public, max-age=86400' : 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
};
