import type { AstroCookies } from 'astro';
import { localeCookie, resolveLocale, textDirection, translator, type Locale, type Translate } from './index';

export interface PageI18n {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  t: Translate;
}

/** Decided once per request: a page asks from every component (a list of twenty titles asks twenty times). */
const perRequest = new WeakMap<Request, PageI18n>();

/** The visitor's language for this request (cookie set by the language switch, else the browser's, else German). */
export function pageI18n(astro: { cookies: AstroCookies; request: Request }): PageI18n {
  const known = perRequest.get(astro.request);
  if (known) return known;
  const locale = resolveLocale(astro.cookies.get(localeCookie)?.value, astro.request.headers.get('accept-language'));
  const i18n: PageI18n = { locale, dir: textDirection(locale), t: translator(locale) };
  perRequest.set(astro.request, i18n);
  return i18n;
}
