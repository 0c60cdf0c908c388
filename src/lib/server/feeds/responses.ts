/**
 * HTTP answers of the feeds: content type fixed whatever the client's Accept header says (Thunderbird sends
 * an unusual one), validators for 304, and a small memory of recently built feeds so that a burst of
 * subscribers polling the same unchanged URL does not rebuild it each time.
 */
import { feedCacheControl, isNotModified, notModified, validatorHeaders, type Validators } from '../http/conditional';

export const ICAL_TYPE = 'text/calendar; charset=utf-8';
export const RSS_TYPE = 'application/rss+xml; charset=utf-8';

/**
 * At most this many feeds, and at most this many bytes of them together: a whole city's feed is a few megabytes,
 * and one per filter combination or personal feed would otherwise keep hundreds of megabytes. Feeds are kept as
 * UTF-8 bytes, which is what goes out: as strings, most would take two bytes per character.
 */
const MAX_REMEMBERED = 64;
const MAX_REMEMBERED_BYTES = 6_000_000;
const remembered = new Map<string, Buffer<ArrayBuffer>>();
let rememberedBytes = 0;

function forgetOldest(): void {
  const oldest = remembered.keys().next();
  if (oldest.done) return;
  rememberedBytes -= remembered.get(oldest.value)!.length;
  remembered.delete(oldest.value);
}

/** The body for these validators, built only when not remembered (keyed by the strong ETag). */
export function rememberedBody(etag: string, build: () => string | Buffer<ArrayBuffer> | null): Buffer<ArrayBuffer> | null {
  const known = remembered.get(etag);
  if (known !== undefined) return known;
  const built = build();
  if (built === null) return null;
  const body = typeof built === 'string' ? Buffer.from(built) : built;
  if (body.length > MAX_REMEMBERED_BYTES / 2) return body;
  while (remembered.size >= MAX_REMEMBERED || rememberedBytes + body.length > MAX_REMEMBERED_BYTES) forgetOldest();
  remembered.set(etag, body);
  rememberedBytes += body.length;
  return body;
}

/** How many feeds are remembered and how many bytes they hold (for tests). */
export function rememberedFeeds(): { count: number; bytes: number } {
  return { count: remembered.size, bytes: rememberedBytes };
}

export interface FeedAnswer {
  contentType: string;
  /** Offered file name for downloads (event .ics); feeds are shown inline. */
  filename?: string;
}

/** 304 when the client's copy is current, else the (possibly remembered) body; 404 text when build gives null. */
export function feedResponse(
  request: Request,
  validators: Validators,
  answer: FeedAnswer,
  build: () => string | Buffer<ArrayBuffer> | null,
  notFoundText: string,
): Response {
  if (isNotModified(request, validators)) return notModified(validators, feedCacheControl);
  const body = rememberedBody(validators.etag, build);
  if (body === null) return plainError(404, notFoundText);
  const headers: Record<string, string> = { ...validatorHeaders(validators, feedCacheControl), 'Content-Type': answer.contentType };
  if (answer.filename) headers['Content-Disposition'] = `attachment; filename="${answer.filename}"`;
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}

/** A short German explanation as plain text (feeds are read by programs and by people pasting URLs). */
export function plainError(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
