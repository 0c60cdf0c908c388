import type { APIRoute } from 'astro';
import { getDb } from '../../lib/server/db';
import { exportMemberData } from '../../lib/server/privacy';
import { loginRedirect } from '../../lib/access';

export const prerender = false;

/** The member's data as a JSON download (GDPR Art. 15 and 20). */
export const GET: APIRoute = ({ locals, url, redirect }) => {
  if (!locals.user) return redirect(loginRedirect(url));
  const data = exportMemberData(getDb(), locals.user.id);
  if (!data) return new Response(null, { status: 404 });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="meine-daten-${date}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
};
