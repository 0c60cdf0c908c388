/**
 * Time zone handling in one place: the portal thinks in Europe/Berlin wall-clock time and stores UTC instants.
 * Browser-safe (Luxon only), so pages and islands format the same way.
 */
import { DateTime, IANAZone, Info } from 'luxon';
import { intlLocale, textDirection, type Locale } from '../i18n/locales';

export const ZONE = 'Europe/Berlin';

const HOUR_MS = 3_600_000;

/**
 * Europe/Berlin with its UTC offset remembered per hour, for code that converts thousands of instants (expanding
 * series). Luxon asks Intl for the offset of every instant it touches, several times per conversion (~20 µs each).
 * Exact: an hour whose first and last millisecond have the same offset has it throughout (the zone never changes
 * its clocks twice within one hour); an hour with a change (02:00 → 03:00 on the change days) is asked each time.
 */
class HourlyOffsetZone extends IANAZone {
  readonly #offsets = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    const known = this.#offsets.get(hour);
    if (known !== undefined) return known;
    const first = super.offset(hour * HOUR_MS);
    if (Number.isNaN(first) || first !== super.offset(hour * HOUR_MS + HOUR_MS - 1)) return super.offset(ts);
    // A bound on memory for callers that range over centuries; a year of hours is 8,760 entries.
    if (this.#offsets.size >= 100_000) this.#offsets.clear();
    this.#offsets.set(hour, first);
    return first;
  }
}

/** The zone as a Luxon zone: the same results as `{ zone: ZONE }`, faster. Use it for every Luxon conversion. */
export const berlinZone: IANAZone = new HourlyOffsetZone(ZONE);

/** `YYYY-MM-DDTHH:MM` (or `YYYY-MM-DD` for all-day) in Berlin → the instant. Invalid input → null. */
export function localToInstant(local: string): Date | null {
  const dt = DateTime.fromISO(local, { zone: berlinZone });
  return dt.isValid ? dt.toJSDate() : null;
}

/** The instant → Berlin wall-clock `YYYY-MM-DDTHH:MM`. */
/**
 * Wall-clock minutes of one Berlin day as instants, for grids that need hundreds of them (a room's week).
 * Luxon's zone arithmetic costs tens of microseconds per call; on the 363 days a year without a clock change
 * the offset is the same all day, so one subtraction does. On the two change days every minute goes through
 * Luxon, so 02:30 in March still comes out as Luxon says (it does not exist and is moved forward).
 */
export function berlinDayClock(date: string): (minuteOfDay: number) => Date {
  const midnight = DateTime.fromISO(date, { zone: berlinZone }).startOf('day');
  const nextMidnight = midnight.plus({ days: 1 });
  if (midnight.offset !== nextMidnight.offset || nextMidnight.diff(midnight, 'hours').hours !== 24) {
    return (minute) => midnight.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toJSDate();
  }
  const utcMidnight = Date.UTC(midnight.year, midnight.month - 1, midnight.day) - midnight.offset * 60_000;
  return (minute) => new Date(utcMidnight + minute * 60_000);
}

export function instantToLocal(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: berlinZone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** The Berlin calendar date of an instant, `YYYY-MM-DD`. */
export function berlinDate(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: berlinZone }).toISODate() ?? '';
}

export function berlinNow(): DateTime {
  return DateTime.now().setZone(berlinZone);
}

export function toBerlin(instant: Date): DateTime {
  return DateTime.fromJSDate(instant, { zone: berlinZone });
}

/** "Dienstag, 8. Dezember 2026" */
export function formatLongDate(instant: Date, locale: string): string {
  return toBerlin(instant).setLocale(intlLocale(locale)).toLocaleString({
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/**
 * A calendar date `YYYY-MM-DD` as people write it: "1. Dezember 2026", or "24.12.2026" with `numeric` (tables,
 * back office). Anything that is not such a date comes back unchanged.
 */
export function formatIsoDay(iso: string, locale: string, style: 'long' | 'numeric' = 'long'): string {
  const day = DateTime.fromISO(iso, { zone: berlinZone });
  if (!isIsoDate(iso) || !day.isValid) return iso;
  return day
    .setLocale(intlLocale(locale))
    .toLocaleString(style === 'long' ? { day: 'numeric', month: 'long', year: 'numeric' } : { day: 'numeric', month: 'numeric', year: 'numeric' });
}

/** "24.12.2026 – 1.1.2027"; one date when the range is a single day. */
export function formatIsoDayRange(from: string, to: string, locale: string, style: 'long' | 'numeric' = 'numeric'): string {
  return from === to ? formatIsoDay(from, locale, style) : `${formatIsoDay(from, locale, style)} – ${formatIsoDay(to, locale, style)}`;
}

/** "Di., 8. Dez." */
export function formatShortDate(instant: Date, locale: string): string {
  return toBerlin(instant).setLocale(intlLocale(locale)).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' });
}

/** "24.12.2026": a date with its year, short enough to list many (the dates of a series). */
export function formatNumericDate(instant: Date, locale: string): string {
  return toBerlin(instant).setLocale(intlLocale(locale)).toLocaleString({ day: '2-digit', month: '2-digit', year: 'numeric' });
}

/**
 * Text that reads left to right (a clock time, a range of them) kept so inside a right-to-left sentence: the
 * bidirectional algorithm would otherwise show "15:00–17:00 Uhr" as "Uhr 17:00–15:00". The isolate characters
 * (LRI … PDI) do in plain text what `<bdi dir="ltr">` does in markup, so every page, feed and mail that prints the
 * formatted time gets it; left-to-right locales get the text unchanged.
 */
export function keepLeftToRight(text: string, locale: string): string {
  return textDirection(locale) === 'rtl' ? `\u2066${text}\u2069` : text;
}

const clock = (instant: Date, locale: string): string =>
  toBerlin(instant).setLocale(intlLocale(locale)).toLocaleString({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "15:00" */
export function formatTime(instant: Date, locale: string): string {
  return keepLeftToRight(clock(instant, locale), locale);
}

/** "15:00–17:00 Uhr" in German, "15:00–17:00" otherwise. Isolated as a whole: two isolated times would swap. */
export function formatTimeRange(start: Date, end: Date, locale: string): string {
  const range = `${clock(start, locale)}–${clock(end, locale)}`;
  return keepLeftToRight(locale === 'de' ? `${range} Uhr` : range, locale);
}

/** `YYYY-MM-DD` that names a real calendar day. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

/** `HH:MM` from 00:00 to 23:59; with `allowMidnightEnd`, 24:00 too (the end of a day in opening hours). */
export function isClockTime(value: string, allowMidnightEnd = false): boolean {
  if (allowMidnightEnd && value === '24:00') return true;
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/** Berlin wall-clock `YYYY-MM-DDTHH:MM` that names a real minute. */
export function isLocalDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

/**
 * The instant as ISO 8601 with Berlin's offset and whole seconds, e.g. `2026-11-23T11:00:00+01:00` (the w3
 * datetime Open311 asks for). The offset comes from the hourly cache of `berlinZone`, so thousands of rows stay cheap.
 */
export function berlinIsoSeconds(instant: Date): string {
  const ms = Math.floor(instant.getTime() / 1000) * 1000;
  const offset = berlinZone.offset(ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Weekday names per locale and style: Luxon builds the list through Intl on every call. */
const weekdayNames = new Map<string, string[]>();

export function weekdayName(weekday: number, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const key = `${locale} ${style}`;
  let names = weekdayNames.get(key);
  if (!names) {
    names = Info.weekdays(style, { locale: intlLocale(locale) });
    weekdayNames.set(key, names);
  }
  return names[weekday - 1] ?? '';
}
