/**
 * The portal's languages and what `Intl` and the layout need to know of each, without the message catalogues: code
 * that only formats dates or picks a direction (the calendar-sync worker through lib/time.ts) loads no catalogue.
 */
export const locales = ['de', 'en', 'tr', 'ar', 'uk'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'de';

/** Names in their own language, for the language switch. */
export const localeNames: Record<Locale, string> = { de: 'Deutsch', en: 'English', tr: 'Türkçe', ar: 'العربية', uk: 'Українська' };

/** Writing direction per locale (the layout sets `dir` from here). */
export const directions: Record<Locale, 'ltr' | 'rtl'> = { de: 'ltr', en: 'ltr', tr: 'ltr', ar: 'rtl', uk: 'ltr' };

/**
 * The BCP 47 tag `Intl` formats dates, numbers and lists with. English is British (day before month, 24-hour clock,
 * as the German originals); Arabic keeps Western digits, as on the Treffs' signs, in letters and in phone numbers.
 */
export const intlTags: Record<Locale, string> = { de: 'de-DE', en: 'en-GB', tr: 'tr-TR', ar: 'ar-u-nu-latn', uk: 'uk-UA' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function textDirection(locale: string): 'ltr' | 'rtl' {
  return isLocale(locale) ? directions[locale] : 'ltr';
}

export function intlLocale(locale: string): string {
  return isLocale(locale) ? intlTags[locale] : locale;
}
