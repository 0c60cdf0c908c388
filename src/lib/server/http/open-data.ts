/**
 * The answers of the open-data JSON APIs (`/api/places.json`, `/api/angebote.json`): readable from any website's
 * browser (CORS), kept by caches for five minutes, and a 304 when nothing changed. Their documents also change at
 * Berlin midnight (what is valid or upcoming "today"), so the day's start counts as a change.
 */
import { computeEtag, isNotModified, notModified, validatorHeaders } from './conditional';
import { berlinDate, localToInstant } from '../../time';

const cacheControl = 'public, max-age=300, must-revalidate';
const cors = { 'Access-Control-Allow-Origin': '*' };
const json = 'application/json; charset=utf-8';

/** The document as 200, or 304 when the client's validators still match. */
export function openDataResponse(request: Request, body: string, lastChange: Date, now: Date): Response {
  const dayStart = localToInstant(berlinDate(now)) ?? new Date(0);
  const validators = { etag: computeEtag([body]), lastModified: lastChange > dayStart ? lastChange : dayStart };
  if (isNotModified(request, validators)) {
    const response = notModified(validators, cacheControl);
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  }
  return new Response(body, { status: 200, headers: { 'Content-Type': json, ...validatorHeaders(validators, cacheControl), ...cors } });
}

/** A refused request: a machine-readable code and a message, never cached. */
export function openDataError(status: number, error: string, message: string): Response {
  return new Response(JSON.stringify({ error, message }), { status, headers: { 'Content-Type': json, 'Cache-Control': 'no-store', ...cors } });
}
