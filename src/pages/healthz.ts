import type { APIRoute } from 'astro';
import { checkHealth } from '../lib/server/health';
import { getDb } from '../lib/server/db';

export const GET: APIRoute = () => {
  const health = checkHealth(getDb);
  return new Response(JSON.stringify(health), {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
