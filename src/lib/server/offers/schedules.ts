/**
 * When a regular offer takes place: "jeden Dienstag 10–12 Uhr", "jeden 1. Mittwoch", "jede zweite Woche Mo und
 * Do". A schedule is stored as the RRULE parts HSDS 3 names (freq, interval, byday, opens_at, closes_at, dtstart)
 * and expanded with the calendar's recurrence engine (rrule-temporal, Berlin wall-clock time). Dates on which the
 * offer's place is closed (dated closures, NRW public holidays) are kept as cancelled with the reason, so the
 * offer page and the calendar say the same thing.
 */
import { DateTime } from 'luxon';
import { expandStarts } from '../events/occurrences';
import { isWeekdayCode, weekdayCodeOf, weekdayCodes, type MonthWeek, type WeekdayCode } from '../events/series';
import { hoursForDay, shiftDate, type PlaceHours, type WeeklyRule } from '../places/opening-hours';
import { defaultHolidayRegion, type PublicHoliday } from '../places/holidays';
import { berlinZone, localToInstant } from '../../time';

export type ScheduleSpec =
  | { freq: 'weekly'; interval: number; weekdays: WeekdayCode[]; opensAt: string; closesAt: string }
  | { freq: 'monthly'; interval: 1; monthWeek: MonthWeek; weekday: WeekdayCode; opensAt: string; closesAt: string };

/** A stored schedule: the spec plus the date its intervals count from. */
export type StoredSchedule = ScheduleSpec & { dtstart: string };

/** How far ahead a schedule is looked at when checking that it occurs at all. */
export const OCCURRENCE_CHECK_DAYS = 366;

/** HSDS/RFC 5545 BYDAY: `TU,TH` (weekly) or `1WE`, `-1FR` (monthly). */
export function bydayOf(spec: ScheduleSpec): string {
  if (spec.freq === 'weekly') return weekdayCodes.filter((code) => spec.weekdays.includes(code)).join(',');
  return `${spec.monthWeek}${spec.weekday}`;
}

/** Reads stored columns back into a spec; null when they do not describe one the portal writes. */
export function specOf(row: {
  freq: 'weekly' | 'monthly';
  interval: number;
  byday: string;
  opensAt: string;
  closesAt: string;
  dtstart: string;
}): StoredSchedule | null {
  if (row.freq === 'weekly') {
    const weekdays = row.byday.split(',').filter(isWeekdayCode);
    if (weekdays.length === 0) return null;
    return { freq: 'weekly', interval: row.interval, weekdays, opensAt: row.opensAt, closesAt: row.closesAt, dtstart: row.dtstart };
  }
  const match = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(row.byday);
  if (!match) return null;
  return {
    freq: 'monthly',
    interval: 1,
    monthWeek: Number(match[1]) as MonthWeek,
    weekday: match[2] as WeekdayCode,
    opensAt: row.opensAt,
    closesAt: row.closesAt,
    dtstart: row.dtstart,
  };
}

/** ISO weekdays (1 = Monday) a schedule falls on. */
export function isoWeekdaysOf(spec: ScheduleSpec): number[] {
  const codes = spec.freq === 'weekly' ? spec.weekdays : [spec.weekday];
  return codes.map((code) => weekdayCodes.indexOf(code) + 1).sort((a, b) => a - b);
}

/** The RRULE body (without DTSTART); `until` is the last day, made the end of that day in Berlin as RFC 5545 asks. */
export function rruleOf(spec: ScheduleSpec, until: string | null): string {
  const parts = [`FREQ=${spec.freq === 'weekly' ? 'WEEKLY' : 'MONTHLY'}`];
  if (spec.interval > 1) parts.push(`INTERVAL=${spec.interval}`);
  parts.push(`BYDAY=${bydayOf(spec)}`);
  if (until) parts.push(`UNTIL=${DateTime.fromISO(until, { zone: berlinZone }).endOf('day').toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`);
  return parts.join(';');
}

function matchesDay(spec: ScheduleSpec, date: DateTime): boolean {
  const code = weekdayCodeOf(date.weekday);
  if (spec.freq === 'weekly') return spec.weekdays.includes(code);
  if (code !== spec.weekday) return false;
  if (spec.monthWeek === -1) return date.plus({ weeks: 1 }).month !== date.month;
  return Math.ceil(date.day / 7) === spec.monthWeek;
}

/** The first date on or after `from` that the pattern matches (ignoring the interval), within about two months. */
export function firstMatchingDate(spec: ScheduleSpec, from: string): string | null {
  let day = DateTime.fromISO(from, { zone: berlinZone });
  for (let i = 0; i < 62; i++, day = day.plus({ days: 1 })) if (matchesDay(spec, day)) return day.toISODate();
  return null;
}

/** Local dates of a schedule from its start up to `to` (inclusive), keeping the interval counted from `dtstart`. */
export function scheduleDates(schedule: StoredSchedule, to: string): string[] {
  const first = firstMatchingDate(schedule, schedule.dtstart);
  if (!first || first > to) return [];
  const startLocal = `${first}T${schedule.opensAt}`;
  const until = localToInstant(`${shiftDate(to, 1)}T00:00`) ?? new Date(0);
  return expandStarts({ startLocal, endLocal: `${first}T${schedule.closesAt}`, allDay: false, rrule: rruleOf(schedule, null) }, until)
    .map((local) => local.slice(0, 10))
    .filter((date) => date <= to);
}

export type CancelReason = { kind: 'holiday'; name: PublicHoliday['name'] } | { kind: 'closed'; text: string };

export interface OfferOccurrence {
  date: string;
  opensAt: string;
  closesAt: string;
  startsAt: Date;
  endsAt: Date;
  /** Which of the offer's schedules it comes from (its position). */
  position: number;
  cancelled: CancelReason | null;
}

export interface Validity {
  validFrom: string | null;
  validUntil: string | null;
}

/** Hours of a place (or, for an offer at an address, only the NRW public holidays). */
export function hoursOrHolidays(hours: PlaceHours | null): PlaceHours {
  return hours ?? { rules: [], exceptions: [], holidayRegion: defaultHolidayRegion };
}

function cancelReason(hours: PlaceHours, date: string): CancelReason | null {
  const day = hoursForDay(hours, date);
  if (day.kind === 'closed') return { kind: 'closed', text: day.exception?.reason ?? '' };
  if (day.kind === 'holiday' && day.holiday) return { kind: 'holiday', name: day.holiday.name };
  return null;
}

/**
 * The offer's dates from `from` to `to` (inclusive) within its validity, in time order, with closures of its
 * place and public holidays marked as cancelled.
 */
export function offerOccurrences(
  schedules: readonly StoredSchedule[],
  validity: Validity,
  hours: PlaceHours | null,
  from: string,
  to: string,
): OfferOccurrence[] {
  const start = validity.validFrom && validity.validFrom > from ? validity.validFrom : from;
  const end = validity.validUntil && validity.validUntil < to ? validity.validUntil : to;
  if (end < start) return [];
  const closures = hoursOrHolidays(hours);
  const result: OfferOccurrence[] = [];
  schedules.forEach((schedule, position) => {
    for (const date of scheduleDates(schedule, end)) {
      if (date < start) continue;
      const startsAt = localToInstant(`${date}T${schedule.opensAt}`);
      const endsAt = localToInstant(`${date}T${schedule.closesAt}`);
      if (!startsAt || !endsAt) continue;
      result.push({ date, opensAt: schedule.opensAt, closesAt: schedule.closesAt, startsAt, endsAt, position, cancelled: cancelReason(closures, date) });
    }
  });
  return result.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Whether at least one date in the next year (within the validity) is not cancelled. */
export function occursAtAll(schedules: readonly StoredSchedule[], validity: Validity, hours: PlaceHours | null, today: string): boolean {
  const from = validity.validFrom && validity.validFrom > today ? validity.validFrom : today;
  return offerOccurrences(schedules, validity, hours, from, shiftDate(from, OCCURRENCE_CHECK_DAYS)).some((o) => o.cancelled === null);
}

/**
 * Weekdays (ISO) on which a schedule lies outside the place's regular opening hours on `onDate`: an offer in a
 * Treff can only happen while the Treff is open.
 */
export function weekdaysOutsideHours(spec: ScheduleSpec, rules: readonly WeeklyRule[], onDate: string): number[] {
  return isoWeekdaysOf(spec).filter(
    (weekday) =>
      !rules.some(
        (rule) =>
          rule.weekday === weekday &&
          (rule.validFrom === null || rule.validFrom <= onDate) &&
          (rule.validUntil === null || rule.validUntil >= onDate) &&
          rule.opens <= spec.opensAt &&
          spec.closesAt <= rule.closes &&
          rule.closes > rule.opens,
      ),
  );
}

/** Part of the day an offer starts in, for the search filter. */
export const dayParts = { morning: ['00:00', '12:00'], afternoon: ['12:00', '17:00'], evening: ['17:00', '24:00'] } as const;
export type DayPart = keyof typeof dayParts;
