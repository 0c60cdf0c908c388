/**
 * The one i18n layer: every visible string goes through `t`. German is the default and the source
 * language; English is complete. Turkish, Arabic (right to left) and Ukrainian are prepared in
 * `plannedLocales` and become selectable once their catalogues exist.
 */
import common from './messages/common';
import home from './messages/home';
import legal from './messages/legal';
import places from './messages/places';
import rooms from './messages/rooms';
import volunteering from './messages/volunteering';
import backoffice from './messages/backoffice';
import events from './messages/events';
import accounts from './messages/accounts';
import mail from './messages/mail';
import admin from './messages/admin';
import forms from './messages/forms';
import concerns from './messages/concerns';
import offers from './messages/offers';
import embed from './messages/embed';
import goals from './messages/goals';
import calendarImport from './messages/calendar-import';
import reports from './messages/reports';

const catalogues = [
  common,
  home,
  legal,
  places,
  rooms,
  volunteering,
  backoffice,
  events,
  accounts,
  mail,
  admin,
  forms,
  concerns,
  offers,
  embed,
  goals,
  calendarImport,
  reports,
] as const;

type Catalogue = (typeof catalogues)[number];
export type MessageKey = Catalogue extends infer C ? (C extends { de: Record<infer K, string> } ? K : never) : never;

export const locales = ['de', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'de';

/** Names in their own language, for the language switch. */
export const localeNames: Record<Locale, string> = { de: 'Deutsch', en: 'English' };

/** Locales that follow, with their writing direction (the layout sets `dir` from here). */
export const plannedLocales = { tr: 'ltr', ar: 'rtl', uk: 'ltr' } as const;

const directions: Record<string, 'ltr' | 'rtl'> = { de: 'ltr', en: 'ltr', ...plannedLocales };

const merged: Record<Locale, Record<string, string>> = { de: {}, en: {} };
for (const catalogue of catalogues) {
  for (const locale of locales) Object.assign(merged[locale], catalogue[locale]);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function textDirection(locale: string): 'ltr' | 'rtl' {
  return directions[locale] ?? 'ltr';
}

export type Params = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = merged[locale][key] ?? merged[defaultLocale][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate = (key: MessageKey, params?: Params) => string;

/** Whether a key exists in the catalogues (for keys that arrive from outside, such as the notice parameter). */
export function hasMessage(key: string): key is MessageKey {
  return key in merged[defaultLocale];
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** The cookie that remembers the chosen language. */
export const localeCookie = 'lang';

export function resolveLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  // Follow the browser only when it clearly prefers English over German; the portal is German first.
  const first = acceptLanguage?.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return first === 'en' ? 'en' : defaultLocale;
}
