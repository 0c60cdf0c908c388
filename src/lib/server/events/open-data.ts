/**
 * Open data: `/api/events.json?from=YYYY-MM-DD&to=YYYY-MM-DD&quartier=<slug>` — occurrences as schema.org
 * Event objects, for the city's own calendar and Vereine's websites. Dates are Berlin calendar days, `to`
 * inclusive. The range is capped so one request cannot ask for years of data.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import {
  categories,
  eventCategories,
  eventExceptions,
  eventOccurrences,
  eventTargetGroups,
  events,
  organisations,
  places,
  targetGroups,
} from '../../../../db/schema';
import { ZONE } from '../../time';
import { eventPath, occurrencePath, placePath } from '../../paths';
import { parseEventFilter, resolveEventFilter, UnknownFilterSlugError } from './filters';
import { eventFilterConditions, rangeConditions } from './listing';
import { parseIsoDate } from './ranges';
import { toSchemaOrgEvent, type JsonObject } from './schema-org';

export const DEFAULT_RANGE_DAYS = 31;
export const MAX_RANGE_DAYS = 366;
export const MAX_API_ITEMS = 5000;

export type OpenDataResult =
  | { status: 200; body: JsonObject }
  | { status: 400 | 404; body: { error: { code: string; message: string; parameter: string } } };

function error(status: 400 | 404, code: string, parameter: string, message: string): OpenDataResult {
  return { status, body: { error: { code, message, parameter } } };
}

const exceptionPlaces = alias(places, 'exception_places');

/** Reads the query, checks it, and returns the JSON document (or a JSON error). */
export function queryOpenEvents(db: Db, params: URLSearchParams, options: { now: Date; publicUrl: string }): OpenDataResult {
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = fromParam === null || fromParam === '' ? DateTime.fromJSDate(options.now, { zone: ZONE }).startOf('day') : parseIsoDate(fromParam);
  if (!from) return error(400, 'invalid_date', 'from', `"from" must be a date in the form YYYY-MM-DD, not "${fromParam}".`);
  let to = toParam === null || toParam === '' ? from.plus({ days: DEFAULT_RANGE_DAYS - 1 }) : parseIsoDate(toParam);
  if (!to) return error(400, 'invalid_date', 'to', `"to" must be a date in the form YYYY-MM-DD, not "${toParam}".`);
  if (to < from) return error(400, 'invalid_range', 'to', '"to" must not be before "from".');
  const capped = to.diff(from, 'days').days >= MAX_RANGE_DAYS;
  if (capped) to = from.plus({ days: MAX_RANGE_DAYS - 1 });

  let filter;
  try {
    filter = resolveEventFilter(db, parseEventFilter(params));
  } catch (e) {
    if (e instanceof UnknownFilterSlugError) return error(404, 'unknown_slug', e.param, `There is no ${e.param} "${e.slug}".`);
    throw e;
  }

  const window = { from: from.toJSDate(), to: to.plus({ days: 1 }).toJSDate() };
  const rows = db
    .select({
      occurrence: eventOccurrences,
      event: events,
      place: places,
      exceptionTitle: eventExceptions.title,
      exceptionKind: eventExceptions.kind,
      exceptionLocation: eventExceptions.locationName,
      exceptionPlace: exceptionPlaces,
      organisationName: organisations.name,
      organisationUrl: organisations.website,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
    .leftJoin(exceptionPlaces, eq(exceptionPlaces.id, eventExceptions.placeId))
    .leftJoin(organisations, eq(organisations.id, events.organisationId))
    .where(and(...rangeConditions(window), ...eventFilterConditions(db, filter)))
    .orderBy(asc(eventOccurrences.startsAt), asc(eventOccurrences.id))
    .limit(MAX_API_ITEMS + 1)
    .all();
  const truncated = rows.length > MAX_API_ITEMS;
  const shown = rows.slice(0, MAX_API_ITEMS);
  const eventIds = [...new Set(shown.map((r) => r.event.id))];
  const namesByEvent = (table: 'categories' | 'targetGroups'): Map<number, string[]> => {
    const map = new Map<number, string[]>();
    if (eventIds.length === 0) return map;
    const list =
      table === 'categories'
        ? db
            .select({ eventId: eventCategories.eventId, name: categories.name })
            .from(eventCategories)
            .innerJoin(categories, eq(categories.id, eventCategories.categoryId))
            .where(inArray(eventCategories.eventId, eventIds))
            .orderBy(asc(categories.sortOrder))
            .all()
        : db
            .select({ eventId: eventTargetGroups.eventId, name: targetGroups.name })
            .from(eventTargetGroups)
            .innerJoin(targetGroups, eq(targetGroups.id, eventTargetGroups.targetGroupId))
            .where(inArray(eventTargetGroups.eventId, eventIds))
            .orderBy(asc(targetGroups.sortOrder))
            .all();
    for (const row of list) map.set(row.eventId, [...(map.get(row.eventId) ?? []), row.name]);
    return map;
  };
  const categoryNames = namesByEvent('categories');
  const groupNames = namesByEvent('targetGroups');

  const items = shown.map((r) => {
    const moved = r.exceptionPlace !== null || r.exceptionLocation !== null;
    const place = moved ? r.exceptionPlace : r.place;
    const url = options.publicUrl + occurrencePath({ eventId: r.event.id, slug: r.event.slug, recurrenceLocal: r.occurrence.recurrenceLocal });
    const item = toSchemaOrgEvent({
        title: r.exceptionTitle ?? r.event.title,
        description: r.event.description,
        url,
        startsAt: r.occurrence.startsAt,
        endsAt: r.occurrence.endsAt,
        allDay: r.event.allDay,
        cancelled: r.occurrence.status === 'cancelled' || r.event.status === 'cancelled',
        rescheduled: r.exceptionKind === 'changed',
        place: place ? { ...place, url: options.publicUrl + placePath(place.slug) } : null,
        locationName: moved ? r.exceptionLocation : r.event.locationName,
        locationAddress: moved ? null : r.event.locationAddress,
        organiserName: r.event.organiserName || r.organisationName || '',
        organisationUrl: r.organisationUrl,
        isFree: r.event.isFree,
        cost: r.event.cost,
        languages: r.event.languages.split(',').map((l) => l.trim()),
        categories: categoryNames.get(r.event.id) ?? [],
        targetGroups: groupNames.get(r.event.id) ?? [],
        stepFree: r.event.stepFree || place?.stepFree === true,
    });
    // The document carries the @context once; each event is identified by its page and its stable UID.
    delete item['@context'];
    item['@id'] = url;
    item.identifier = r.event.uid;
    if (r.event.rrule) item.superEvent = options.publicUrl + eventPath({ eventId: r.event.id, slug: r.event.slug });
    return item;
  });

  return {
    status: 200,
    body: {
      '@context': 'https://schema.org',
      from: from.toISODate() ?? '',
      to: to.toISODate() ?? '',
      capped,
      truncated,
      count: items.length,
      events: items,
    },
  };
}
