/**
 * Months for the printable programme: `?monat=YYYY-MM`, within a window around today so that
 * nobody can make the server compute the opening hours of the year 9999.
 */
import { DateTime } from 'luxon';
import { berlinDate, berlinZone } from '../../time';
import { intlLocale, type Locale } from '../../../i18n';
import type { Db } from '../db';
import { listUpcomingOccurrences, type UpcomingOccurrence } from '../events/upcoming';

export interface Month {
  /** `YYYY-MM` */
  key: string;
  year: number;
  month: number;
  /** First and last date, `YYYY-MM-DD`. */
  firstDay: string;
  lastDay: string;
  /** The month's first instant and the next month's first instant (Berlin). */
  start: Date;
  end: Date;
}

/** How far back and ahead a programme can be asked for, in months. */
export const PROGRAMME_MONTHS_BACK = 12;
export const PROGRAMME_MONTHS_AHEAD = 18;

export type MonthParse = { ok: true; month: Month } | { ok: false; reason: 'malformed' | 'out_of_range' };

function monthOf(dt: DateTime): Month {
  const first = dt.startOf('month');
  const next = first.plus({ months: 1 });
  return {
    key: first.toFormat('yyyy-LL'),
    year: first.year,
    month: first.month,
    firstDay: first.toISODate() ?? '',
    lastDay: next.minus({ days: 1 }).toISODate() ?? '',
    start: first.toJSDate(),
    end: next.toJSDate(),
  };
}

export function currentMonth(now: Date): Month {
  return monthOf(DateTime.fromJSDate(now, { zone: berlinZone }));
}

export function shiftMonth(month: Month, months: number): Month {
  return monthOf(DateTime.fromObject({ year: month.year, month: month.month, day: 1 }, { zone: berlinZone }).plus({ months }));
}

/** Missing → the current month; `YYYY-MM` inside the window → that month; anything else → why not. */
export function parseProgrammeMonth(value: string | null, now: Date): MonthParse {
  const current = currentMonth(now);
  if (value === null || value === '') return { ok: true, month: current };
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return { ok: false, reason: 'malformed' };
  const dt = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: berlinZone });
  if (!dt.isValid) return { ok: false, reason: 'malformed' };
  const month = monthOf(dt);
  if (month.key < shiftMonth(current, -PROGRAMME_MONTHS_BACK).key || month.key > shiftMonth(current, PROGRAMME_MONTHS_AHEAD).key) {
    return { ok: false, reason: 'out_of_range' };
  }
  return { ok: true, month };
}

/** "Dezember 2026" */
export function monthLabel(month: Month, locale: Locale): string {
  return DateTime.fromObject({ year: month.year, month: month.month, day: 1 }, { zone: berlinZone })
    .setLocale(intlLocale(locale))
    .toLocaleString({ month: 'long', year: 'numeric' });
}

export interface ProgrammeDay {
  /** `YYYY-MM-DD` (Berlin) */
  date: string;
  occurrences: UpcomingOccurrence[];
}

/** The published occurrences starting in a month at one place or in one Quartier, grouped by Berlin day. */
export function listProgrammeDays(db: Db, month: Month, filter: { placeId: number } | { quartierId: number }): ProgrammeDay[] {
  // A month of one Quartier holds a few dozen occurrences; the cap only guards against runaway data.
  const occurrences = listUpcomingOccurrences(db, { ...filter, from: month.start, limit: 2000 }).filter(
    (o) => o.startsAt >= month.start && o.startsAt < month.end,
  );
  const days = new Map<string, UpcomingOccurrence[]>();
  for (const o of occurrences) {
    const date = berlinDate(o.startsAt);
    days.set(date, [...(days.get(date) ?? []), o]);
  }
  return [...days.entries()].map(([date, list]) => ({ date, occurrences: list }));
}

export interface ProgrammeRequest {
  /** The raw `monat` value, for the error message. */
  raw: string;
  parsed: MonthParse;
  /** null when the month is bad. */
  month: Month | null;
  /** 200, or 400 for a malformed month, 404 for one outside the window. */
  status: 200 | 400 | 404;
}

/** Reads `?monat=` of a programme page. */
export function readProgrammeRequest(searchParams: URLSearchParams, now: Date): ProgrammeRequest {
  const raw = searchParams.get('monat') ?? '';
  const parsed = parseProgrammeMonth(raw, now);
  if (parsed.ok) return { raw, parsed, month: parsed.month, status: 200 };
  return { raw, parsed, month: null, status: parsed.reason === 'malformed' ? 400 : 404 };
}
