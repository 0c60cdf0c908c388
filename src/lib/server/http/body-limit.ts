/**
 * How big a request body may be, decided before anything reads it.
 *
 * Why: Astro's Node adapter accepts bodies up to 1 GB, and a form post is read more than once (the middleware
 * checks it is form data, the Action parses it, the page re-reads it to refill the form). One anonymous 60 MB post
 * grew the server by about 250 MB. The start script therefore answers 413 as soon as the headers say a body is too
 * big, and a body without Content-Length (chunked) is read up to the limit only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Text forms need a few kilobytes; 2 MB leaves room for long descriptions and many fields. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

export interface BodyLimitRule {
  path: RegExp;
  bytes: number;
}

/**
 * Routes that need more than the default (uploads, e.g. photos of a concern). The largest limit here is also the
 * adapter's own `bodySizeLimit` in astro.config.mjs, the last line of defence when the start script is bypassed.
 */
export const UPLOAD_BODY_LIMIT = 40 * 1024 * 1024;
export const BODY_LIMITS: readonly BodyLimitRule[] = [
  // Reporting a concern (public and on behalf of a resident), a Quartiershelfer finding and a measure shown on
  // "Was wir erreicht haben" carry photos: three at the limit fit, and one far over it still gets a message next to
  // the field instead of a bare refusal.
  { path: /^\/(anliegen\/neu|verwaltung\/anliegen\/neu|runde\/\d+|verwaltung\/ziele\/massnahmen\/\d+)\/?$/, bytes: UPLOAD_BODY_LIMIT },
];

export function bodyLimitFor(path: string, rules: readonly BodyLimitRule[] = BODY_LIMITS): number {
  return rules.find((rule) => rule.path.test(path))?.bytes ?? DEFAULT_BODY_LIMIT;
}

/** The largest body any route accepts. */
export function maxBodyLimit(rules: readonly BodyLimitRule[] = BODY_LIMITS): number {
  return Math.max(DEFAULT_BODY_LIMIT, ...rules.map((rule) => rule.bytes));
}

/** Whether a Content-Length header announces more than the limit (an unreadable length counts as too much). */
export function exceedsLimit(contentLength: string | null | undefined, limit: number): boolean {
  if (contentLength === null || contentLength === undefined) return false;
  if (!/^\d+$/.test(contentLength.trim())) return true;
  return Number(contentLength) > limit;
}

/** How long the rest of a refused body is read and thrown away, so the client gets to see the answer. */
const LINGER_MS = 5_000;

/**
 * Answers 413 at once. Closing the connection right away would make the client's next write fail and its
 * system drop our answer unread (a TCP reset), so the rest of the body is read and discarded for a few seconds
 * (as nginx's lingering close does) without being kept anywhere; then the connection is cut.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Payload Too Large');
  req.resume();
  const timer = setTimeout(() => {
    if (!req.complete) req.socket.destroy();
  }, LINGER_MS);
  timer.unref();
  req.once('end', () => clearTimeout(timer));
  req.socket.once('close', () => clearTimeout(timer));
}

/**
 * Lets a request through to `next` only when its body fits the route's limit. A body with Content-Length is
 * judged by the header alone (Node never reads past it); a chunked body is collected up to the limit and handed
 * on as `req.body`, which Astro's adapter reads instead of the stream.
 */
export function limitRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
  options: { rules?: readonly BodyLimitRule[]; onRefused?: () => void } = {},
): void {
  const length = req.headers['content-length'];
  // Most requests (every GET of a page) have no body at all: nothing to look up.
  if (length === undefined && req.headers['transfer-encoding'] === undefined) {
    next();
    return;
  }
  const limit = bodyLimitFor((req.url ?? '/').split('?')[0] ?? '/', options.rules);
  // Called before the 413 is written, so that it can still add headers.
  const refuse = (): void => {
    options.onRefused?.();
    refuseBody(req, res);
  };
  if (length !== undefined) {
    if (exceedsLimit(length, limit)) refuse();
    else next();
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let refused = false;
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > limit) {
      refused = true;
      chunks.length = 0;
      req.off('data', onData);
      refuse();
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => {
    if (refused) return;
    (req as IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks);
    next();
  });
}
