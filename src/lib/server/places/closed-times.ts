/**
 * Whether something planned at a place falls into a time the place is closed: a closure (Weihnachtspause), a public
 * holiday, a weekday it does not open, or hours it is not open. Staff may hold an event in a closed house on
 * purpose, so the forms show these as warnings before saving ("Trotzdem speichern"), never as refusals. The one
 * opening-hours computation (`hoursForDay`) decides, as it does for the room rules and the conflict list.
 *
 * A place without published hours (a venue "open for its events") only warns about its dated closures: a holiday
 * or a weekday says nothing about a house that keeps no hours.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { places } from '../../../../db/schema';
import type { Problem } from '../errors';
import { translate, type Locale, type MessageKey, type Params } from '../../../i18n';
import { berlinDate, formatNumericDate, keepLeftToRight } from '../../time';
import { loadPlaceHours } from './index';
import { datesBetween, hoursForDay, shiftDate, type OpenPeriod, type PlaceHours } from './opening-hours';

/** One planned date: an event's occurrence or a volunteer date. */
export interface PlannedTime {
  placeId: number;
  startsAt: Date;
  endsAt: Date;
  /** Whole days (an all-day event): only closures and holidays count, not the hours. */
  allDay: boolean;
  /** What the caller records a kept date under (an occurrence's original local start). */
  key: string;
}

export type ClosedReason =
  | { kind: 'closed'; reason: string }
  | { kind: 'holiday'; name: Record<Locale, string> }
  | { kind: 'special_hours'; opens: string; closes: string; reason: string }
  | { kind: 'not_open'; weekday: number }
  | { kind: 'opens_later'; weekday: number; time: string }
  | { kind: 'closes_earlier'; weekday: number; time: string };

export interface ClosedTime {
  planned: PlannedTime;
  /** The Berlin date the reason applies to. */
  date: string;
  why: ClosedReason;
}

/** How many dates one warning names before "und N weitere". */
export const LISTED_DATES = 5;

function within(periods: OpenPeriod[], startsAt: Date, endsAt: Date): boolean {
  return periods.some((p) => p.startsAt <= startsAt && endsAt <= p.endsAt);
}

/** Why the place is closed on a whole day, if it is: a closure always, a holiday only where the place keeps hours. */
function shutDay(hours: PlaceHours, keepsHours: boolean, date: string): ClosedReason | null {
  const day = hoursForDay(hours, date);
  if (day.kind === 'closed') return { kind: 'closed', reason: day.exception?.reason ?? '' };
  if (day.kind === 'holiday' && keepsHours && day.holiday) return { kind: 'holiday', name: day.holiday.name };
  return null;
}

/** Whether the place publishes hours, so that its weekdays, hours and holidays count (not only its dated closures). */
export function keepsOpeningHours(place: { hasOpeningHours: boolean }, hours: PlaceHours | undefined | null): boolean {
  return place.hasOpeningHours && (hours?.rules.length ?? 0) > 0;
}

/** Why the place is not open for the whole of a planned time, or null when it is (pure; tests fix the data). */
export function closedReasonOf(hours: PlaceHours, keepsHours: boolean, planned: Pick<PlannedTime, 'startsAt' | 'endsAt' | 'allDay'>): ClosedTime['why'] | null {
  const firstDate = berlinDate(planned.startsAt);
  if (planned.allDay) {
    // All-day events end at the start of the day after their last day (exclusive).
    const lastDate = shiftDate(berlinDate(planned.endsAt), -1);
    for (const date of datesBetween(firstDate, lastDate < firstDate ? firstDate : lastDate)) {
      const shut = shutDay(hours, keepsHours, date);
      if (shut) return shut;
    }
    return null;
  }
  const shut = shutDay(hours, keepsHours, firstDate);
  if (shut || !keepsHours) return shut;
  const day = hoursForDay(hours, firstDate);
  // A period of the day before that runs past midnight (a Friday evening until 02:00) may hold it too.
  const overnight = hoursForDay(hours, shiftDate(firstDate, -1)).periods.filter((p) => p.overnight);
  if (within([...overnight, ...day.periods], planned.startsAt, planned.endsAt)) return null;
  if (day.kind === 'special_hours') {
    const { opens, closes, reason } = day.exception!;
    return { kind: 'special_hours', opens: opens ?? '', closes: closes ?? '', reason };
  }
  if (day.periods.length === 0) return { kind: 'not_open', weekday: day.weekday };
  const next = day.periods.find((p) => p.endsAt > planned.startsAt);
  if (next && planned.startsAt < next.startsAt) return { kind: 'opens_later', weekday: day.weekday, time: next.opens };
  return { kind: 'closes_earlier', weekday: day.weekday, time: (next ?? day.periods[day.periods.length - 1]!).closes };
}

/** The planned times (from `now` on) that fall into a closed time of their place, in time order. */
export function findClosedTimes(db: Db, planned: readonly PlannedTime[], now: Date): ClosedTime[] {
  const upcoming = planned.filter((p) => p.endsAt > now);
  if (upcoming.length === 0) return [];
  const placeIds = [...new Set(upcoming.map((p) => p.placeId))];
  const placeRows = db
    .select({ id: places.id, holidayRegion: places.holidayRegion, hasOpeningHours: places.hasOpeningHours })
    .from(places)
    .where(inArray(places.id, placeIds))
    .all();
  const hoursOf = loadPlaceHours(db, placeRows, shiftDate(berlinDate(now), -1));
  const keepsHours = new Map(placeRows.map((p) => [p.id, keepsOpeningHours(p, hoursOf.get(p.id))]));
  const found: ClosedTime[] = [];
  for (const p of upcoming) {
    const hours = hoursOf.get(p.placeId);
    const why = hours ? closedReasonOf(hours, keepsHours.get(p.placeId) ?? false, p) : null;
    if (why) found.push({ planned: p, date: berlinDate(p.startsAt), why });
  }
  return found.sort((a, b) => a.planned.startsAt.getTime() - b.planned.startsAt.getTime());
}

/** The weekday as the messages' `select` names it (ISO 1 = Monday). */
const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const weekdayOf = (isoWeekday: number): string => weekdayNames[isoWeekday - 1] ?? 'sun';

/** The message name of each reason (`places.closedTime.<name>` in the warning) and its parameters. */
function reasonParts(why: ClosedReason, locale: Locale): { name: string; params: Params } {
  switch (why.kind) {
    case 'closed':
      return { name: 'closed', params: { reason: why.reason } };
    case 'holiday':
      return { name: 'holiday', params: { holiday: why.name[locale] } };
    case 'special_hours':
      return { name: 'specialHours', params: { opens: keepLeftToRight(why.opens, locale), closes: keepLeftToRight(why.closes, locale), reason: why.reason } };
    case 'not_open':
      return { name: 'notOpen', params: { weekday: weekdayOf(why.weekday) } };
    case 'opens_later':
      return { name: 'opensLater', params: { weekday: weekdayOf(why.weekday), time: keepLeftToRight(why.time, locale) } };
    case 'closes_earlier':
      return { name: 'closesEarlier', params: { weekday: weekdayOf(why.weekday), time: keepLeftToRight(why.time, locale) } };
  }
}

function messageOf(why: ClosedReason, locale: Locale): { key: MessageKey; params: Params } {
  const { name, params } = reasonParts(why, locale);
  return { key: `places.closedTime.${name}` as MessageKey, params };
}

/**
 * The reason as the conflict list names it beside one date: "geschlossen: Weihnachtspause", "öffnet dienstags erst
 * um 14:00 Uhr".
 */
export function describeClosedReason(why: ClosedReason, locale: Locale): string {
  if (why.kind === 'closed') return translate(locale, 'bo.place.conflictClosed', { reason: why.reason || translate(locale, 'rooms.closedDay') });
  if (why.kind === 'holiday') return translate(locale, 'bo.place.conflictClosed', { reason: why.name[locale] });
  const { name, params } = reasonParts(why, locale);
  return translate(locale, `bo.place.conflictReason.${name}` as MessageKey, params);
}

/**
 * One warning per place and reason, naming its dates (a series: the first few, then "und N weitere"), in the
 * reader's language: "Stadtteilbüro Kray ist geschlossen (Weihnachtspause): 24.12.2026, 31.12.2026."
 */
export function describeClosedTimes(db: Db, closed: readonly ClosedTime[], locale: Locale): Problem[] {
  if (closed.length === 0) return [];
  const names = new Map(
    db
      .select({ id: places.id, name: places.name })
      .from(places)
      .where(inArray(places.id, [...new Set(closed.map((c) => c.planned.placeId))]))
      .all()
      .map((p) => [p.id, p.name]),
  );
  const groups = new Map<string, { placeId: number; message: { key: MessageKey; params: Params }; dates: Date[] }>();
  for (const c of closed) {
    const message = messageOf(c.why, locale);
    const id = JSON.stringify([c.planned.placeId, message]);
    const group = groups.get(id) ?? { placeId: c.planned.placeId, message, dates: [] };
    group.dates.push(c.planned.startsAt);
    groups.set(id, group);
  }
  return [...groups.values()].map(({ placeId, message, dates }) => {
    const listed = dates
      .slice(0, LISTED_DATES)
      .map((d) => formatNumericDate(d, locale))
      .join(', ');
    const more = dates.length - LISTED_DATES;
    return {
      key: message.key,
      params: {
        ...message.params,
        place: names.get(placeId) ?? '',
        dates: more > 0 ? translate(locale, 'places.closedTime.more', { dates: listed, count: more }) : listed,
      },
    };
  });
}
