/**
 * Open data: `/api/events.json?from=YYYY-MM-DD&to=YYYY-MM-DD&quartier=<slug>` — occurrences as schema.org
 * Event objects, for the city's own calendar and Vereine's websites. Dates are Berlin calendar days, `to`
 * inclusive. The range is capped so one request cannot ask for years of data.
 *
 * Besides the schema.org fields each event names its Quartiere (`quartiere`: schema.org Place objects with the
 * slug as `identifier`, in the portal's order), so a reader of the whole city's data can tell where it belongs
 * without asking once per Quartier. schema.org has no property for this; a consumer that does not know the key
 * ignores it.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { eventQuartiere, eventTargetGroups, events, organisations, places, quartiere, targetGroups } from '../../../../db/schema';
import { berlinZone } from '../../time';
import { eventPath, occurrencePath, placePath, quartierPath } from '../../paths';
import { parseEventFilter, resolveEventFilter, UnknownFilterSlugError } from './filters';
import { listOccurrences } from './listing';
import { parseIsoDate } from './ranges';
import { toSchemaOrgEvent, type JsonObject } from './schema-org';

export const DEFAULT_RANGE_DAYS = 31;
export const MAX_RANGE_DAYS = 366;
export const MAX_API_ITEMS = 5000;

export type OpenDataResult = { status: 200; body: JsonObject } | { status: 400 | 404; body: { error: { code: string; message: string; parameter: string } } };

function error(status: 400 | 404, code: string, parameter: string, message: string): OpenDataResult {
  return { status, body: { error: { code, message, parameter } } };
}

/** Reads the query, checks it, and returns the JSON document (or a JSON error). */
export function queryOpenEvents(db: Db, params: URLSearchParams, options: { now: Date; publicUrl: string }): OpenDataResult {
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = fromParam === null || fromParam === '' ? DateTime.fromJSDate(options.now, { zone: berlinZone }).startOf('day') : parseIsoDate(fromParam);
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
  const page = listOccurrences(db, { filter, ...window, limit: MAX_API_ITEMS + 1 });
  const truncated = page.items.length > MAX_API_ITEMS;
  const shown = page.items.slice(0, MAX_API_ITEMS);
  // The list has what the calendar shows; the facts only open data needs are read in four batched queries.
  const eventIds = [...new Set(shown.map((o) => o.eventId))];
  const placeSlugs = [...new Set(shown.map((o) => o.placeSlug).filter((slug): slug is string => slug !== null))];
  const eventRows = new Map(
    (eventIds.length === 0
      ? []
      : db
          .select({ event: events, placeSlug: places.slug, organisationName: organisations.name, organisationUrl: organisations.website })
          .from(events)
          .leftJoin(places, eq(places.id, events.placeId))
          .leftJoin(organisations, eq(organisations.id, events.organisationId))
          .where(inArray(events.id, eventIds))
          .all()
    ).map((r) => [r.event.id, r] as const),
  );
  const placeRows = new Map(
    (placeSlugs.length === 0 ? [] : db.select().from(places).where(inArray(places.slug, placeSlugs)).all()).map((p) => [p.slug, p] as const),
  );
  const groupNames = new Map<number, string[]>();
  if (eventIds.length > 0) {
    for (const row of db
      .select({ eventId: eventTargetGroups.eventId, name: targetGroups.name })
      .from(eventTargetGroups)
      .innerJoin(targetGroups, eq(targetGroups.id, eventTargetGroups.targetGroupId))
      .where(inArray(eventTargetGroups.eventId, eventIds))
      .orderBy(asc(targetGroups.sortOrder))
      .all()) {
      groupNames.set(row.eventId, [...(groupNames.get(row.eventId) ?? []), row.name]);
    }
  }

  const quartiereOf = new Map<number, JsonObject[]>();
  if (eventIds.length > 0) {
    for (const row of db
      .select({ eventId: eventQuartiere.eventId, slug: quartiere.slug, name: quartiere.name })
      .from(eventQuartiere)
      .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
      .where(inArray(eventQuartiere.eventId, eventIds))
      .orderBy(asc(quartiere.sortOrder), asc(quartiere.name))
      .all()) {
      const entry: JsonObject = { '@type': 'Place', identifier: row.slug, name: row.name, url: options.publicUrl + quartierPath(row.slug) };
      quartiereOf.set(row.eventId, [...(quartiereOf.get(row.eventId) ?? []), entry]);
    }
  }

  const items = shown.map((o) => {
    const row = eventRows.get(o.eventId)!;
    const { event } = row;
    const place = o.placeSlug ? (placeRows.get(o.placeSlug) ?? null) : null;
    const atEventsOwnLocation = o.placeSlug === row.placeSlug && o.locationName === event.locationName;
    const url = options.publicUrl + occurrencePath(o);
    const item = toSchemaOrgEvent({
      title: o.title,
      description: event.description,
      url,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      allDay: o.allDay,
      cancelled: o.cancelled,
      rescheduled: o.changed,
      place: place ? { ...place, url: options.publicUrl + placePath(place.slug) } : null,
      locationName: o.locationName,
      locationAddress: atEventsOwnLocation ? event.locationAddress : null,
      organiserName: event.organiserName || row.organisationName || '',
      organisationUrl: row.organisationUrl,
      isFree: event.isFree,
      cost: event.cost,
      languages: event.languages.split(',').map((l) => l.trim()),
      categories: o.categories.map((c) => c.name),
      targetGroups: groupNames.get(event.id) ?? [],
      stepFree: o.stepFree,
    });
    // The document carries the @context once; each event is identified by its page and its stable UID.
    delete item['@context'];
    item['@id'] = url;
    item.identifier = event.uid;
    if (event.rrule) item.superEvent = options.publicUrl + eventPath(o);
    item.quartiere = quartiereOf.get(event.id) ?? [];
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
