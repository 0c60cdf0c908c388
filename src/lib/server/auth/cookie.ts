/** The session cookie: HttpOnly, SameSite=Lax, Secure in production, living as long as the session may. */
import { getConfig } from '../config';
import { INACTIVITY_TIMEOUT_MS, SESSION_COOKIE } from './session';

/** The part of Astro's cookie API used here (the domain does not import Astro). */
export interface CookieJar {
  set(name: string, value: string, options: { httpOnly: boolean; sameSite: 'lax'; secure: boolean; path: string; expires: Date }): void;
  delete(name: string, options: { path: string }): void;
}

export function setSessionCookie(cookies: CookieJar, token: string, lastVerifiedAt: Date): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: getConfig().mode === 'production',
    path: '/',
    expires: new Date(lastVerifiedAt.getTime() + INACTIVITY_TIMEOUT_MS),
  });
}

export function deleteSessionCookie(cookies: CookieJar): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}
