/**
 * The one-line opening status shown on place cards and pages ("Jetzt geöffnet bis 18:00 Uhr",
 * "Heute geschlossen (Karfreitag) · öffnet Dienstag um 09:00 Uhr"), in the visitor's language.
 */
import { type Locale, type Translate } from '../../../i18n';
import { berlinDate, formatLongDate, formatShortDate, formatTime, localToInstant, toBerlin, weekdayName } from '../../time';
import { openingStatus, shiftDate, type OpeningStatus, type PlaceHours } from './opening-hours';

export interface StatusLine {
  text: string;
  /** true = open now, false = closed now, null = the place has no opening hours. */
  open: boolean | null;
}

/** "today", "tomorrow", "Tuesday" (within a week) or "Fr., 2. Jan." as a phrase for when something happens. */
function whenPhrase(target: Date, now: Date, locale: Locale, t: Translate): { key: 'today' | 'tomorrow' | 'weekday' | 'date'; value: string } {
  const day = berlinDate(target);
  const today = berlinDate(now);
  if (day === today) return { key: 'today', value: '' };
  if (day === shiftDate(today, 1)) return { key: 'tomorrow', value: t('places.when.tomorrow') };
  if (day < shiftDate(today, 7)) return { key: 'weekday', value: weekdayName(toBerlin(target).weekday, locale) };
  return { key: 'date', value: formatShortDate(target, locale) };
}

export function describeOpeningStatus(status: OpeningStatus, now: Date, locale: Locale, t: Translate): StatusLine {
  if (status.state === 'no_hours') return { text: t('places.status.noHours'), open: null };
  if (status.state === 'open') {
    const when = whenPhrase(status.until, now, locale, t);
    const time = formatTime(status.until, locale);
    const text = when.key === 'today' ? t('places.status.openUntil', { time }) : t('places.status.openUntilOn', { day: when.value, time });
    return { text, open: true };
  }
  const { today, next } = status;
  let closed = t('places.status.closedNow');
  if (today.kind === 'holiday' && today.holiday) closed = t('places.status.closedToday', { reason: today.holiday.name[locale] });
  else if (today.kind === 'closed' && today.exception) {
    closed = today.exception.reason ? t('places.status.closedToday', { reason: today.exception.reason }) : t('places.status.closedTodayPlain');
  }
  if (!next) return { text: `${closed} · ${t('places.status.noNextOpening')}`, open: false };
  const when = whenPhrase(next.startsAt, now, locale, t);
  const time = formatTime(next.startsAt, locale);
  const opens =
    when.key === 'today'
      ? t('places.status.opensToday', { time })
      : when.key === 'tomorrow'
        ? t('places.status.opensTomorrow', { time })
        : when.key === 'weekday'
          ? t('places.status.opensWeekday', { weekday: when.value, time })
          : t('places.status.opensDate', { date: when.value, time });
  return { text: `${closed} · ${opens}`, open: false };
}

/** The status line of a place; places that publish no opening hours (venues) get the "no hours" line. */
export function describePlaceStatus(place: { hasOpeningHours: boolean }, hours: PlaceHours | undefined, now: Date, locale: Locale, t: Translate): StatusLine {
  const status: OpeningStatus = place.hasOpeningHours && hours ? openingStatus(hours, now) : { state: 'no_hours' };
  return describeOpeningStatus(status, now, locale, t);
}

/** A calendar date `YYYY-MM-DD` as "Donnerstag, 24. Dezember 2026" or short "Do., 24. Dez.". */
export function formatIsoDate(date: string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const instant = localToInstant(date);
  if (!instant) return date;
  return style === 'long' ? formatLongDate(instant, locale) : formatShortDate(instant, locale);
}
