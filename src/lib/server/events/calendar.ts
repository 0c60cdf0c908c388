/**
 * The calendar page's model: reads the URL parameters (filters, quick range, day, month, page), checks them
 * and loads what the list or the month grid shows. Unknown slugs and malformed values come back as results
 * the page turns into a 404 or 400 with an explanation, never as exceptions.
 */
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { berlinZone } from '../../time';
import { parseEventFilter, resolveEventFilter, UnknownFilterSlugError, type ResolvedEventFilter, type SlugFilterParam } from './filters';
import { listOccurrences, nextDayTakingPlace, type CalendarOccurrence } from './listing';
import { buildMonthGrid, dayWindow, isListRange, listWindow, parseIsoDate, parseIsoMonth, type ListRange, type MonthGrid } from './ranges';

export const PAGE_SIZE = 30;
/** A day cell of the month grid names this many events; the rest are behind a link to the day. */
export const GRID_ITEMS_PER_DAY = 3;
/** Month grid: furthest month one can page to, in either direction, so crawlers cannot walk forever. */
const MAX_MONTHS_AWAY = 36;

export interface DayGroup {
  date: string;
  items: CalendarOccurrence[];
}

interface CalendarBase {
  filter: ResolvedEventFilter;
}

export interface CalendarList extends CalendarBase {
  kind: 'list';
  range: ListRange | null;
  day: string | null;
  page: number;
  pageCount: number;
  total: number;
  days: DayGroup[];
  /** A quick range without dates: the day (YYYY-MM-DD) of the next date after it that takes place, or null. */
  nextDay: string | null;
}

export interface CalendarMonth extends CalendarBase {
  kind: 'month';
  grid: MonthGrid<CalendarOccurrence>;
  total: number;
}

export type CalendarView =
  | CalendarList
  | CalendarMonth
  | { kind: 'unknown-slug'; param: SlugFilterParam; slug: string }
  | { kind: 'bad-parameter'; param: 'datum' | 'monat' | 'seite' | 'zeitraum'; value: string };

/** Groups occurrences (already in start order) by their Berlin start date. */
export function groupByDay(items: CalendarOccurrence[]): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const item of items) {
    const date = DateTime.fromJSDate(item.startsAt, { zone: berlinZone }).toISODate() ?? '';
    const last = groups.at(-1);
    if (last?.date === date) last.items.push(item);
    else groups.push({ date, items: [item] });
  }
  return groups;
}

function loadMonth(db: Db, filter: ResolvedEventFilter, monthParam: string | null, now: Date): CalendarView {
  const current = DateTime.fromJSDate(now, { zone: berlinZone }).startOf('month');
  const month = monthParam === null ? current : parseIsoMonth(monthParam);
  if (!month || Math.abs(month.diff(current, 'months').months) > MAX_MONTHS_AWAY) {
    return { kind: 'bad-parameter', param: 'monat', value: monthParam ?? '' };
  }
  const shell = buildMonthGrid<CalendarOccurrence>(month, [], now);
  // Every occurrence of the visible weeks is needed to count per day; the grid shows only the first few.
  const { items, total } = listOccurrences(db, { filter, from: shell.window.from, to: shell.window.to, limit: 10_000, withCategories: false });
  return { kind: 'month', filter, grid: buildMonthGrid(month, items, now), total };
}

/** The calendar for a request URL at a given time. */
export function loadCalendarView(db: Db, params: URLSearchParams, now: Date): CalendarView {
  let filter: ResolvedEventFilter;
  try {
    filter = resolveEventFilter(db, parseEventFilter(params));
  } catch (error) {
    if (error instanceof UnknownFilterSlugError) return { kind: 'unknown-slug', param: error.param, slug: error.slug };
    throw error;
  }
  if (params.get('ansicht') === 'monat') return loadMonth(db, filter, params.get('monat'), now);

  const rangeParam = params.get('zeitraum');
  if (rangeParam !== null && rangeParam !== '' && !isListRange(rangeParam)) {
    return { kind: 'bad-parameter', param: 'zeitraum', value: rangeParam };
  }
  const range = isListRange(rangeParam) ? rangeParam : null;
  const dayParam = params.get('datum');
  let day: DateTime | null = null;
  if (dayParam !== null && dayParam !== '') {
    day = parseIsoDate(dayParam);
    if (!day) return { kind: 'bad-parameter', param: 'datum', value: dayParam };
  }
  const pageParam = params.get('seite') ?? '1';
  const page = /^\d{1,5}$/.test(pageParam) ? Number(pageParam) : NaN;
  if (!(page >= 1)) return { kind: 'bad-parameter', param: 'seite', value: pageParam };

  const window = day ? dayWindow(day) : listWindow(range, now);
  const { items, total } = listOccurrences(db, { filter, ...window, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return {
    kind: 'list',
    filter,
    range: day ? null : range,
    day: day?.toISODate() ?? null,
    page,
    pageCount,
    total,
    days: groupByDay(items),
    nextDay: !day && range && total === 0 && window.to ? nextDayTakingPlace(db, filter, window.to) : null,
  };
}
