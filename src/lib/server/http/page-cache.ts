/**
 * A small in-process cache of whole public responses, in front of the Astro handler.
 *
 * Why: most visitors never log in and ask for the same few pages (calendar, Quartier, event, feeds). Rendering
 * the calendar of a large city costs tens of milliseconds; answering from memory costs a fraction of one. A
 * city on a small server can then take the rush after a flyer or a newspaper note without a second process.
 *
 * Correctness rules:
 * - Only anonymous GET/HEAD requests to the public read-only routes below, whose response is a 200 without
 *   Set-Cookie and without `private`/`no-store`. A request with any cookie other than the language cookie is
 *   passed through untouched (a logged-in person sees their own name, their own sign-ups, …).
 * - An entry is only reused while the database is unchanged (`dataVersion()`: any commit from any connection
 *   or process changes it) and within the calendar minute it was made in (pages say "open now" and "today").
 * - The key is the full URL and the language the page is rendered in. Only URLs whose query consists of the
 *   parameters the public pages read (PUBLIC_PARAMS) and is at most MAX_QUERY_LENGTH long are kept: anything else
 *   (a notice `?hinweis=`, a cache-busting `?p=<n>`, padding) is rendered every time and never stored, so a
 *   stranger cannot fill the memory with pages nobody asks for again.
 * - Keys, headers and bodies all count towards the memory bound, and there are at most `maxEntries` pages. All
 *   entries are made for one data version and one minute; as soon as either changes, every entry is dropped.
 * - `Cache-Control: no-cache` from a client is no reason to render again: an entry is only ever used while it
 *   is exactly what rendering would give (fetch() sends no-cache with every conditional request).
 * Entries are kept gzip-compressed as well, because feeds are large and calendar apps accept gzip. The answer
 * that fills an entry is held back until it is complete, so that it goes out the way all later ones do:
 * compressed when the client accepts gzip, with a validator (a page without its own ETag gets one from its
 * bytes), and as a 304 when the client's copy is that one. gzip runs on the thread pool (`gzipAsync`).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { acceptsGzip, addVary, applyWriteHead, gzipAsync, isCompressibleType, MIN_COMPRESS_BYTES } from './compression';
import { matchesValidators } from './conditional';

/** Public, read-only pages and feeds that look the same for every anonymous visitor. */
const CACHEABLE_PATH =
  /^\/(?:|impressum|datenschutz|barrierefreiheit|abonnieren|kalender\.ics|orte(?:\/[^/]+(?:\/programm)?)?|quartiere\/[^/]+(?:\/programm)?|veranstaltungen(?:\/(?!vorschlagen(?:\/|$))[^/]+(?:\/[^/]+)?)?|veranstaltungen\/rss\.xml|mitmachen|angebote(?:\/(?!pruefen(?:\/|$))[^/]+(?:\/[^/]+)?)?|einbetten(?:\/kalender)?|api\/(?:events|places|angebote)\.json|anliegen(?:\/\d+|\/feed\.atom)?|quartiere\/[^/]+\/anliegen|georeport\/v2\/(?:services|requests)(?:\/[^/]+)?\.(?:json|xml))$/;

/**
 * Query parameters the cacheable pages read: the event filter (quartier, kategorie, zielgruppe, ort, organisation,
 * kostenlos, stufenlos, q), the embedded calendar's look (anzahl, akzent, schrift; ansicht as below), the calendar view (ansicht, monat, zeitraum, datum, seite), programmes (monat) and open data
 * (from, to), the concern list (quartier, kategorie, status, seite) and Open311 reads (service_request_id,
 * service_code, start_date, end_date, status), the offer search (art, sprache, tag, zeit, fuer) and HSDS paging
 * (page, per_page). A page that starts reading another one works as before, it is only not kept until it is added here.
 */
const PUBLIC_PARAMS = new Set([
  'quartier',
  'kategorie',
  'zielgruppe',
  'ort',
  'organisation',
  'kostenlos',
  'stufenlos',
  'q',
  'ansicht',
  'monat',
  'zeitraum',
  'datum',
  'seite',
  'from',
  'to',
  'status',
  'service_request_id',
  'service_code',
  'start_date',
  'end_date',
  'art',
  'sprache',
  'tag',
  'zeit',
  'fuer',
  'page',
  'per_page',
  'anzahl',
  'akzent',
  'schrift',
]);

/** Up to this size an answer is gzipped on the event loop (about 2 ms), larger ones on the thread pool. */
const SYNC_GZIP_MAX_BYTES = 256 * 1024;

/** Longer queries than any filter form produces are rendered, not kept. */
const MAX_QUERY_LENGTH = 512;

/** What a Map entry and its objects cost beyond the bytes counted one by one. */
const ENTRY_OVERHEAD_BYTES = 512;

/** Headers that belong to one answer, never to a stored one. */
const PER_RESPONSE_HEADERS = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

export interface CachedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  gzipped: Buffer | null;
  /** Bytes counted towards the bound: key, headers, body, compressed body and overhead. */
  size: number;
}

export interface PageCacheOptions {
  /** Changes whenever anything in the database changed (see `sqliteDataVersion`). */
  dataVersion: () => string;
  /** The locale a request is rendered in (language cookie, Accept-Language). */
  localeOf: (cookieValue: string | undefined, acceptLanguage: string | null) => string;
  localeCookie: string;
  maxBytes?: number;
  /** At most this many pages, however small they are. */
  maxEntries?: number;
  now?: () => number;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}

/** Whether the client's copy (If-None-Match / If-Modified-Since) is the kept one. */
function isNotModified(req: IncomingMessage, headers: OutgoingHttpHeaders): boolean {
  const header = (name: string): string | null => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : null);
  const lastModified = typeof headers['last-modified'] === 'string' ? new Date(headers['last-modified']) : null;
  return matchesValidators(
    { ifNoneMatch: header('if-none-match'), ifModifiedSince: header('if-modified-since') },
    { etag: typeof headers.etag === 'string' ? headers.etag : null, lastModified: lastModified && !Number.isNaN(lastModified.getTime()) ? lastModified : null },
  );
}

/** Only queries made of known parameters, and not too long (see PUBLIC_PARAMS). */
function isCacheableQuery(query: string): boolean {
  if (query === '') return true;
  if (query.length > MAX_QUERY_LENGTH) return false;
  for (const name of new URLSearchParams(query).keys()) if (!PUBLIC_PARAMS.has(name)) return false;
  return true;
}

function headersSize(headers: OutgoingHttpHeaders): number {
  let size = 0;
  for (const [name, value] of Object.entries(headers)) {
    size += name.length;
    for (const part of Array.isArray(value) ? value : [value]) size += Buffer.byteLength(String(part ?? ''));
  }
  return size;
}

/** A weak validator from a page's bytes (weak: the gzip-compressed answer carries it as well). */
function bodyEtag(body: Buffer): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export class PageCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Data version and minute of every kept entry (see `currentGeneration`). */
  private generation = '';
  /**
   * Requests for a page that is being rendered right now wait for that rendering instead of starting their own:
   * when the minute turns under load, ten visitors would otherwise render the same calendar ten times at once.
   */
  private readonly rendering = new Map<string, (() => void)[]>();

  constructor(private readonly options: PageCacheOptions) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  /** The cache key of a request, or null when the request must go to the renderer. */
  keyOf(req: IncomingMessage): string | null {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (!CACHEABLE_PATH.test(path) || !isCacheableQuery(queryAt === -1 ? '' : url.slice(queryAt + 1))) return null;
    const cookies = parseCookies(req.headers.cookie);
    for (const name of cookies.keys()) if (name !== this.options.localeCookie) return null;
    const acceptLanguage = req.headers['accept-language'];
    const locale = this.options.localeOf(cookies.get(this.options.localeCookie), typeof acceptLanguage === 'string' ? acceptLanguage : null);
    return `${locale} ${url}`;
  }

  private currentMinute(): number {
    return Math.floor(this.now() / 60_000);
  }

  /**
   * Which data version and minute the cache holds pages of. When it changed since the last look, every kept
   * page is stale at once (pages are only true for the data and minute they were made in): all are dropped.
   */
  private currentGeneration(): string {
    const generation = `${this.options.dataVersion()} ${this.currentMinute()}`;
    if (generation !== this.generation) {
      this.entries.clear();
      this.bytes = 0;
      this.generation = generation;
    }
    return generation;
  }

  /** A stored answer that is still true, or null. */
  lookup(key: string): CachedResponse | null {
    this.currentGeneration();
    const entry = this.entries.get(key);
    if (!entry) return null;
    // Map order is insertion order: re-inserting marks the entry as recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * The entry an answer would become, or null when it may not be shared. A page without an ETag gets one from
   * its bytes; the gzip copy is made by `keep`.
   */
  private entryOf(status: number, headers: OutgoingHttpHeaders, body: Buffer): CachedResponse | null {
    if (status !== 200 || headers['set-cookie'] !== undefined || headers['content-encoding'] !== undefined) return null;
    if (/\b(private|no-store)\b/i.test(String(headers['cache-control'] ?? ''))) return null;
    let kept: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && !PER_RESPONSE_HEADERS.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
    }
    if (kept.etag === undefined) kept.etag = bodyEtag(body);
    if (isCompressible(kept, body)) kept = addVary(kept, 'Accept-Encoding');
    return { status, headers: kept, body, gzipped: null, size: 0 };
  }

  /** Compresses (off the event loop) and keeps an entry, unless the data or the minute changed meanwhile. */
  private async keep(key: string, entry: CachedResponse, generation: string): Promise<void> {
    if (entry.gzipped === null && isCompressible(entry.headers, entry.body)) {
      // Pages take a millisecond or two: compressed at once, so that no commit can come in between and the
      // entry is kept. Feeds of megabytes go to the thread pool instead of stopping the event loop.
      entry.gzipped = entry.body.length <= SYNC_GZIP_MAX_BYTES ? gzipSync(entry.body, { level: 6 }) : await gzipAsync(entry.body, { level: 6 });
    }
    // Something changed while the page was rendered, or the minute turned: the page may already be stale.
    if (generation !== this.currentGeneration()) return;
    entry.size = Buffer.byteLength(key) + headersSize(entry.headers) + entry.body.length + (entry.gzipped?.length ?? 0) + ENTRY_OVERHEAD_BYTES;
    if (entry.size > this.maxBytes / 4) return;
    this.remove(key);
    this.entries.set(key, entry);
    this.bytes += entry.size;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes && this.entries.size <= this.maxEntries) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.size;
    this.entries.delete(key);
  }

  stats(): PageCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes };
  }

  /** Answers from a stored entry: 304 when the client's copy is current, gzip when the client accepts it. */
  private answer(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, requestId: string): void {
    if (isNotModified(req, entry.headers)) {
      // The kept headers (validators, caching, the security headers the page was kept with) without those that
      // describe the body.
      const headers: OutgoingHttpHeaders = { 'x-request-id': requestId };
      for (const [name, value] of Object.entries(entry.headers)) {
        if (!name.startsWith('content-') || name === 'content-security-policy') headers[name] = value;
      }
      // Headers the renderer set for the full page (its length, its type) do not belong to a 304.
      for (const name of ['content-length', 'content-type']) res.removeHeader(name);
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = entry.gzipped !== null && acceptsGzip(req);
    const body = gzip ? entry.gzipped! : entry.body;
    res.writeHead(entry.status, {
      ...entry.headers,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      'content-length': body.length,
      'x-request-id': requestId,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /**
   * Serves a request from the cache or through `render` (the Astro handler), keeping what `render` writes.
   * Returns true when the answer came from the cache. `render` learns whether its answer is held back to be
   * kept (then it must write it plain) or goes straight to the client.
   */
  serve(req: IncomingMessage, res: ServerResponse, render: (heldBack: boolean) => void, requestId: () => string): boolean {
    const key = this.keyOf(req);
    if (key === null) {
      render(false);
      return false;
    }
    const entry = this.lookup(key);
    if (entry) {
      this.hits += 1;
      this.answer(req, res, entry, requestId());
      return true;
    }
    this.misses += 1;
    if (req.method === 'HEAD') {
      // A HEAD gets no body to keep; let the renderer answer it.
      render(false);
      return false;
    }
    const waiting = this.rendering.get(key);
    if (waiting) {
      // Answered from the entry the running rendering makes, or rendered after all when it made none.
      waiting.push(() => {
        // A visitor who went away meanwhile gets no rendering of their own (nothing would stop it).
        if (res.destroyed || res.writableEnded) return;
        const entry = this.lookup(key);
        if (entry) this.answer(req, res, entry, requestId());
        else render(false);
      });
      return false;
    }
    this.rendering.set(key, []);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const waiters = this.rendering.get(key) ?? [];
      this.rendering.delete(key);
      for (const waiter of waiters) waiter();
    };
    // Also when the rendering never finishes (the client went away, the renderer failed).
    res.once('close', release);
    this.holdBack(req, res, key, requestId, release);
    render(true);
    return false;
  }

  /**
   * Collects what the renderer writes instead of sending it, then answers as from the cache (gzip, validator,
   * 304) and keeps the entry. Answers that may not be kept go out as the renderer made them.
   */
  private holdBack(req: IncomingMessage, res: ServerResponse, key: string, requestId: () => string, done: () => void): void {
    const generation = this.currentGeneration();
    const chunks: Buffer[] = [];
    const original = { writeHead: res.writeHead, write: res.write, end: res.end };
    const toBuffer = (chunk: unknown, encoding?: unknown): Buffer | null => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return null;
      if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      // A view, not a copy: the renderer's chunks are not written to again (a feed's chunk is megabytes).
      if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      return Buffer.from(String(chunk));
    };
    const callbackOf = (args: unknown[]): (() => void) | undefined => args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    (res as { writeHead: unknown }).writeHead = (...args: unknown[]): ServerResponse => {
      applyWriteHead(res, args);
      return res;
    };
    (res as { write: unknown }).write = (...args: unknown[]): boolean => {
      const buffer = toBuffer(args[0], args[1]);
      if (buffer) chunks.push(buffer);
      const callback = callbackOf(args);
      if (callback) process.nextTick(callback);
      return true;
    };
    (res as { end: unknown }).end = (...args: unknown[]): ServerResponse => {
      const buffer = toBuffer(args[0], args[1]);
      if (buffer) chunks.push(buffer);
      const callback = callbackOf(args);
      if (callback) res.once('finish', callback);
      Object.assign(res, original);
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const entry = this.entryOf(res.statusCode, res.getHeaders(), body);
      if (!entry) {
        res.end(body);
        done();
        return res;
      }
      const gzipWanted = acceptsGzip(req) && isCompressible(entry.headers, body);
      if (!gzipWanted) this.answer(req, res, entry, requestId());
      this.keep(key, entry, generation)
        .then(() => {
          done();
          if (gzipWanted) this.answer(req, res, entry, requestId());
        })
        .catch((error: unknown) => {
          done();
          res.destroy(error as Error);
        });
      return res;
    };
  }
}

function isCompressible(headers: OutgoingHttpHeaders, body: Buffer): boolean {
  return body.length > MIN_COMPRESS_BYTES && isCompressibleType(headers['content-type']);
}

/**
 * What changes on every commit to the database, whoever made it (see SQLite `PRAGMA data_version`).
 *
 * `data_version` (commits of *other* connections: the calendar-import worker, a maintenance script) costs
 * 15–30 µs in WAL mode, about as much as answering a page from the cache; it is read once per turn of the event
 * loop. The requests answered in one turn are answered as of one moment, which is all another connection's commit,
 * running at the same time, can ask for. `total_changes()` (this connection's own writes, under a microsecond) is
 * read every time, so a page is never answered from before a change made by the request just handled.
 */
export function sqliteDataVersion(client: { prepare(sql: string): { pluck(): { get(): unknown } } }): () => string {
  // The connection may hand the same compiled statements to other callers (reuseStatements), so the mode is set at
  // each use.
  const dataVersion = client.prepare('PRAGMA data_version');
  const ownChanges = client.prepare('SELECT total_changes()');
  let othersThisTurn: string | null = null;
  const forget = (): void => {
    othersThisTurn = null;
  };
  return () => {
    if (othersThisTurn === null) {
      othersThisTurn = String(dataVersion.pluck().get());
      setImmediate(forget);
    }
    return `${othersThisTurn}.${String(ownChanges.pluck().get())}`;
  };
}
