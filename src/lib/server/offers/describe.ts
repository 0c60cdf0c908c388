/** Schedules and validity in words, as people say them: "jeden Dienstag 10:00–12:00 Uhr", "jeden 1. Mittwoch im Monat". */
import { DateTime } from 'luxon';
import { intlLocale, type MessageKey, type Translate } from '../../../i18n';
import { weekdayCodes } from '../events/series';
import type { ScheduleSpec } from './schedules';
import { berlinZone } from '../../time';

function dayName(t: Translate, code: string): string {
  return t(`bo.weekday.${code}` as MessageKey);
}

function joinDays(t: Translate, codes: readonly string[]): string {
  const names = weekdayCodes.filter((c) => codes.includes(c)).map((c) => dayName(t, c));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')}${t('offers.when.and')}${names[names.length - 1]}`;
}

export function describeSchedule(t: Translate, spec: ScheduleSpec): string {
  const time = t('offers.when.time', { opens: spec.opensAt, closes: spec.closesAt });
  let days: string;
  if (spec.freq === 'monthly') {
    days = t('offers.when.monthly', { week: t(`offers.week.${spec.monthWeek}` as MessageKey), day: dayName(t, spec.weekday) });
  } else if (spec.interval === 1) {
    days = t('offers.when.weekly', { days: joinDays(t, spec.weekdays) });
  } else if (spec.interval === 2) {
    days = t('offers.when.fortnightly', { days: joinDays(t, spec.weekdays) });
  } else {
    days = t('offers.when.everyNWeeks', { n: spec.interval, days: joinDays(t, spec.weekdays) });
  }
  return `${days}, ${time}`;
}

export function formatDay(date: string, locale: string): string {
  return DateTime.fromISO(date, { zone: berlinZone }).setLocale(intlLocale(locale)).toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' });
}

/** "ab 1. Februar 2027", "bis 30. Juni 2027", or both; empty when open-ended. */
export function describeValidity(t: Translate, validity: { validFrom: string | null; validUntil: string | null }, locale: string): string {
  const { validFrom, validUntil } = validity;
  if (validFrom && validUntil) return t('offers.when.validRange', { from: formatDay(validFrom, locale), until: formatDay(validUntil, locale) });
  if (validFrom) return t('offers.when.validFrom', { date: formatDay(validFrom, locale) });
  if (validUntil) return t('offers.when.validUntil', { date: formatDay(validUntil, locale) });
  return '';
}

/** Every way the offer can be met, one line each ("nach Vereinbarung" last). */
export function describeWhen(t: Translate, schedules: readonly ScheduleSpec[], byAppointment: boolean): string[] {
  const lines = schedules.map((s) => describeSchedule(t, s));
  if (byAppointment) lines.push(t('offers.when.byAppointment'));
  return lines;
}
