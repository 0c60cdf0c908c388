import { defineMiddleware, sequence } from 'astro:middleware';
import { getDb } from './lib/server/db';
import { getConfig } from './lib/server/config';
import { SESSION_COOKIE, validateSessionToken } from './lib/server/auth/session';
import { deleteSessionCookie, setSessionCookie } from './lib/server/auth/cookie';
import { logRequest, REQUEST_ID_HEADER, requestIdFrom } from './lib/server/observability/request-log';
import { applySecurityHeaders, frameAncestorsFor } from './lib/server/observability/security-headers';
import { narrowCspToPage } from './lib/server/observability/page-csp';
import { bodyLimitFor, exceedsLimit } from './lib/server/http/body-limit';
import { resolveClient } from './lib/server/http/client';
import { crossSiteForbidden, isCrossSiteSubmission } from './lib/server/http/origin';
import { isOpen311Submission } from './lib/server/concerns/open311-origin';

/** An HTML page with the hashes of its own inline scripts and styles only in its policy (see page-csp.ts). */
async function withPageCsp(response: Response): Promise<Response> {
  const csp = response.headers.get('content-security-policy');
  if (!csp?.includes("'sha") || !response.headers.get('content-type')?.startsWith('text/html') || !response.body) return response;
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.set('content-security-policy', narrowCspToPage(csp, html));
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

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
  response = await withPageCsp(response);
  const config = getConfig();
  const https = config.publicUrl.startsWith('https:');
  const frameAncestors = frameAncestorsFor(context.url.pathname, config.embedFrameAncestors);
  try {
    applySecurityHeaders(response.headers, https, frameAncestors);
    response.headers.set(REQUEST_ID_HEADER, id);
  } catch {
    // Responses made with Response.redirect() have immutable headers: copy them into a new response.
    const headers = new Headers(response.headers);
    applySecurityHeaders(headers, https, frameAncestors);
    headers.set(REQUEST_ID_HEADER, id);
    response = new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
  log(response.status);
  return response;
});

/**
 * Who is asking (behind a trusted proxy: the forwarded address and protocol), and the cross-site check of form
 * posts against the origin the visitor really used (astro.config.mjs turns Astro's own check off for this).
 */
const client = defineMiddleware((context, next) => {
  const config = getConfig();
  let socketAddress = '';
  try {
    socketAddress = context.clientAddress;
  } catch {
    // Prerendered routes have no client; nothing below needs one for them.
  }
  const visitor = resolveClient(config.trustedProxies, socketAddress, context.request.headers);
  context.locals.clientAddress = visitor.address || 'unknown';
  const sameSite = [`${visitor.protocol}://${context.url.host}`, new URL(config.publicUrl).origin];
  if (isCrossSiteSubmission(context.request.method, context.request.headers, sameSite) && !isOpen311Submission(context.url, context.request.headers)) {
    return crossSiteForbidden(context.request.method);
  }
  return next();
});

/**
 * Form Actions posted to a page (`?_action=…`) only ever come from forms. Anything else (JSON, a broken
 * multipart body) is refused here with a 4xx, before a page tries to re-read the body to refill its form.
 */
const formPostGuard = defineMiddleware(async (context, next) => {
  if (context.request.method === 'POST' && context.url.searchParams.has('_action')) {
    // The start script has refused too big bodies already; this holds when the server is started some other way.
    if (exceedsLimit(context.request.headers.get('content-length'), bodyLimitFor(context.url.pathname))) return new Response(null, { status: 413 });
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
      setSessionCookie(context.cookies, token, result.session.lastVerifiedAt, result.session.createdAt);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }
  return next();
});

export const onRequest = sequence(observe, client, formPostGuard, session);
