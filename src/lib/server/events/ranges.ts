/**
 * Time windows of the calendar in Europe/Berlin: today, this week, this weekend, this month, one day, one month for the
 * grid. Days are calendar days in Berlin (23 or 25 hours on daylight-saving days), so all arithmetic goes
 * through Luxon in the Berlin zone.
 */
import { DateTime } from 'luxon';
import { berlinZone } from '../../time';

export const listRanges = ['heute', 'woche', 'wochenende', 'monat'] as const;
export type ListRange = (typeof listRanges)[number];

export interface TimeWindow {
  /** Occurrences that have not ended by this instant. */
  from: Date;
  /** Occurrences that start before this instant; null = open end (all upcoming). */
  to: Date | null;
}

/** Strict `YYYY-MM-DD` → the start of that day in Berlin, or null. */
export function parseIsoDate(value: string): DateTime | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const dt = DateTime.fromISO(value, { zone: berlinZone });
  return dt.isValid ? dt.startOf('day') : null;
}

/** Strict `YYYY-MM` → the first day of that month in Berlin, or null. */
export function parseIsoMonth(value: string): DateTime | null {
  if (!/^\d{4}-\d{2}$/.test(value)) return null;
  const dt = DateTime.fromISO(`${value}-01`, { zone: berlinZone });
  return dt.isValid ? dt.startOf('month') : null;
}

export function isListRange(value: unknown): value is ListRange {
  return typeof value === 'string' && (listRanges as readonly string[]).includes(value);
}

/** The window of a quick range; what has already ended today is left out. Without a range: all upcoming. */
export function listWindow(range: ListRange | null, now: Date): TimeWindow {
  const today = DateTime.fromJSDate(now, { zone: berlinZone }).startOf('day');
  switch (range) {
    case 'heute':
      return { from: now, to: today.plus({ days: 1 }).toJSDate() };
    case 'woche':
      return { from: now, to: today.startOf('week').plus({ weeks: 1 }).toJSDate() };
    case 'wochenende': {
      // Saturday and Sunday of this week; on the weekend itself, what is left of it.
      const saturday = today.startOf('week').plus({ days: 5 });
      const start = saturday.toJSDate();
      return { from: start > now ? start : now, to: saturday.plus({ days: 2 }).toJSDate() };
    }
    case 'monat':
      return { from: now, to: today.startOf('month').plus({ months: 1 }).toJSDate() };
    case null:
      return { from: now, to: null };
  }
}

/** The whole of one Berlin day, past hours included (a day picked in the month grid). */
export function dayWindow(day: DateTime): TimeWindow {
  const start = day.setZone(berlinZone).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

export interface MonthGridDay<T> {
  date: string;
  day: number;
  inMonth: boolean;
  isToday: boolean;
  items: T[];
}

export interface MonthGrid<T> {
  month: string;
  /** The weeks shown, Monday first, padded with days of the neighbouring months. */
  weeks: MonthGridDay<T>[][];
  window: TimeWindow;
  previous: string;
  next: string;
}

/** The visible window of a month grid (whole weeks, Monday to Sunday). */
export function monthGridWindow(monthStart: DateTime): TimeWindow {
  const first = monthStart.setZone(berlinZone).startOf('month').startOf('week');
  const last = monthStart.setZone(berlinZone).endOf('month').startOf('week').plus({ weeks: 1 });
  return { from: first.toJSDate(), to: last.toJSDate() };
}

/** Lays items out on the days of a month grid by the Berlin date of their start. */
export function buildMonthGrid<T extends { startsAt: Date }>(monthStart: DateTime, items: T[], now: Date): MonthGrid<T> {
  const month = monthStart.setZone(berlinZone).startOf('month');
  const window = monthGridWindow(month);
  const byDate = new Map<string, T[]>();
  for (const item of items) {
    const date = DateTime.fromJSDate(item.startsAt, { zone: berlinZone }).toISODate() ?? '';
    const list = byDate.get(date) ?? [];
    list.push(item);
    byDate.set(date, list);
  }
  const today = DateTime.fromJSDate(now, { zone: berlinZone }).toISODate();
  const weeks: MonthGridDay<T>[][] = [];
  let cursor = DateTime.fromJSDate(window.from, { zone: berlinZone });
  const end = DateTime.fromJSDate(window.to ?? window.from, { zone: berlinZone });
  while (cursor < end) {
    const week: MonthGridDay<T>[] = [];
    for (let i = 0; i < 7; i++) {
      const date = cursor.toISODate() ?? '';
      week.push({ date, day: cursor.day, inMonth: cursor.month === month.month, isToday: date === today, items: byDate.get(date) ?? [] });
      cursor = cursor.plus({ days: 1 });
    }
    weeks.push(week);
  }
  return {
    month: month.toFormat('yyyy-LL'),
    weeks,
    window,
    previous: month.minus({ months: 1 }).toFormat('yyyy-LL'),
    next: month.plus({ months: 1 }).toFormat('yyyy-LL'),
  };
}
