import type { APIRoute } from 'astro';
import { isLocale, localeCookie } from '../i18n';
import { safeReturnPath } from '../lib/redirect';

/** Language switch by plain link (works without JavaScript): sets the cookie and returns to the page. */
export const GET: APIRoute = ({ url, cookies, redirect }) => {
  const lang = url.searchParams.get('lang');
  if (isLocale(lang)) {
    cookies.set(localeCookie, lang, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true });
  }
  return redirect(safeReturnPath(url.searchParams.get('zurueck')), 303);
};
