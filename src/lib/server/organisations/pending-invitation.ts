/**
 * An invitation link opened by someone who must log in (or register) first. The token travels in a short-lived
 * HttpOnly cookie instead of the return address, so it never appears in the login URL, the request log, the
 * browser history or a Referer header; the mail link itself is answered with a redirect that drops it from the
 * address bar.
 */
import { getConfig } from '../config';
import type { Db } from '../db';
import { findInvitation, type InvitationView } from './index';

export const PENDING_INVITATION_COOKIE = 'einladung';
const PATH = '/konto/einladung';
/**
 * The cookie is sent to every page (still HttpOnly, SameSite=Lax, never in a URL): login, registration and the
 * address confirmation read it to say which organisation invited the person and to lead back to the invitation.
 */
const COOKIE_PATH = '/';
/** Long enough to register, confirm the address and log in. */
const LIFETIME_SECONDS = 24 * 60 * 60;

/** The part of Astro's cookie API used here (the domain does not import Astro). */
export interface InvitationCookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: { httpOnly: boolean; sameSite: 'lax'; secure: boolean; path: string; maxAge: number }): void;
  delete(name: string, options: { path: string }): void;
}

export function rememberInvitation(cookies: InvitationCookieJar, token: string): void {
  cookies.set(PENDING_INVITATION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: getConfig().mode === 'production',
    path: COOKIE_PATH,
    maxAge: LIFETIME_SECONDS,
  });
}

export function pendingInvitation(cookies: InvitationCookieJar): string | null {
  const value = cookies.get(PENDING_INVITATION_COOKIE)?.value;
  return value && value.length <= 200 ? value : null;
}

export function forgetInvitation(cookies: InvitationCookieJar): void {
  cookies.delete(PENDING_INVITATION_COOKIE, { path: COOKIE_PATH });
}

/** Where the invitation page lives (without its token). */
export const INVITATION_PATH = PATH;

/** The still valid invitation this browser is carrying, for the steps before it can be accepted; null without one. */
export function pendingInvitationView(db: Db, cookies: InvitationCookieJar): InvitationView | null {
  const token = pendingInvitation(cookies);
  return token ? findInvitation(db, token) : null;
}
