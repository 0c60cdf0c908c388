import { defineMiddleware, sequence } from 'astro:middleware';
import { getDb } from './lib/server/db';
import { getConfig } from './lib/server/config';
import { SESSION_COOKIE, validateSessionToken } from './lib/server/auth/session';
import { deleteSessionCookie, setSessionCookie } from './lib/server/auth/cookie';
import { logRequest, REQUEST_ID_HEADER, requestIdFrom } from './lib/server/observability/request-log';
import { applySecurityHeaders } from './lib/server/observability/security-headers';
import { exceedsActionBodyLimit } from './lib/server/concerns/upload-limit';

/** Request id, one structured log line per request, and security headers on every response. */
const observe = defineMiddleware(async (context, next) => {
  const started = performance.now();
  const id = requestIdFrom(context.request.headers.get(REQUEST_ID_HEADER));
  context.locals.requestId = id;
  const log = (status: number, error?: unknown): void =>
    logRequest({
      id,
      method: context.request.method,
      url: context.url,
      status,
      durationMs: performance.now() - started,
      userId: context.locals.user?.id ?? null,
      error,
    });
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    log(500, error);
    throw error;
  }
  try {
    applySecurityHeaders(response.headers, getConfig().publicUrl.startsWith('https:'));
    response.headers.set(REQUEST_ID_HEADER, id);
  } catch {
    // Responses made with Response.redirect() have immutable headers: copy them into a new response.
    const headers = new Headers(response.headers);
    applySecurityHeaders(headers, getConfig().publicUrl.startsWith('https:'));
    headers.set(REQUEST_ID_HEADER, id);
    response = new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  log(response.status);
  return response;
});

/**
 * Form Actions posted to a page (`?_action=…`) only ever come from forms. Anything else (JSON, a broken
 * multipart body) is refused here with a 4xx, before a page tries to re-read the body to refill its form.
 */
const formPostGuard = defineMiddleware(async (context, next) => {
  if (context.request.method === 'POST' && exceedsActionBodyLimit(context.url, context.request.headers)) return new Response(null, { status: 413 });
  if (context.request.method === 'POST' && context.url.searchParams.has('_action')) {
    const type = context.request.headers.get('content-type') ?? '';
    if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return new Response(null, { status: 415 });
    try {
      await context.request.clone().formData();
    } catch {
      return new Response(null, { status: 400 });
    }
  }
  return next();
});

/** Reads the session cookie into locals.user/locals.session; nothing else. */
const session = defineMiddleware((context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const result = validateSessionToken(getDb(), token);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      // Sliding expiry: the cookie lives as long as the session would stay valid without further activity.
      setSessionCookie(context.cookies, token, result.session.lastVerifiedAt);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }
  return next();
});

export const onRequest = sequence(observe, formPostGuard, session);
