/**
 * gzip for answers that are not kept by the page cache (pages for people who are logged in, forms, back office),
 * compressed while they stream, and the asynchronous gzip the page cache uses for the answers it keeps.
 *
 * Why: a logged-in calendar or room week view is 100–300 KB of HTML; on a phone over a weak connection the
 * transfer takes longer than the rendering. zlib works on the thread pool, so a 2 MB feed does not stop the
 * event loop while it is compressed.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { constants, createGzip, gzip } from 'node:zlib';

const COMPRESSIBLE = /^(text\/|application\/(json|ld\+json|rss\+xml|atom\+xml|xml|javascript|geo\+json|manifest\+json))/i;

/** Answers smaller than this gain nothing from gzip (the header and one TCP packet cost as much). */
export const MIN_COMPRESS_BYTES = 1024;

export const gzipAsync = promisify(gzip);

export function acceptsGzip(req: IncomingMessage): boolean {
  const header = String(req.headers['accept-encoding'] ?? '');
  return /\bgzip\b(?!\s*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$))/i.test(header);
}

export function isCompressibleType(contentType: unknown): boolean {
  return COMPRESSIBLE.test(String(contentType ?? ''));
}

export function addVary(headers: OutgoingHttpHeaders, name: string): OutgoingHttpHeaders {
  const current = String(headers.vary ?? '');
  if (current.split(',').some((part) => part.trim().toLowerCase() === name.toLowerCase() || part.trim() === '*')) return headers;
  return { ...headers, vary: current ? `${current}, ${name}` : name };
}

/**
 * What `res.writeHead(status, [message], [headers])` would send, set on `res` without sending it, so that a
 * wrapper can look at (or hold back) the answer first.
 */
export function applyWriteHead(res: ServerResponse, args: unknown[]): void {
  const [status, second, third] = args;
  const headers = (typeof second === 'object' && second !== null ? second : third) as OutgoingHttpHeaders | [string, string][] | undefined;
  res.statusCode = status as number;
  if (typeof second === 'string') res.statusMessage = second;
  if (Array.isArray(headers)) for (const [name, value] of headers) res.setHeader(name, value);
  else if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
}

/** Whether an answer whose headers are now set may be gzipped on its way out (for a client that accepts gzip). */
function mayCompress(res: ServerResponse): boolean {
  if (res.statusCode !== 200) return false;
  if (res.getHeader('content-encoding') !== undefined || res.getHeader('content-range') !== undefined) return false;
  if (!isCompressibleType(res.getHeader('content-type'))) return false;
  if (/\bno-transform\b/i.test(String(res.getHeader('cache-control') ?? ''))) return false;
  const length = Number(res.getHeader('content-length'));
  return !(Number.isFinite(length) && length < MIN_COMPRESS_BYTES);
}

/**
 * Sends what the handler writes to `res` gzip-compressed when the client accepts gzip and the answer is text.
 * Every chunk is flushed at once (Z_SYNC_FLUSH), so a streamed page reaches the browser as it is rendered.
 * The decision is made when the headers are written; an answer that may not be compressed passes untouched.
 */
export function compressOnTheFly(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'HEAD') return;
  const accepted = acceptsGzip(req);
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let decided = false;
  let gzipStream: ReturnType<typeof createGzip> | null = null;

  const decide = (): void => {
    if (decided) return;
    decided = true;
    if (!mayCompress(res)) return;
    // Also the identity answer depends on Accept-Encoding: a shared cache must not give it to a gzip client.
    res.setHeader('vary', String(addVary({ vary: res.getHeader('vary') as string | undefined }, 'Accept-Encoding').vary));
    if (!accepted) return;
    res.removeHeader('content-length');
    res.setHeader('content-encoding', 'gzip');
    gzipStream = createGzip({ level: 6, flush: constants.Z_SYNC_FLUSH });
    gzipStream.on('data', (chunk: Buffer) => {
      if (!write(chunk)) gzipStream!.pause();
    });
    res.on('drain', () => gzipStream!.resume());
    // A writer that waits for 'drain' (stream.pipe) waits on the response; the gzip stream is what filled up.
    gzipStream.on('drain', () => res.emit('drain'));
    gzipStream.on('end', () => end());
    gzipStream.on('error', (error) => res.destroy(error));
  };

  (res as { writeHead: unknown }).writeHead = (...args: unknown[]): ServerResponse => {
    // writeHead(status, [message], [headers]): apply the headers first so that the decision sees them.
    applyWriteHead(res, args);
    decide();
    return writeHead(res.statusCode);
  };
  (res as { write: unknown }).write = (...args: unknown[]): boolean => {
    decide();
    if (!gzipStream) return write(...args);
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    const encoding = typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined;
    const chunk = args[0] as string | Uint8Array;
    return encoding ? gzipStream.write(chunk, encoding, callback) : gzipStream.write(chunk, callback);
  };
  (res as { end: unknown }).end = (...args: unknown[]): ServerResponse => {
    decide();
    if (!gzipStream) return end(...args);
    const chunk = typeof args[0] === 'function' ? undefined : args[0];
    const encoding = typeof args[1] === 'string' ? (args[1] as BufferEncoding) : undefined;
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) res.once('finish', callback);
    if (chunk !== undefined && chunk !== null) {
      if (encoding) gzipStream.end(chunk as string, encoding);
      else gzipStream.end(chunk as Uint8Array);
    } else gzipStream.end();
    return res;
  };
}
