import { defineMiddleware } from 'astro:middleware';
import { getDb } from './lib/server/db';
import { getConfig } from './lib/server/config';
import { INACTIVITY_TIMEOUT_MS, SESSION_COOKIE, validateSessionToken } from './lib/server/auth/session';

/** Reads the session cookie into locals.user/locals.session; nothing else. */
export const onRequest = defineMiddleware((context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const result = validateSessionToken(getDb(), token);
    if (result) {
      context.locals.user = result.user;
      context.locals.session = result.session;
      // Sliding expiry: the cookie lives as long as the session would stay valid without further activity.
      context.cookies.set(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: getConfig().mode === 'production',
        path: '/',
        expires: new Date(result.session.lastVerifiedAt.getTime() + INACTIVITY_TIMEOUT_MS),
      });
    } else {
      context.cookies.delete(SESSION_COOKIE, { path: '/' });
    }
  }
  return next();
});
