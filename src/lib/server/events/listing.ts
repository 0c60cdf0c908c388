/**
 * The read side of the calendar: occurrences in a time range matching a filter, with paging, for the list,
 * the month grid, feeds and the JSON API. Everything is read from `event_occurrences` (indexed by start) in
 * one query per page plus one batched query for categories, so the cost does not grow with the number of rows
 * shown (no query per event).
 */
import { and, asc, count, eq, gte, inArray, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { berlinZone } from '../../time';
import { foldForSearch } from '../../../../db/client';
import { categories, eventCategories, eventExceptions, eventOccurrences, eventQuartiere, eventTargetGroups, events, places } from '../../../../db/schema';
import type { ResolvedEventFilter } from './filters';
import { translatedEventTitleMatches } from '../translations';
import { eventIdsNamedBy } from './search-terms';
import { occurrenceKeptColumn } from '../places/closure-keeps';

/** Only these statuses are public; drafts and proposals are never shown or counted. */
export const publicStatuses = ['published', 'cancelled'] as const;

export interface CalendarOccurrence {
  occurrenceId: number;
  eventId: number;
  slug: string;
  title: string;
  recurrenceLocal: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  /** The occurrence or the whole event is cancelled. */
  cancelled: boolean;
  /** A per-occurrence change moved it (time or place). */
  changed: boolean;
  /** Staff chose to hold it although its place is closed then ("findet trotz Schließzeit statt"). */
  keptDespiteClosure: boolean;
  isSeries: boolean;
  placeName: string | null;
  placeSlug: string | null;
  locationName: string | null;
  isFree: boolean;
  stepFree: boolean;
  categories: { slug: string; name: string }[];
  /** Last change of the event (RSS pubDate). */
  updatedAt: Date;
}

const exceptionPlaces = alias(places, 'exception_places');

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** SQL conditions for a filter, over `events` joined with `places` (and the exception's place). */
export function eventFilterConditions(db: Db, filter: ResolvedEventFilter): SQL[] {
  const conditions: SQL[] = [inArray(events.status, [...publicStatuses])];
  if (filter.quartiere.length > 0) {
    conditions.push(
      inArray(
        events.id,
        db
          .select({ id: eventQuartiere.eventId })
          .from(eventQuartiere)
          .where(
            inArray(
              eventQuartiere.quartierId,
              filter.quartiere.map((q) => q.id),
            ),
          ),
      ),
    );
  }
  if (filter.categories.length > 0) {
    conditions.push(
      inArray(
        events.id,
        db
          .select({ id: eventCategories.eventId })
          .from(eventCategories)
          .where(
            inArray(
              eventCategories.categoryId,
              filter.categories.map((c) => c.id),
            ),
          ),
      ),
    );
  }
  if (filter.targetGroups.length > 0) {
    conditions.push(
      inArray(
        events.id,
        db
          .select({ id: eventTargetGroups.eventId })
          .from(eventTargetGroups)
          .where(
            inArray(
              eventTargetGroups.targetGroupId,
              filter.targetGroups.map((g) => g.id),
            ),
          ),
      ),
    );
  }
  if (filter.places.length > 0)
    conditions.push(
      inArray(
        events.placeId,
        filter.places.map((p) => p.id),
      ),
    );
  if (filter.organisations.length > 0)
    conditions.push(
      inArray(
        events.organisationId,
        filter.organisations.map((o) => o.id),
      ),
    );
  if (filter.free) conditions.push(eq(events.isFree, true));
  if (filter.stepFree) conditions.push(or(eq(events.stepFree, true), eq(places.stepFree, true))!);
  for (const word of filter.query.split(' ').filter((w) => w !== '')) {
    const pattern = `%${escapeLike(foldForSearch(word))}%`;
    // "children" or "Çocuklar" finds the Kinder events: category and target-group names match in every language.
    const named = eventIdsNamedBy(db, word);
    const byName: SQL[] = [];
    if (named.categoryIds.length > 0) {
      byName.push(
        inArray(events.id, db.select({ id: eventCategories.eventId }).from(eventCategories).where(inArray(eventCategories.categoryId, named.categoryIds))),
      );
    }
    if (named.targetGroupIds.length > 0) {
      byName.push(
        inArray(
          events.id,
          db.select({ id: eventTargetGroups.eventId }).from(eventTargetGroups).where(inArray(eventTargetGroups.targetGroupId, named.targetGroupIds)),
        ),
      );
    }
    conditions.push(
      or(
        sql`(search_fold(${events.title}) LIKE ${pattern} ESCAPE '\\' OR search_fold(${events.description}) LIKE ${pattern} ESCAPE '\\' OR search_fold(${events.organiserName}) LIKE ${pattern} ESCAPE '\\' OR search_fold(coalesce(${places.name}, ${events.locationName}, '')) LIKE ${pattern} ESCAPE '\\' OR ${translatedEventTitleMatches(pattern)})`,
        ...byName,
      )!,
    );
  }
  return conditions;
}

export interface OccurrenceQuery {
  filter: ResolvedEventFilter;
  /** Occurrences that have not ended by this instant. */
  from: Date;
  /** Occurrences that start before this instant (open when omitted). */
  to?: Date | null;
  limit: number;
  offset?: number;
  /** The month grid shows no categories; skipping them saves a query over many rows. */
  withCategories?: boolean;
  /** Lists without paging (the embedded calendar) need no total: skipping it saves a count over every match. */
  withTotal?: boolean;
}

export interface OccurrencePage {
  items: CalendarOccurrence[];
  total: number;
}

/** Longest run of one occurrence that lists still show while it is going on (an exhibition, a holiday camp). */
const MAX_RUNNING_DAYS = 62;

function rangeConditions(query: Pick<OccurrenceQuery, 'from' | 'to'>): SQL[] {
  // The lower bound on the start lets SQLite use the start index instead of scanning every past occurrence.
  const earliestStart = DateTime.fromJSDate(query.from).minus({ days: MAX_RUNNING_DAYS }).toJSDate();
  const conditions: SQL[] = [gte(eventOccurrences.startsAt, earliestStart), gte(eventOccurrences.endsAt, query.from)];
  if (query.to) conditions.push(lt(eventOccurrences.startsAt, query.to));
  return conditions;
}

/** One page of occurrences in start order, with the total count for paging. */
export function listOccurrences(db: Db, query: OccurrenceQuery): OccurrencePage {
  const where = and(...rangeConditions(query), ...eventFilterConditions(db, query.filter));
  const rows = db
    .select({
      occurrenceId: eventOccurrences.id,
      eventId: events.id,
      slug: events.slug,
      title: events.title,
      exceptionTitle: eventExceptions.title,
      recurrenceLocal: eventOccurrences.recurrenceLocal,
      startsAt: eventOccurrences.startsAt,
      endsAt: eventOccurrences.endsAt,
      allDay: events.allDay,
      occurrenceStatus: eventOccurrences.status,
      eventStatus: events.status,
      exceptionKind: eventExceptions.kind,
      kept: occurrenceKeptColumn,
      rrule: events.rrule,
      placeName: places.name,
      placeSlug: places.slug,
      exceptionPlaceName: exceptionPlaces.name,
      exceptionPlaceSlug: exceptionPlaces.slug,
      locationName: events.locationName,
      exceptionLocationName: eventExceptions.locationName,
      isFree: events.isFree,
      stepFree: events.stepFree,
      placeStepFree: places.stepFree,
      updatedAt: events.updatedAt,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
    .leftJoin(exceptionPlaces, eq(exceptionPlaces.id, eventExceptions.placeId))
    .where(where)
    .orderBy(asc(eventOccurrences.startsAt), asc(events.title), asc(eventOccurrences.id))
    .limit(query.limit)
    .offset(query.offset ?? 0)
    .all();
  const total =
    query.withTotal === false || ((query.offset ?? 0) === 0 && rows.length < query.limit)
      ? rows.length
      : (db
          .select({ n: count() })
          .from(eventOccurrences)
          .innerJoin(events, eq(events.id, eventOccurrences.eventId))
          .leftJoin(places, eq(places.id, events.placeId))
          .where(where)
          .get()?.n ?? 0);
  const categoryNames =
    query.withCategories === false ? new Map<number, { slug: string; name: string }[]>() : listCategoriesOfEvents(db, [...new Set(rows.map((r) => r.eventId))]);
  const items = rows.map((r) => {
    const movedElsewhere = r.exceptionPlaceName !== null || r.exceptionLocationName !== null;
    const cancelled = r.occurrenceStatus === 'cancelled' || r.eventStatus === 'cancelled';
    return {
      occurrenceId: r.occurrenceId,
      eventId: r.eventId,
      slug: r.slug,
      title: r.exceptionTitle ?? r.title,
      recurrenceLocal: r.recurrenceLocal,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      allDay: r.allDay,
      cancelled,
      changed: r.exceptionKind === 'changed',
      keptDespiteClosure: !cancelled && r.kept,
      isSeries: r.rrule !== null,
      placeName: movedElsewhere ? r.exceptionPlaceName : r.placeName,
      placeSlug: movedElsewhere ? r.exceptionPlaceSlug : r.placeSlug,
      locationName: movedElsewhere ? r.exceptionLocationName : r.locationName,
      isFree: r.isFree,
      stepFree: r.stepFree || r.placeStepFree === true,
      categories: categoryNames.get(r.eventId) ?? [],
      updatedAt: r.updatedAt,
    };
  });
  return { items, total };
}

/**
 * The Berlin day of the first occurrence under a filter that starts at or after `from` and takes place (cancelled
 * ones left out), or null. An empty quick range ("Heute" late in the evening, "Dieses Wochenende" on a Sunday night)
 * points to it, so nobody is left with "no dates" when the next one is a few days away.
 */
export function nextDayTakingPlace(db: Db, filter: ResolvedEventFilter, from: Date): string | null {
  const row = db
    .select({ startsAt: eventOccurrences.startsAt })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(places, eq(places.id, events.placeId))
    .where(
      and(gte(eventOccurrences.startsAt, from), ne(eventOccurrences.status, 'cancelled'), ne(events.status, 'cancelled'), ...eventFilterConditions(db, filter)),
    )
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(1)
    .get();
  return row ? DateTime.fromJSDate(row.startsAt, { zone: berlinZone }).toISODate() : null;
}

/** Categories per event, in the reference order, for a batch of events (one query). */
export function listCategoriesOfEvents(db: Db, eventIds: number[]): Map<number, { slug: string; name: string }[]> {
  const result = new Map<number, { slug: string; name: string }[]>();
  if (eventIds.length === 0) return result;
  const rows = db
    .select({ eventId: eventCategories.eventId, slug: categories.slug, name: categories.name })
    .from(eventCategories)
    .innerJoin(categories, eq(categories.id, eventCategories.categoryId))
    .where(inArray(eventCategories.eventId, eventIds))
    .orderBy(asc(categories.sortOrder))
    .all();
  for (const row of rows) {
    const list = result.get(row.eventId) ?? [];
    list.push({ slug: row.slug, name: row.name });
    result.set(row.eventId, list);
  }
  return result;
}
