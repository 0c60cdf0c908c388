import type { AstroCookies } from 'astro';
import { localeCookie, resolveLocale, textDirection, translator, type Locale, type Translate } from './index';

export interface PageI18n {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  t: Translate;
}

/** The visitor's language for this request (cookie set by the language switch, else German). */
export function pageI18n(astro: { cookies: AstroCookies; request: Request }): PageI18n {
  const locale = resolveLocale(astro.cookies.get(localeCookie)?.value, astro.request.headers.get('accept-language'));
  return { locale, dir: textDirection(locale), t: translator(locale) };
}
