import type { APIRoute } from 'astro';
import { isLocale, localeCookie } from '../i18n';
import { setPreferredLocale } from '../lib/server/accounts';
import { getDb } from '../lib/server/db';
import { safeReturnPath } from '../lib/redirect';

/**
 * Language switch by plain link (works without JavaScript): sets the cookie and returns to the page. For a member it
 * is also the language of their mails.
 */
export const GET: APIRoute = ({ url, cookies, redirect, locals }) => {
  const lang = url.searchParams.get('lang');
  if (isLocale(lang)) {
    cookies.set(localeCookie, lang, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true });
    if (locals.user) setPreferredLocale(getDb(), locals.user.id, lang);
  }
  return redirect(safeReturnPath(url.searchParams.get('zurueck')), 303);
};
