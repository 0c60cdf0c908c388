/**
 * When a room can be booked on a given day: its own bookable hours, or else the opening hours of its place as the
 * places domain computes them (weekly rules, dated exceptions, and the public holidays of the place's federal state,
 * which close it unless an exception says otherwise). Own bookable hours end where the place is shut for the whole
 * day: nobody opens the door during the Weihnachtspause or on a holiday.
 */
import { DateTime } from 'luxon';
import type { Db } from '../db';
import type { Room } from '../../../../db/schema';
import { berlinZone } from '../../time';
import { translate } from '../../../i18n';
import { getPlaceHours } from '../places';
import { hoursForDay, type DayHours } from '../places/opening-hours';

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** `YYYY-MM-DD` + `HH:MM` in Berlin → instant; a closing time at or before the opening time means the next day. */
function window(date: string, opens: string, closes: string): TimeWindow {
  const day = DateTime.fromISO(date, { zone: berlinZone });
  // Wall-clock setting (not adding hours) keeps 08:00 at 08:00 on the days the clocks change.
  const at = (hhmm: string): DateTime => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return h >= 24 ? day.plus({ days: 1 }).set({ hour: h - 24, minute: m }) : day.set({ hour: h, minute: m });
  };
  const from = at(opens);
  let to = at(closes);
  if (to <= from) to = at(closes).plus({ days: 1 });
  return { from: from.toJSDate(), to: to.toJSDate() };
}

function placeDay(db: Db, placeId: number, date: string): DayHours | null {
  const hours = getPlaceHours(db, placeId, date);
  return hours ? hoursForDay(hours, date) : null;
}

/** Why the place is shut that whole day (the closure's reason, or the holiday's name), or null when it is not. */
export function shutReason(day: DayHours): string | null {
  if (day.kind === 'closed') return day.exception?.reason || translate('de', 'rooms.closedDay');
  if (day.kind === 'holiday') return day.holiday?.name.de ?? translate('de', 'rooms.closedDay');
  return null;
}

export type RoomHoursSource = Pick<Room, 'placeId' | 'bookableFrom' | 'bookableUntil'>;

/** Windows in which the room may be booked on a day of its place (for callers that hold the place's hours already). */
export function bookableWindowsOn(day: DayHours, room: Pick<RoomHoursSource, 'bookableFrom' | 'bookableUntil'>): TimeWindow[] {
  if (room.bookableFrom && room.bookableUntil) return shutReason(day) ? [] : [window(day.date, room.bookableFrom, room.bookableUntil)];
  return day.periods.map((p) => ({ from: p.startsAt, to: p.endsAt }));
}

/** Windows in which the room may be booked on the Berlin date `date`. */
export function listBookableWindows(db: Db, room: RoomHoursSource, date: string): TimeWindow[] {
  const day = placeDay(db, room.placeId, date);
  return day ? bookableWindowsOn(day, room) : [];
}

/** Why the room's place is shut the whole Berlin date `date`, or null. */
export function roomPlaceShutReason(db: Db, room: RoomHoursSource, date: string): string | null {
  const day = placeDay(db, room.placeId, date);
  return day ? shutReason(day) : null;
}

export function isWithinWindows(windows: TimeWindow[], startsAt: Date, endsAt: Date): boolean {
  return windows.some((w) => startsAt >= w.from && endsAt <= w.to);
}
