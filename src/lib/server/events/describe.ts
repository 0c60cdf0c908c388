/**
 * A series in words, for residents who do not read RRULEs: "jeden 2. Dienstag im Monat, 18:30–20:30 Uhr".
 * Covers the rules the portal offers (daily, weekly on some weekdays, monthly on the n-th/last weekday or a
 * day of the month, yearly, with interval, until or count); anything else falls back to a general sentence
 * and the list of dates on the page.
 */
import { DateTime } from 'luxon';
import { intlLocale, translate, type Locale } from '../../../i18n';
import { berlinZone, keepLeftToRight, weekdayName } from '../../time';

const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

interface ParsedRule {
  freq: string;
  interval: number;
  byDay: { n: number | null; weekday: number }[];
  byMonthDay: number[];
  count: number | null;
  until: DateTime | null;
  other: boolean;
}

function parseRule(rrule: string): ParsedRule | null {
  const parts = new Map(
    rrule
      .replace(/^RRULE:/, '')
      .split(';')
      .filter((p) => p.includes('='))
      .map((p) => p.split('=', 2) as [string, string]),
  );
  const freq = parts.get('FREQ');
  if (!freq) return null;
  const byDay: ParsedRule['byDay'] = [];
  for (const token of parts.get('BYDAY')?.split(',') ?? []) {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(token);
    if (!match) return null;
    byDay.push({ n: match[1] ? Number(match[1]) : null, weekday: weekdayCodes.indexOf(match[2] as (typeof weekdayCodes)[number]) + 1 });
  }
  const until = parts.get('UNTIL');
  let untilDate: DateTime | null = null;
  if (until) {
    const parsed = /^(\d{8})(T\d{6}Z?)?$/.exec(until);
    if (!parsed) return null;
    untilDate = until.endsWith('Z')
      ? DateTime.fromFormat(until, "yyyyLLdd'T'HHmmss'Z'", { zone: 'utc' }).setZone(berlinZone)
      : DateTime.fromFormat(parsed[1]!, 'yyyyLLdd', { zone: berlinZone });
    if (!untilDate.isValid) return null;
  }
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL', 'WKST']);
  return {
    freq,
    interval: Number(parts.get('INTERVAL') ?? '1') || 1,
    byDay,
    byMonthDay: (parts.get('BYMONTHDAY')?.split(',') ?? []).map(Number),
    count: parts.has('COUNT') ? Number(parts.get('COUNT')) : null,
    until: untilDate,
    other: [...parts.keys()].some((k) => !known.has(k)),
  };
}

function ordinal(n: number, locale: Locale): string {
  if (n === -1) return translate(locale, 'recurrence.last');
  return translate(locale, 'recurrence.ordinal', { n });
}

function joinList(items: string[], locale: Locale): string {
  return new Intl.ListFormat(intlLocale(locale), { type: 'conjunction' }).format(items);
}

function describePattern(rule: ParsedRule, start: DateTime, locale: Locale): string | null {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>): string => translate(locale, key, params);
  const days = rule.byDay.length > 0 ? rule.byDay : [{ n: null, weekday: start.weekday }];
  switch (rule.freq) {
    case 'DAILY':
      return rule.interval === 1 ? t('recurrence.daily') : t('recurrence.everyNDays', { n: rule.interval });
    case 'WEEKLY': {
      if (days.some((d) => d.n !== null)) return null;
      const names = joinList(
        days.map((d) => weekdayName(d.weekday, locale)),
        locale,
      );
      return rule.interval === 1 ? t('recurrence.weekly', { days: names }) : t('recurrence.everyNWeeks', { n: rule.interval, days: names });
    }
    case 'MONTHLY': {
      const every = rule.interval === 1 ? '' : t('recurrence.everyNMonthsSuffix', { n: rule.interval });
      if (rule.byMonthDay.length > 0) {
        return (
          t('recurrence.monthlyOnDay', {
            days: joinList(
              rule.byMonthDay.map((d) => ordinal(d, locale)),
              locale,
            ),
          }) + every
        );
      }
      if (rule.byDay.length === 0) return t('recurrence.monthlyOnDay', { days: ordinal(start.day, locale) }) + every;
      if (rule.byDay.some((d) => d.n === null || d.n < -1 || d.n === 0)) return null;
      const parts = rule.byDay.map((d) => `${ordinal(d.n ?? 1, locale)} ${weekdayName(d.weekday, locale)}`);
      return t('recurrence.monthlyNth', { days: joinList(parts, locale) }) + every;
    }
    case 'YEARLY':
      return t('recurrence.yearly', { date: start.setLocale(intlLocale(locale)).toLocaleString({ day: 'numeric', month: 'long' }) });
    default:
      return null;
  }
}

/** "15:00–17:00 Uhr", "ganztägig" for the wall-clock times of a series. */
export function describeLocalTimes(startLocal: string, endLocal: string, allDay: boolean, locale: Locale): string {
  if (allDay) return translate(locale, 'recurrence.allDay');
  const start = DateTime.fromISO(startLocal, { zone: berlinZone });
  const end = DateTime.fromISO(endLocal, { zone: berlinZone });
  const range = `${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
  return keepLeftToRight(locale === 'de' ? `${range} Uhr` : range, locale);
}

/**
 * The series in one line, e.g. "jeden 2. Dienstag im Monat, 18:30–20:30 Uhr, bis 30. Juni 2027";
 * null for a single event.
 */
export function describeRecurrence(schedule: { rrule: string | null; startLocal: string; endLocal: string; allDay: boolean }, locale: Locale): string | null {
  if (!schedule.rrule) return null;
  const start = DateTime.fromISO(schedule.startLocal, { zone: berlinZone });
  const rule = parseRule(schedule.rrule);
  const pattern = rule && !rule.other ? describePattern(rule, start, locale) : null;
  const parts = [pattern ?? translate(locale, 'recurrence.regularly'), describeLocalTimes(schedule.startLocal, schedule.endLocal, schedule.allDay, locale)];
  if (rule?.until) {
    parts.push(
      translate(locale, 'recurrence.until', {
        date: rule.until.setLocale(intlLocale(locale)).toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' }),
      }),
    );
  } else if (rule?.count) {
    parts.push(translate(locale, 'recurrence.count', { n: rule.count }));
  }
  return parts.join(', ');
}
