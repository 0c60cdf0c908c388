/**
 * Public holidays of a German federal state, from feiertagejs (it computes the Easter-based ones:
 * Karfreitag, Ostermontag, Christi Himmelfahrt, Pfingstmontag, Fronleichnam). Holidays are calendar dates,
 * so they are handled as `YYYY-MM-DD` strings and never as instants.
 */
import { getHolidays } from 'feiertagejs';
import { hasMessage, locales, translate, type Locale } from '../../../i18n';

export const holidayRegions = ['BW', 'BY', 'BE', 'BB', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type HolidayRegion = (typeof holidayRegions)[number];
export const defaultHolidayRegion: HolidayRegion = 'NW';

export interface PublicHoliday {
  /** `YYYY-MM-DD` */
  date: string;
  /** feiertagejs key, e.g. `KARFREITAG`. */
  key: string;
  name: Record<Locale, string>;
}

export function isHolidayRegion(value: string): value is HolidayRegion {
  return (holidayRegions as readonly string[]).includes(value);
}

/** A holiday's name in every language; one the catalogue does not know yet keeps feiertagejs' German name. */
function holidayNames(key: string, german: string): Record<Locale, string> {
  const messageKey = `holiday.${key}`;
  return Object.fromEntries(locales.map((locale) => [locale, hasMessage(messageKey) ? translate(locale, messageKey) : german])) as Record<Locale, string>;
}

// Pages ask for the same few years over and over; the computation is pure, so cache per region and year.
const cache = new Map<string, PublicHoliday[]>();

/** The public holidays of one year in a federal state, in date order. An unknown region falls back to NRW. */
export function listHolidays(region: string, year: number): PublicHoliday[] {
  const safeRegion = isHolidayRegion(region) ? region : defaultHolidayRegion;
  const key = `${safeRegion}:${year}`;
  let holidays = cache.get(key);
  if (!holidays) {
    holidays = getHolidays(year, safeRegion)
      .map((h) => ({
        date: h.dateString,
        key: h.name,
        name: holidayNames(h.name, h.translate('de') ?? h.name),
      }))
      .sort((a, b) => a.date.localeCompare(b.date));
    cache.set(key, holidays);
  }
  return holidays;
}

/** The public holiday on a date (`YYYY-MM-DD`), or null. */
export function findHoliday(region: string, date: string): PublicHoliday | null {
  const year = Number(date.slice(0, 4));
  return listHolidays(region, year).find((h) => h.date === date) ?? null;
}

/** Holidays with from ≤ date ≤ to (both `YYYY-MM-DD`). */
export function listHolidaysBetween(region: string, from: string, to: string): PublicHoliday[] {
  const result: PublicHoliday[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const h of listHolidays(region, year)) if (h.date >= from && h.date <= to) result.push(h);
  }
  return result;
}
