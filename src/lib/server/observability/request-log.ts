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

/**
 * The path and query as they may be logged: long opaque path segments (feed tokens, confirmation links)
 * and secret query values are replaced by `[redacted]`.
 */
export function redactUrl(url: URL): string {
  const path = url.pathname
    .split('/')
    .map((segment) => (/^[A-Za-z0-9_-]{24,}(\.[a-z]+)?$/.test(segment) ? `[redacted]${segment.match(/\.[a-z]+$/)?.[0] ?? ''}` : segment))
    .join('/');
  if (!url.search) return path;
  const query = new URLSearchParams(url.search);
  for (const key of [...new Set(query.keys())]) {
    if (SECRET_PARAMS.test(key)) query.set(key, '[redacted]');
  }
  const search = query.toString();
  return search ? `${path}?${search.slice(0, 500)}` : path;
}

export interface RequestLogEntry {
  id: string;
  method: string;
  url: URL;
  status: number;
  durationMs: number;
  userId: number | null;
  error?: unknown;
}

/** Writes one JSON line; errors go to stderr with their stack so the operator sees what broke. */
export function logRequest(entry: RequestLogEntry, write: (line: string) => void = (line) => process.stdout.write(line + '\n')): void {
  const record: Record<string, unknown> = {
    time: new Date().toISOString(),
    level: entry.status >= 500 ? 'error' : entry.status >= 400 ? 'warn' : 'info',
    msg: 'request',
    requestId: entry.id,
    method: entry.method,
    path: redactUrl(entry.url),
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
