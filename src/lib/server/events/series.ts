/**
 * Series as staff think of them ("every second Tuesday", "weekly on Mon and Thu, 10 times") and the RRULE
 * text that is stored. Staff never type RRULE text: the form gives a SeriesSpec, this module writes the rule
 * and reads it back for the edit form. Rules are meant in Europe/Berlin local time (DTSTART carries the TZID).
 */
import { DateTime } from 'luxon';
import { berlinZone } from '../../time';

export const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof weekdayCodes)[number];

/** Position of the weekday in the month: 1st–4th or the last one (-1). */
export const monthWeeks = [1, 2, 3, 4, -1] as const;
export type MonthWeek = (typeof monthWeeks)[number];

export type SeriesEnd = { count: number } | { until: string };

export type SeriesSpec =
  | { freq: 'weekly'; interval: number; weekdays: WeekdayCode[]; end: SeriesEnd }
  | { freq: 'monthly'; interval: number; monthWeek: MonthWeek; weekday: WeekdayCode; end: SeriesEnd };

export const MAX_SERIES_COUNT = 500;
export const MAX_SERIES_INTERVAL = 12;

export function isWeekdayCode(value: string): value is WeekdayCode {
  return (weekdayCodes as readonly string[]).includes(value);
}

/** ISO weekday (1 = Monday) → RRULE code. */
export function weekdayCodeOf(isoWeekday: number): WeekdayCode {
  return weekdayCodes[isoWeekday - 1] ?? 'MO';
}

/** Which nth weekday of its month a date is (1–5), and whether it is the last one. */
export function monthPositionOf(date: DateTime): { nth: number; last: boolean } {
  return { nth: Math.ceil(date.day / 7), last: date.plus({ weeks: 1 }).month !== date.month };
}

/**
 * The RRULE body. UNTIL is the end of the chosen day in Berlin, written in UTC as RFC 5545 requires when
 * DTSTART has a TZID; all-day series use a plain date.
 */
export function buildRrule(spec: SeriesSpec, allDay: boolean): string {
  const parts = [`FREQ=${spec.freq === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`];
  if (spec.interval > 1) parts.push(`INTERVAL=${spec.interval}`);
  parts.push(spec.freq === 'weekly' ? `BYDAY=${orderWeekdays(spec.weekdays).join(',')}` : `BYDAY=${spec.monthWeek}${spec.weekday}`);
  if ('count' in spec.end) {
    parts.push(`COUNT=${spec.end.count}`);
  } else {
    const day = DateTime.fromISO(spec.end.until, { zone: berlinZone });
    parts.push(allDay ? `UNTIL=${day.toFormat('yyyyLLdd')}` : `UNTIL=${day.endOf('day').toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`);
  }
  return parts.join(';');
}

function orderWeekdays(days: WeekdayCode[]): WeekdayCode[] {
  return weekdayCodes.filter((code) => days.includes(code));
}

/** Reads a stored rule back into the form's terms; null when the rule is not one the form can express. */
export function parseRrule(rrule: string): SeriesSpec | null {
  const fields = new Map<string, string>();
  for (const part of rrule.split(';')) {
    const [key, value] = part.split('=');
    if (!key || value === undefined) return null;
    fields.set(key.toUpperCase(), value.toUpperCase());
  }
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'COUNT', 'UNTIL', 'WKST']);
  if ([...fields.keys()].some((key) => !known.has(key))) return null;
  const interval = Number(fields.get('INTERVAL') ?? '1');
  if (!Number.isInteger(interval) || interval < 1) return null;
  const end = parseEnd(fields.get('COUNT'), fields.get('UNTIL'));
  if (!end) return null;
  const byDay = fields.get('BYDAY') ?? '';
  if (fields.get('FREQ') === 'WEEKLY') {
    const weekdays = byDay.split(',').filter(isWeekdayCode);
    if (weekdays.length === 0 || weekdays.length !== byDay.split(',').length) return null;
    return { freq: 'weekly', interval, weekdays, end };
  }
  if (fields.get('FREQ') === 'MONTHLY') {
    const match = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
    if (!match) return null;
    return { freq: 'monthly', interval, monthWeek: Number(match[1]) as MonthWeek, weekday: match[2] as WeekdayCode, end };
  }
  return null;
}

function parseEnd(count: string | undefined, until: string | undefined): SeriesEnd | null {
  if (count !== undefined) {
    const n = Number(count);
    return Number.isInteger(n) && n > 0 ? { count: n } : null;
  }
  if (until === undefined) return null;
  const utc = /^(\d{8})T(\d{6})Z$/.exec(until);
  if (utc) {
    const instant = DateTime.fromFormat(`${utc[1]}${utc[2]}`, 'yyyyLLddHHmmss', { zone: 'utc' });
    return instant.isValid ? { until: instant.setZone(berlinZone).toISODate() ?? '' } : null;
  }
  const date = DateTime.fromFormat(until.slice(0, 8), 'yyyyLLdd', { zone: berlinZone });
  return date.isValid ? { until: date.toISODate() ?? '' } : null;
}

export type SeriesProblem = 'weekdays' | 'startDay' | 'interval' | 'count' | 'until';

/**
 * What is wrong with a series for a first occurrence on `startDate` (Berlin), or null. The first date must
 * itself be an occurrence, otherwise calendars and the portal would disagree about the first meeting.
 */
export function checkSeries(spec: SeriesSpec, startDate: string): SeriesProblem | null {
  if (!Number.isInteger(spec.interval) || spec.interval < 1 || spec.interval > MAX_SERIES_INTERVAL) return 'interval';
  if ('count' in spec.end) {
    if (!Number.isInteger(spec.end.count) || spec.end.count < 2 || spec.end.count > MAX_SERIES_COUNT) return 'count';
  } else if (spec.end.until <= startDate) {
    return 'until';
  }
  const start = DateTime.fromISO(startDate, { zone: berlinZone });
  const startCode = weekdayCodeOf(start.weekday);
  if (spec.freq === 'weekly') {
    if (spec.weekdays.length === 0) return 'weekdays';
    if (!spec.weekdays.includes(startCode)) return 'startDay';
    return null;
  }
  const position = monthPositionOf(start);
  const matches = spec.monthWeek === -1 ? position.last : position.nth === spec.monthWeek;
  return spec.weekday === startCode && matches ? null : 'startDay';
}
