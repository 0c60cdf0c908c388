/**
 * Structured request logging: one JSON line per request on stdout, with a request id that is also sent back
 * in `X-Request-Id`, so an operator can match a resident's complaint ("Fehlernummer …") to the log line.
 * Secrets that live in URLs (personal and organisation feed tokens, one-time links) never reach the log.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Accepts an id from a trusted proxy when it looks like one; otherwise makes a new one. */
export function requestIdFrom(incoming: string | null): string {
  if (incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming)) return incoming;
  return randomUUID();
}

/** Query parameters whose values are secrets or personal data and are therefore masked. */
const SECRET_PARAMS = /^(token|t|key|code|secret|password|email)$/i;

/** A path segment that looks like a feed token or a one-time link's secret (`abc…xyz` or `abc…xyz.ics`). */
const OPAQUE_SEGMENT = /^[A-Za-z0-9_-]{24,}(\.[a-z]+)?$/;

/** How deep return addresses inside return addresses are looked into (`zurueck=/a?zurueck=/b?token=…`). */
const MAX_NESTING = 3;

function redactPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (OPAQUE_SEGMENT.test(segment) ? `[redacted]${segment.match(/\.[a-z]+$/)?.[0] ?? ''}` : segment))
    .join('/');
}

/** A query value as it may be logged: a path or URL in it (a return address) is redacted like the request's own. */
function redactValue(value: string, depth: number): string {
  if (OPAQUE_SEGMENT.test(value)) return '[redacted]';
  if (depth >= MAX_NESTING || !/^(\/|https?:\/\/)/i.test(value)) return value;
  let nested: URL;
  try {
    nested = new URL(value, 'http://portal.invalid');
  } catch {
    return value;
  }
  const redacted = redactPathAndQuery(nested, depth + 1);
  return value.startsWith('/') ? redacted : `${nested.origin}${redacted}`;
}

function redactPathAndQuery(url: URL, depth: number): string {
  const path = redactPath(url.pathname);
  if (!url.search) return path;
  const query = new URLSearchParams(url.search);
  const redacted = new URLSearchParams();
  for (const [key, value] of query) redacted.append(key, SECRET_PARAMS.test(key) ? '[redacted]' : redactValue(value, depth));
  const search = redacted.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The path and query as they may be logged: long opaque path segments (feed tokens, confirmation links) and
 * secret query values are replaced by `[redacted]`, also inside a return address carried in the query
 * (`/anmelden?zurueck=/konto/einladung?token=…`).
 */
export function redactUrl(url: URL): string {
  const redacted = redactPathAndQuery(url, 0);
  const queryAt = redacted.indexOf('?');
  return queryAt === -1 ? redacted : `${redacted.slice(0, queryAt)}?${redacted.slice(queryAt + 1, queryAt + 1 + 500)}`;
}

/** Every http(s) link in a text (a mail body) with its secrets redacted as in the log. */
export function redactLinks(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>]+/g, (link) => {
    const trailing = /[.,;:!?)]+$/.exec(link)?.[0] ?? '';
    const bare = trailing ? link.slice(0, -trailing.length) : link;
    let url: URL;
    try {
      url = new URL(bare.replace(/&amp;/g, '&'));
    } catch {
      return link;
    }
    return `${url.origin}${redactPathAndQuery(url, 0)}${trailing}`;
  });
}

/**
 * Redacted paths of recent request targets: an answer from the page cache costs some tens of microseconds, and parsing
 * and redacting the same URL again for each of their log lines cost a good part of that. Only targets that come
 * out unchanged are kept (no secret is held longer than its request), and only so many, since strangers choose them.
 */
const MAX_REMEMBERED_PATHS = 2_000;
const redactedPaths = new Map<string, string>();

function loggedPath(url: URL | string): string {
  const target = typeof url === 'string' ? url : url.pathname + url.search;
  let path = redactedPaths.get(target);
  if (path === undefined) {
    path = redactUrl(typeof url === 'string' ? new URL(url, 'http://portal.invalid') : url);
    if (path !== target) return path;
    if (redactedPaths.size >= MAX_REMEMBERED_PATHS) redactedPaths.clear();
    redactedPaths.set(target, path);
  }
  return path;
}

export interface RequestLogEntry {
  id: string;
  method: string;
  /** The request's URL, or its target as the request line has it (`/orte?quartier=kray`); logged redacted. */
  url: URL | string;
  status: number;
  durationMs: number;
  userId: number | null;
  error?: unknown;
}

/**
 * Lines logged in this turn of the event loop, written together at its end: under load many requests are answered
 * in one turn, and stdout to a file or to journald is written synchronously, one system call per write. Lines still
 * waiting when the process exits (also after an uncaught error) are written then.
 */
const pendingLines: string[] = [];

function writePendingLines(): void {
  if (pendingLines.length === 0) return;
  const text = `${pendingLines.join('\n')}\n`;
  pendingLines.length = 0;
  process.stdout.write(text);
}

process.on('exit', writePendingLines);

function writeAtEndOfTurn(line: string): void {
  if (pendingLines.push(line) === 1) setImmediate(writePendingLines);
}

/** Writes one JSON line; an error carries its message and stack, so the operator sees what broke. */
export function logRequest(entry: RequestLogEntry, write: (line: string) => void = writeAtEndOfTurn): void {
  const record: Record<string, unknown> = {
    time: new Date().toISOString(),
    level: entry.status >= 500 ? 'error' : entry.status >= 400 ? 'warn' : 'info',
    msg: 'request',
    requestId: entry.id,
    method: entry.method,
    path: loggedPath(entry.url),
    status: entry.status,
    ms: Math.round(entry.durationMs * 10) / 10,
  };
  if (entry.userId !== null) record.userId = entry.userId;
  if (entry.error !== undefined) {
    const error = entry.error instanceof Error ? entry.error : new Error(String(entry.error));
    record.error = error.message;
    record.stack = error.stack;
  }
  write(JSON.stringify(record));
}
