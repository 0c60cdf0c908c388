/**
 * What every seeder of the demo city shares: the open transaction, the moment the demo is relative to, the ids
 * of rows seeded before it (by the demo's own keys), and the date arithmetic that keeps it relative to `now`.
 */
import type { DateTime } from 'luxon';
import type { Db } from '../../client';
import { ZONE } from '../../../src/lib/time';

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

export const local = (d: DateTime): string => d.toFormat("yyyy-LL-dd'T'HH:mm");
export const dateOnly = (d: DateTime): string => d.toFormat('yyyy-LL-dd');
export const untilUtc = (d: DateTime): string => d.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'");
