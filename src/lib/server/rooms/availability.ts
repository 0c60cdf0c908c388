/**
 * The week view of one room for organisation members: a grid of half-hour slots per day saying whether
 * the slot is free, taken, held as buffer, or not bookable. Other organisations' bookings appear only as
 * "taken"; the viewer's own organisations' bookings show their purpose and status.
 */
import { DateTime } from 'luxon';
import type { Db } from '../db';
import type { Room } from '../../../../db/schema';
import { berlinDayClock, berlinZone } from '../../time';
import { listBookableWindows, type TimeWindow } from './hours';
import { listRoomClosures } from './rooms';
import { ACTIVE_STATUSES, overlapsWithBuffer } from './booking-rules';
import { and, eq, gt, inArray, lt } from 'drizzle-orm';
import { bookings } from '../../../../db/schema';

export const SLOT_MINUTES = 30;

export type CellState = 'free' | 'taken' | 'own' | 'buffer' | 'closed' | 'too_soon';

export interface WeekCell {
  state: CellState;
  /** Start of the slot, Berlin `YYYY-MM-DD` and `HH:MM` (for the request link). */
  date: string;
  time: string;
  /** For a free slot: the end a request starting here would most likely want (the form is filled with it). */
  until?: string;
  /** Only for the viewer's own bookings. */
  booking?: { id: number; purpose: string; status: 'requested' | 'confirmed' };
}

export interface WeekView {
  /** Monday of the week, `YYYY-MM-DD`. */
  weekStart: string;
  previousWeek: string;
  nextWeek: string;
  days: { date: string; start: Date }[];
  rows: { time: string; cells: WeekCell[] }[];
}

/** Monday of the week containing the Berlin date (or of this week when the date is missing or invalid). */
export function mondayOf(date: string | null | undefined, now: Date = new Date()): string {
  const parsed = date ? DateTime.fromISO(date, { zone: berlinZone }) : null;
  const day = parsed?.isValid ? parsed : DateTime.fromJSDate(now, { zone: berlinZone });
  return day.startOf('week').toISODate()!;
}

type WeekRoom = Pick<Room, 'id' | 'placeId' | 'bookableFrom' | 'bookableUntil' | 'bufferMinutes' | 'leadTimeHours' | 'minMinutes' | 'maxMinutes'>;

/** A request from a free slot lasts an hour unless the room's rules say otherwise. */
const USUAL_MINUTES = 60;

function clockOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * The end a free slot's link fills in: the usual length (within the room's minimum and maximum), cut short where
 * the free time ends sooner, as long as that still leaves the minimum.
 */
function suggestEnds(rows: WeekView['rows'], firstMinute: number, room: Pick<WeekRoom, 'minMinutes' | 'maxMinutes'>): void {
  const wanted = Math.min(Math.max(USUAL_MINUTES, room.minMinutes), room.maxMinutes);
  const columns = rows[0]?.cells.length ?? 0;
  for (let day = 0; day < columns; day++) {
    let freeAhead = 0;
    for (let r = rows.length - 1; r >= 0; r--) {
      const cell = rows[r]!.cells[day]!;
      freeAhead = cell.state === 'free' ? freeAhead + SLOT_MINUTES : 0;
      if (cell.state !== 'free') continue;
      const length = freeAhead >= room.minMinutes ? Math.min(wanted, freeAhead) : wanted;
      const end = firstMinute + r * SLOT_MINUTES + length;
      if (end < 24 * 60) cell.until = clockOf(end);
    }
  }
}

export function getRoomWeek(db: Db, room: WeekRoom, weekStart: string, viewerOrganisationIds: number[], now: Date = new Date()): WeekView {
  const monday = DateTime.fromISO(mondayOf(weekStart, now), { zone: berlinZone });
  const days = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }));
  const weekFrom = days[0]!.toJSDate();
  const weekTo = monday.plus({ weeks: 1 }).toJSDate();
  const windows: TimeWindow[][] = days.map((d) => listBookableWindows(db, room, d.toISODate()!));
  const buffer = room.bufferMinutes * 60_000;
  const active = db
    .select({
      id: bookings.id,
      organisationId: bookings.organisationId,
      startsAt: bookings.startsAt,
      endsAt: bookings.endsAt,
      purpose: bookings.purpose,
      status: bookings.status,
    })
    .from(bookings)
    .where(
      and(
        eq(bookings.roomId, room.id),
        gt(bookings.startsAt, new Date(weekFrom.getTime() - buffer - 24 * 60 * 60_000)),
        lt(bookings.startsAt, new Date(weekTo.getTime() + buffer)),
        inArray(bookings.status, ACTIVE_STATUSES),
      ),
    )
    .all();
  const closures = listRoomClosures(db, room.id, weekFrom).filter((c) => c.startsAt < weekTo);
  const earliest = DateTime.fromJSDate(now).plus({ hours: room.leadTimeHours }).toJSDate();

  // The rows span from the earliest opening to the latest closing of the week, in wall-clock minutes.
  const minuteOfDay = (d: Date): number => {
    const z = DateTime.fromJSDate(d, { zone: berlinZone });
    return z.hour * 60 + z.minute;
  };
  let first = Infinity;
  let last = -Infinity;
  windows.forEach((list, i) =>
    list.forEach((w) => {
      first = Math.min(first, minuteOfDay(w.from));
      const sameDay = DateTime.fromJSDate(w.to, { zone: berlinZone }).toISODate() === days[i]!.toISODate();
      last = Math.max(last, sameDay ? minuteOfDay(w.to) : 24 * 60);
    }),
  );
  const rows: WeekView['rows'] = [];
  const dates = days.map((day) => day.toISODate()!);
  const clocks = dates.map(berlinDayClock);
  if (first < last) {
    first = Math.floor(first / SLOT_MINUTES) * SLOT_MINUTES;
    for (let minute = first; minute < last; minute += SLOT_MINUTES) {
      const time = clockOf(minute);
      const cells = days.map((_day, i): WeekCell => {
        const startsAt = clocks[i]!(minute);
        const slot = { startsAt, endsAt: new Date(startsAt.getTime() + SLOT_MINUTES * 60_000) };
        const base = { date: dates[i]!, time };
        const hit = active.find((b) => b.startsAt < slot.endsAt && b.endsAt > slot.startsAt);
        if (hit) {
          return viewerOrganisationIds.includes(hit.organisationId)
            ? { ...base, state: 'own', booking: { id: hit.id, purpose: hit.purpose, status: hit.status as 'requested' | 'confirmed' } }
            : { ...base, state: 'taken' };
        }
        const open = windows[i]!.some((w) => slot.startsAt >= w.from && slot.endsAt <= w.to);
        if (!open || closures.some((c) => c.startsAt < slot.endsAt && c.endsAt > slot.startsAt)) return { ...base, state: 'closed' };
        if (active.some((b) => overlapsWithBuffer(slot, b, room.bufferMinutes))) return { ...base, state: 'buffer' };
        if (slot.startsAt < earliest) return { ...base, state: 'too_soon' };
        return { ...base, state: 'free' };
      });
      rows.push({ time, cells });
    }
    suggestEnds(rows, first, room);
  }
  return {
    weekStart: monday.toISODate()!,
    previousWeek: monday.minus({ weeks: 1 }).toISODate()!,
    nextWeek: monday.plus({ weeks: 1 }).toISODate()!,
    days: days.map((d) => ({ date: d.toISODate()!, start: d.toJSDate() })),
    rows,
  };
}
