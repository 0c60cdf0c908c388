/**
 * Conditional GET: ETag and Last-Modified on calendar pages, event pages and feeds, so that calendar apps
 * polling every hour and a cache in front of the portal get a cheap 304 when nothing changed.
 */
import { createHash } from 'node:crypto';

export interface Validators {
  etag: string;
  lastModified: Date;
}

/** A strong ETag from the parts that determine a response's content. */
export function computeEtag(parts: readonly (string | number | boolean | null | undefined)[]): string {
  const hash = createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u001f'))
    .digest('base64url');
  return `"${hash.slice(0, 27)}"`;
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const plain = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === plain);
}

/** The client's validators, however the request reached us (a Fetch Request or Node's headers). */
export interface ConditionalHeaders {
  ifNoneMatch: string | null;
  ifModifiedSince: string | null;
}

/** RFC 9110: If-None-Match wins over If-Modified-Since; HTTP dates have whole seconds. */
export function matchesValidators(conditional: ConditionalHeaders, validators: { etag: string | null; lastModified: Date | null }): boolean {
  if (conditional.ifNoneMatch !== null) return validators.etag !== null && etagMatches(conditional.ifNoneMatch, validators.etag);
  if (conditional.ifModifiedSince === null || validators.lastModified === null) return false;
  const since = Date.parse(conditional.ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return Math.floor(validators.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

export function isNotModified(request: Request, validators: Validators): boolean {
  return matchesValidators({ ifNoneMatch: request.headers.get('if-none-match'), ifModifiedSince: request.headers.get('if-modified-since') }, validators);
}

/** Public pages and feeds: any cache may keep them but must check back before reuse. */
export const revalidateAlways = 'public, max-age=0, must-revalidate';

/** Feeds: calendar apps poll anyway; a short shared lifetime takes the load off the server. */
export const feedCacheControl = 'public, max-age=300, must-revalidate';

export function validatorHeaders(validators: Validators, cacheControl: string, vary?: string): Record<string, string> {
  const headers: Record<string, string> = {
    ETag: validators.etag,
    'Last-Modified': validators.lastModified.toUTCString(),
    'Cache-Control': cacheControl,
  };
  if (vary) headers.Vary = vary;
  return headers;
}

/** The 304 answer, carrying the same validators and caching headers as the full response. */
export function notModified(validators: Validators, cacheControl: string, vary?: string): Response {
  return new Response(null, { status: 304, headers: validatorHeaders(validators, cacheControl, vary) });
}
