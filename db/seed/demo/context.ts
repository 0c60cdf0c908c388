/**
 * What every seeder of the demo city shares: the open transaction, the moment the demo is relative to, the ids
 * of rows seeded before it (by the demo's own keys), and the date arithmetic that keeps it relative to `now`.
 */
import type { DateTime } from 'luxon';
import type { Db } from '../../client';
import { ZONE } from '../../../src/lib/time';
import { listHolidays } from '../../../src/lib/server/places/holidays';

/** Row ids by the demo's own keys: a Quartier slug, a place key ('sb-kray'), an e-mail address, an organisation key ('bv'). */
export type Ids = Record<string, number>;

export interface DemoContext {
  t: Db;
  /** `nowDate` in Europe/Berlin. */
  now: DateTime;
  nowDate: Date;
}

/** The first `weekday` (1 = Monday) at `hour:minute` Berlin time on or after the day of `now`. */
export function next(now: DateTime, weekday: number, hour: number, minute = 0): DateTime {
  let d = now.setZone(ZONE).startOf('day');
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d.set({ hour, minute });
}

/**
 * The same weekday and time a week later, as often as needed, until it is neither in the demo's Christmas break
 * (24 December to 1 January, when the Stadtteilbüros and Treffs close) nor a public holiday in NRW: the demo's
 * single dates are planned the way staff would plan them.
 */
export function clearOfClosures(d: DateTime): DateTime {
  let day = d;
  const closed = (x: DateTime): boolean =>
    (x.month === 12 && x.day >= 24) || (x.month === 1 && x.day === 1) || listHolidays('NW', x.year).some((h) => h.date === x.toISODate());
  while (closed(day)) day = day.plus({ weeks: 1 });
  return day;
}

export const local = (d: DateTime): string => d.toFormat("yyyy-LL-dd'T'HH:mm");
export const dateOnly = (d: DateTime): string => d.toFormat('yyyy-LL-dd');
export const untilUtc = (d: DateTime): string => d.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'");
