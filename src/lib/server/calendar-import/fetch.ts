/**
 * Fetching a subscribed calendar without letting its address reach into the portal's own network (SSRF): every
 * host name is resolved and each of its addresses checked before the connection is made, also after each redirect;
 * the connection goes to exactly the address that was checked (the check runs as the socket's DNS lookup, so a
 * second answer of the name server cannot slip in between). Size, time and redirects are limited; a 304 answer
 * to the conditional GET means nothing changed; an HTML page or a file over the limit is refused before it is read.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { MessageKey, Params } from '../../../i18n';

export const MAX_CALENDAR_BYTES = 5 * 1024 * 1024;
export const FETCH_TIMEOUT_MS = 20_000;
export const MAX_REDIRECTS = 5;

export interface FetchOptions {
  /** Only for tests and the demo city: loopback and private addresses, and plain http, are allowed. */
  allowPrivateAddresses: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult = { kind: 'not_modified' } | { kind: 'fetched'; body: string; etag: string | null; lastModified: string | null };

/** Why a fetch gave no calendar: a message key for the sync log and the organisation, and a technical detail. */
export class CalendarFetchError extends Error {
  override name = 'CalendarFetchError';
  constructor(
    readonly key: MessageKey,
    readonly params: Params = {},
    detail = '',
  ) {
    super(detail || key);
  }
}

const privateRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const)
  privateRanges.addSubnet(network, prefix, 'ipv4');
privateRanges.addAddress('::', 'ipv6');
privateRanges.addAddress('::1', 'ipv6');
privateRanges.addSubnet('fc00::', 7, 'ipv6');
privateRanges.addSubnet('fe80::', 10, 'ipv6');
privateRanges.addSubnet('ff00::', 8, 'ipv6');

/** Whether an address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return privateRanges.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 4) return privateRanges.check(address, 'ipv4');
  if (family === 6) return privateRanges.check(address, 'ipv6');
  return true;
}

const refusedAddress = (): CalendarFetchError => new CalendarFetchError('calendarImport.error.addressRefused');

/** A DNS lookup for the socket that fails when any address of the name is a private one. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address))) return callback(refusedAddress(), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** `webcal://` is https with another name; the portal fetches https (http only where private addresses are allowed). */
export function normaliseCalendarUrl(raw: string, allowPlainHttp: boolean): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim().replace(/^webcals?:\/\//i, 'https://'));
  } catch {
    return null;
  }
  if (url.protocol === 'https:' || (allowPlainHttp && url.protocol === 'http:')) return url.username || url.password ? null : url;
  return null;
}

function get(url: URL, options: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateAddresses && isIP(host) && isPrivateAddress(host)) return Promise.reject(refusedAddress());
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5', 'user-agent': 'Quartiersportal calendar import' };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { headers, signal, ...(options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }) }, resolve);
    req.on('error', reject);
    req.end();
  });
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new CalendarFetchError('calendarImport.error.tooLarge', { megabytes: Math.round(maxBytes / 1024 / 1024) }));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function isHtml(contentType: string | undefined): boolean {
  return /^\s*(text\/html|application\/xhtml)/i.test(contentType ?? '');
}

/** Fetches the calendar at `raw`; throws CalendarFetchError with the reason when there is no calendar to read. */
export async function fetchCalendar(raw: string, options: FetchOptions): Promise<FetchResult> {
  const maxBytes = options.maxBytes ?? MAX_CALENDAR_BYTES;
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  let url = normaliseCalendarUrl(raw, options.allowPrivateAddresses);
  if (!url) throw new CalendarFetchError('calendarImport.error.scheme');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for (let hop = 0; ; hop += 1) {
      let response: IncomingMessage;
      try {
        response = await get(url, options, controller.signal);
      } catch (error) {
        throw fetchFailure(error, controller, timeoutMs);
      }
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new CalendarFetchError('calendarImport.error.httpStatus', { status });
        if (hop >= maxRedirects) throw new CalendarFetchError('calendarImport.error.redirects', { count: maxRedirects });
        const next = normaliseCalendarUrl(new URL(location, url).href, options.allowPrivateAddresses);
        if (!next) throw new CalendarFetchError('calendarImport.error.scheme');
        url = next;
        continue;
      }
      if (status === 304) {
        response.resume();
        return { kind: 'not_modified' };
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw new CalendarFetchError('calendarImport.error.httpStatus', { status });
      }
      if (isHtml(response.headers['content-type'])) {
        response.destroy();
        throw new CalendarFetchError('calendarImport.error.notCalendar', {}, String(response.headers['content-type']));
      }
      const declared = Number(response.headers['content-length'] ?? '0');
      if (declared > maxBytes) {
        response.destroy();
        throw new CalendarFetchError('calendarImport.error.tooLarge', { megabytes: Math.round(maxBytes / 1024 / 1024) });
      }
      let body: string;
      try {
        body = await readBody(response, maxBytes);
      } catch (error) {
        throw fetchFailure(error, controller, timeoutMs);
      }
      const etag = response.headers.etag ?? null;
      const lastModified = response.headers['last-modified'] ?? null;
      return { kind: 'fetched', body, etag, lastModified };
    }
  } finally {
    clearTimeout(timer);
  }
}

function fetchFailure(error: unknown, controller: AbortController, timeoutMs: number): CalendarFetchError {
  if (error instanceof CalendarFetchError) return error;
  if (controller.signal.aborted) return new CalendarFetchError('calendarImport.error.timeout', { seconds: Math.round(timeoutMs / 1000) });
  return new CalendarFetchError('calendarImport.error.unreachable', {}, (error as Error).message);
}
