/** The session cookie: HttpOnly, SameSite=Lax, Secure in production, living as long as the session may. */
import { getConfig } from '../config';
import { SESSION_COOKIE, sessionExpiresAt } from './session';

/** The part of Astro's cookie API used here (the domain does not import Astro). */
export interface CookieJar {
  set(name: string, value: string, options: { httpOnly: boolean; sameSite: 'lax'; secure: boolean; path: string; expires: Date }): void;
  delete(name: string, options: { path: string }): void;
}

/** `createdAt` defaults to `lastVerifiedAt`: a session that was just made. */
export function setSessionCookie(cookies: CookieJar, token: string, lastVerifiedAt: Date, createdAt: Date = lastVerifiedAt): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: getConfig().mode === 'production',
    path: '/',
    expires: sessionExpiresAt({ createdAt, lastVerifiedAt }),
  });
}

export function deleteSessionCookie(cookies: CookieJar): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
