/**
 * Source events onto the portal's own model. A series becomes one portal series (its first start in Berlin
 * wall-clock time and the same RRULE), checked against the source's own expansion occurrence by occurrence:
 * where the two differ — an EXDATE, a moved or cancelled RECURRENCE-ID, a series kept in another zone whose
 * clocks change on other days — the portal gets an exception (cancelled or changed), and a source date the portal
 * rule does not produce (an RDATE) becomes a single event of its own. So `/kalender.ics` and every list show
 * exactly the source's dates, and the series stays one series with one page.
 */
import { DateTime } from 'luxon';
import type { Place } from '../../../../db/schema';
import { berlinIsoSeconds, berlinZone } from '../../time';
import { expandOccurrences, InvalidRecurrenceError, type ExpansionCache } from '../events/occurrences';
import type { RefusedItem, SourceEvent, SourceOccurrence } from './parse';

const TITLE_MAX = 150;
const TEXT_MAX = 5000;
const SHORT_MAX = 300;

export interface MappingContext {
  horizon: Date;
  places: Pick<Place, 'id' | 'name' | 'street'>[];
  /** Normalised category name or slug → portal category id. */
  categoryIds: Map<string, number>;
  /** Where events without LOCATION take place. */
  defaultPlaceId: number | null;
  defaultAddress: string | null;
  /** The run's expansions, which the occurrence writer then reuses instead of expanding each series again. */
  expansions?: ExpansionCache;
}

export interface PlannedException {
  recurrenceLocal: string;
  kind: 'cancelled' | 'changed';
  startLocal: string | null;
  endLocal: string | null;
  title: string | null;
  placeId: number | null;
  locationName: string | null;
}

export interface PlannedColumns {
  title: string;
  description: string;
  startLocal: string;
  endLocal: string;
  allDay: boolean;
  rrule: string | null;
  placeId: number | null;
  locationName: string | null;
  locationAddress: string | null;
}

export interface PlannedEvent {
  /** The source UID, or `UID#<local start>` for an extra date. */
  key: string;
  uid: string;
  hash: string;
  sequence: number;
  lastModified: Date | null;
  cancelled: boolean;
  columns: PlannedColumns;
  categoryIds: number[];
  exceptions: PlannedException[];
}

function normalise(value: string): string {
  return value.toLowerCase().replace(/\s+/g, ' ').trim();
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1).trimEnd()}…` : value;
}

/** LOCATION text onto a known place (its name leads the text, or its street is in it), else kept as written. */
export function matchLocation(location: string | null, context: MappingContext): Pick<PlannedColumns, 'placeId' | 'locationName' | 'locationAddress'> {
  if (!location) return { placeId: context.defaultPlaceId, locationName: null, locationAddress: context.defaultPlaceId ? null : context.defaultAddress };
  const text = normalise(location);
  const place = context.places.find((p) => {
    const name = normalise(p.name);
    const street = normalise(p.street);
    return text === name || text.startsWith(`${name},`) || text.startsWith(`${name} `) || (street.length > 5 && text.includes(street));
  });
  if (place) return { placeId: place.id, locationName: null, locationAddress: null };
  const [name, ...rest] = location.split(',').map((part) => part.trim());
  return { placeId: null, locationName: clip(name || location, SHORT_MAX), locationAddress: rest.length > 0 ? clip(rest.join(', '), SHORT_MAX) : null };
}

function mappedCategories(names: string[], context: MappingContext): number[] {
  return [...new Set(names.map((name) => context.categoryIds.get(normalise(name))).filter((id): id is number => id !== undefined))];
}

function columnsOf(source: SourceEvent, context: MappingContext): PlannedColumns {
  return {
    title: clip(source.title, TITLE_MAX),
    description: clip(source.description, TEXT_MAX),
    startLocal: source.startLocal,
    endLocal: source.endLocal,
    allDay: source.allDay,
    rrule: source.rrule,
    ...matchLocation(source.location, context),
  };
}

function localOf(instant: Date, allDay: boolean): string {
  // All-day ends are exclusive instants; the portal stores the last day itself.
  if (allDay) return DateTime.fromJSDate(instant, { zone: berlinZone }).minus({ days: 1 }).toISODate() ?? '';
  return berlinIsoSeconds(instant).slice(0, 16);
}

/** The exception an occurrence needs so the portal shows it as the source does, or null when the rule gives it as is. */
function exceptionFor(
  recurrenceLocal: string,
  occurrence: SourceOccurrence,
  portal: { startLocal: string; endLocal: string },
  source: SourceEvent,
  context: MappingContext,
): PlannedException | null {
  if (occurrence.cancelled) return { recurrenceLocal, kind: 'cancelled', startLocal: null, endLocal: null, title: null, placeId: null, locationName: null };
  const moved = occurrence.startLocal !== portal.startLocal || occurrence.endLocal !== portal.endLocal;
  const retitled = occurrence.title !== source.title;
  const relocated = occurrence.location !== source.location;
  if (!moved && !retitled && !relocated) return null;
  const place = relocated ? matchLocation(occurrence.location, context) : null;
  return {
    recurrenceLocal,
    kind: 'changed',
    startLocal: occurrence.startLocal,
    endLocal: occurrence.endLocal,
    title: retitled ? clip(occurrence.title, TITLE_MAX) : null,
    placeId: place?.placeId ?? null,
    locationName: place ? (place.locationName ?? (place.placeId ? null : place.locationAddress)) : null,
  };
}

/**
 * The portal events one source event becomes: the event itself (with exceptions for a series) and one single
 * event per source date the portal's rule cannot give. Refuses a series whose rule the portal cannot expand.
 */
export function planEvent(source: SourceEvent, context: MappingContext): PlannedEvent[] | RefusedItem {
  const columns = columnsOf(source, context);
  const base = { uid: source.uid, hash: source.hash, sequence: source.sequence, lastModified: source.lastModified };
  const categoryIds = mappedCategories(source.categories, context);
  const main: PlannedEvent = { ...base, key: source.uid, cancelled: source.cancelled, columns, categoryIds, exceptions: [] };
  if (!source.rrule || !source.occurrences) return [main];
  let expanded;
  try {
    expanded = expandOccurrences(columns, [], context.horizon, context.expansions);
  } catch (error) {
    if (error instanceof InvalidRecurrenceError)
      return { uid: source.uid, summary: source.title, reason: 'calendarImport.refused.rrule', detail: error.message };
    throw error;
  }
  const portal = new Map(expanded.map((o) => [o.recurrenceLocal, { startLocal: o.recurrenceLocal, endLocal: localOf(o.endsAt, source.allDay) }]));
  const unused = new Set(portal.keys());
  const byDate = new Map<string, string[]>();
  for (const local of portal.keys()) byDate.set(local.slice(0, 10), [...(byDate.get(local.slice(0, 10)) ?? []), local]);
  const extras: PlannedEvent[] = [];
  for (const occurrence of source.occurrences) {
    // Same original start, else the portal's occurrence of the same day (a zone whose clocks change on other days).
    const key = unused.has(occurrence.recurrenceLocal)
      ? occurrence.recurrenceLocal
      : byDate.get(occurrence.recurrenceLocal.slice(0, 10))?.find((local) => unused.has(local));
    if (!key) {
      extras.push({
        ...base,
        key: `${source.uid}#${occurrence.recurrenceLocal}`,
        cancelled: occurrence.cancelled,
        columns: {
          ...columns,
          title: clip(occurrence.title, TITLE_MAX),
          startLocal: occurrence.startLocal,
          endLocal: occurrence.endLocal,
          rrule: null,
          ...matchLocation(occurrence.location, context),
        },
        categoryIds,
        exceptions: [],
      });
      continue;
    }
    unused.delete(key);
    const exception = exceptionFor(key, occurrence, portal.get(key)!, source, context);
    if (exception) main.exceptions.push(exception);
  }
  // Dates the portal's rule gives but the source does not have (EXDATE) are shown as cancelled.
  for (const local of unused) {
    main.exceptions.push({ recurrenceLocal: local, kind: 'cancelled', startLocal: null, endLocal: null, title: null, placeId: null, locationName: null });
  }
  main.exceptions.sort((a, b) => a.recurrenceLocal.localeCompare(b.recurrenceLocal));
  return [main, ...extras];
}
