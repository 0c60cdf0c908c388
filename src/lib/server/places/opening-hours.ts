/**
 * Opening hours of a Treff or Stadtteilbüro, computed in Europe/Berlin wall-clock time.
 *
 * Precedence for one calendar day: a dated exception (closed or special hours) wins; otherwise a public
 * holiday of the place's federal state closes it; otherwise the weekly rules valid on that day apply.
 * A period whose closing time is earlier than its opening time runs past midnight and belongs to the day
 * it starts on (a Friday 20:00–02:00 evening is Friday's, even if Saturday is a holiday).
 *
 * Everything here is pure: callers pass the data and `now`, so tests can fix the clock.
 */
import { DateTime } from 'luxon';
import { berlinDate, localToInstant } from '../../time';
import { findHoliday, listHolidaysBetween, type PublicHoliday } from './holidays';

export interface WeeklyRule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** `HH:MM` local time. */
  opens: string;
  closes: string;
  /** First and last date (`YYYY-MM-DD`, inclusive) the rule applies; null = open-ended. */
  validFrom: string | null;
  validUntil: string | null;
  note?: string;
}

export interface DatedException {
  id?: number;
  dateFrom: string;
  dateTo: string;
  kind: 'closed' | 'special_hours';
  opens: string | null;
  closes: string | null;
  reason: string;
}

export interface PlaceHours {
  rules: WeeklyRule[];
  exceptions: DatedException[];
  holidayRegion: string;
}

export interface OpenPeriod {
  opens: string;
  closes: string;
  startsAt: Date;
  endsAt: Date;
  /** The period ends on a later calendar day than it starts. */
  overnight: boolean;
}

/**
 * Why a day looks the way it does: `regular` (weekly rules, possibly none that day), `special_hours` or
 * `closed` by an exception, or `holiday` (closed for a public holiday).
 */
export type DayKind = 'regular' | 'special_hours' | 'closed' | 'holiday';

export interface DayHours {
  date: string;
  weekday: number;
  kind: DayKind;
  periods: OpenPeriod[];
  holiday: PublicHoliday | null;
  exception: DatedException | null;
}

/** Days ahead that "opens …" looks for the next opening (a Christmas break plus a holiday fits well inside). */
const NEXT_OPENING_HORIZON_DAYS = 62;

/**
 * A calendar date `YYYY-MM-DD` as midnight UTC, or null when it is no such date (2026-02-30). Date arithmetic on
 * plain dates needs no time zone; a page computes hundreds of them, and Luxon's zoned parsing costs ~20 µs each.
 */
function utcMidnight(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const midnight = new Date(0);
  // setUTCFullYear, not Date.UTC: that one reads years below 100 as 19xx.
  midnight.setUTCFullYear(year, month, day);
  return midnight.getUTCMonth() === month && midnight.getUTCDate() === day ? midnight : null;
}

/** The date `days` later (earlier when negative); a string that is no date comes back unchanged. */
export function shiftDate(date: string, days: number): string {
  const midnight = utcMidnight(date);
  if (!midnight) return date;
  midnight.setUTCDate(midnight.getUTCDate() + days);
  return midnight.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday, as Luxon counts; NaN for a string that is no date. */
export function isoWeekday(date: string): number {
  const midnight = utcMidnight(date);
  return midnight ? midnight.getUTCDay() || 7 : Number.NaN;
}

/** Every date from `from` to `to` inclusive. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = shiftDate(d, 1)) dates.push(d);
  return dates;
}

function toPeriod(date: string, opens: string, closes: string): OpenPeriod | null {
  const overnight = closes <= opens;
  const startsAt = localToInstant(`${date}T${opens}`);
  const endsAt = localToInstant(`${overnight ? shiftDate(date, 1) : date}T${closes}`);
  // On the spring DST change a time like 02:30 does not exist; Luxon moves it forward, which keeps the order.
  if (!startsAt || !endsAt || endsAt <= startsAt) return null;
  return { opens, closes, startsAt, endsAt, overnight };
}

function ruleAppliesOn(rule: WeeklyRule, date: string, weekday: number): boolean {
  return rule.weekday === weekday && (rule.validFrom === null || rule.validFrom <= date) && (rule.validUntil === null || rule.validUntil >= date);
}

/** The periods the weekly rules give for a date, ignoring holidays and exceptions. */
export function regularPeriods(hours: PlaceHours, date: string): OpenPeriod[] {
  const weekday = isoWeekday(date);
  return hours.rules
    .filter((rule) => ruleAppliesOn(rule, date, weekday))
    .map((rule) => toPeriod(date, rule.opens, rule.closes))
    .filter((p): p is OpenPeriod => p !== null)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

function spanDays(e: DatedException): number {
  // Plain calendar dates: compare them in UTC so that a DST change inside the range does not shorten it.
  return DateTime.fromISO(e.dateTo, { zone: 'utc' }).diff(DateTime.fromISO(e.dateFrom, { zone: 'utc' }), 'days').days;
}

/**
 * The exception in force on a date. When several overlap, the shortest range is the most specific
 * (one special evening inside a closed week); on a tie the later entry wins.
 */
export function exceptionOn(hours: PlaceHours, date: string): DatedException | null {
  let best: DatedException | null = null;
  for (const e of hours.exceptions) {
    if (e.dateFrom > date || e.dateTo < date) continue;
    if (!best || spanDays(e) <= spanDays(best)) best = e;
  }
  return best;
}

/** The opening periods that start on a date (`YYYY-MM-DD`, Berlin), with the reason. */
export function hoursForDay(hours: PlaceHours, date: string): DayHours {
  const weekday = isoWeekday(date);
  const holiday = findHoliday(hours.holidayRegion, date);
  const exception = exceptionOn(hours, date);
  if (exception?.kind === 'closed') return { date, weekday, kind: 'closed', periods: [], holiday, exception };
  if (exception?.kind === 'special_hours' && exception.opens && exception.closes) {
    const period = toPeriod(date, exception.opens, exception.closes);
    return { date, weekday, kind: 'special_hours', periods: period ? [period] : [], holiday, exception };
  }
  if (holiday) return { date, weekday, kind: 'holiday', periods: [], holiday, exception: null };
  return { date, weekday, kind: 'regular', periods: regularPeriods(hours, date), holiday: null, exception: null };
}

/** The period the place is open in at an instant, or null when it is closed. */
export function periodAt(hours: PlaceHours, instant: Date): OpenPeriod | null {
  const date = berlinDate(instant);
  // Yesterday first: an overnight period from yesterday may still be running.
  for (const day of [shiftDate(date, -1), date]) {
    const period = hoursForDay(hours, day).periods.find((p) => p.startsAt <= instant && instant < p.endsAt);
    if (period) return period;
  }
  return null;
}

export function isOpenAt(hours: PlaceHours, instant: Date): boolean {
  return periodAt(hours, instant) !== null;
}

/** The next period that starts after an instant, within about two months; null if none. */
export function nextOpening(hours: PlaceHours, after: Date): OpenPeriod | null {
  const today = berlinDate(after);
  for (let i = 0; i <= NEXT_OPENING_HORIZON_DAYS; i++) {
    const period = hoursForDay(hours, shiftDate(today, i)).periods.find((p) => p.startsAt > after);
    if (period) return period;
  }
  return null;
}

export type OpeningStatus =
  | { state: 'open'; until: Date; today: DayHours }
  | { state: 'closed'; next: OpenPeriod | null; today: DayHours }
  /** The place publishes no opening hours at all. */
  | { state: 'no_hours' };

/** "Open now until …" or "closed, opens …", with today's schedule (for "closed today: Karfreitag"). */
export function openingStatus(hours: PlaceHours, now: Date): OpeningStatus {
  if (hours.rules.length === 0 && hours.exceptions.length === 0) return { state: 'no_hours' };
  const today = hoursForDay(hours, berlinDate(now));
  const current = periodAt(hours, now);
  if (!current) return { state: 'closed', next: nextOpening(hours, now), today };
  // Back-to-back periods (09:00–13:00, 13:00–18:00) read as one: open until 18:00.
  let until = current.endsAt;
  for (let guard = 0; guard < 14; guard++) {
    const following = periodAt(hours, until);
    if (!following || following.endsAt <= until) break;
    until = following.endsAt;
  }
  return { state: 'open', until, today };
}

/** The schedule of every day from `from` to `to` (inclusive). */
export function hoursBetween(hours: PlaceHours, from: string, to: string): DayHours[] {
  return datesBetween(from, to).map((date) => hoursForDay(hours, date));
}

export interface WeekdayHours {
  weekday: number;
  periods: { opens: string; closes: string; note: string }[];
}

/** The weekly table as it stands on a date: Monday to Sunday, each with its periods (maybe none). */
export function weeklyHours(hours: PlaceHours, onDate: string): WeekdayHours[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    periods: hours.rules
      .filter((rule) => rule.weekday === weekday && (rule.validUntil === null || rule.validUntil >= onDate))
      .filter((rule) => rule.validFrom === null || rule.validFrom <= onDate)
      .sort((a, b) => a.opens.localeCompare(b.opens))
      .map((rule) => ({ opens: rule.opens, closes: rule.closes, note: rule.note ?? '' })),
  }));
}

/** Exceptions that have not ended before `fromDate` and start within `days` days of it, in date order. */
export function upcomingExceptions(hours: PlaceHours, fromDate: string, days: number): DatedException[] {
  const last = shiftDate(fromDate, days);
  return hours.exceptions
    .filter((e) => e.dateTo >= fromDate && e.dateFrom <= last)
    .sort((a, b) => a.dateFrom.localeCompare(b.dateFrom) || a.dateTo.localeCompare(b.dateTo));
}

/**
 * Public holidays within `days` days that close the place: days on which the weekly rules would open it and
 * no exception overrides the holiday. (A holiday on a day the place is closed anyway is not news.)
 */
export function upcomingHolidayClosures(hours: PlaceHours, fromDate: string, days: number): PublicHoliday[] {
  return listHolidaysBetween(hours.holidayRegion, fromDate, shiftDate(fromDate, days)).filter(
    (h) => hoursForDay(hours, h.date).kind === 'holiday' && regularPeriods(hours, h.date).length > 0,
  );
}
