/**
 * One public event with everything its page, its .ics and its JSON-LD need, read in a fixed number of
 * queries. Drafts and proposals are not public: for them these functions return null, exactly as for an
 * event that does not exist.
 */
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db';
import {
  categories,
  eventCategories,
  eventExceptions,
  eventOccurrences,
  eventQuartiere,
  eventTargetGroups,
  events,
  organisations,
  places,
  quartiere,
  targetGroups,
  type Event,
  type EventException,
  type EventOccurrence,
  type Place,
} from '../../../../db/schema';
import type { NamedSlug } from './filters';
import { publicStatuses } from './listing';
import { keptDatesOf } from '../places/closure-keeps';

export interface PublicEvent {
  event: Event;
  place: Place | null;
  organisation: { name: string; website: string | null } | null;
  quartiere: NamedSlug[];
  categories: NamedSlug[];
  targetGroups: NamedSlug[];
  exceptions: EventException[];
  /** Places that exceptions move occurrences to, by id. */
  exceptionPlaces: Map<number, Place>;
  /** Dates (recurrenceLocal) staff chose to hold although the place is closed then. */
  keptDespiteClosure: Set<string>;
}

export interface PublicOccurrence {
  occurrence: EventOccurrence;
  exception: EventException | null;
  /** Where this occurrence takes place (the exception's place when it was moved). */
  place: Place | null;
  locationName: string | null;
  locationAddress: string | null;
  title: string;
  cancelled: boolean;
  /** Staff chose to hold it although its place is closed then ("findet trotz Schließzeit statt"). */
  keptDespiteClosure: boolean;
}

export function isPublicStatus(status: string): boolean {
  return (publicStatuses as readonly string[]).includes(status);
}

/** A published or cancelled event with its place, Quartiere, categories and exceptions; null otherwise. */
export function getPublicEvent(db: Db, eventId: number): PublicEvent | null {
  const row = db
    .select({ event: events, place: places, organisation: { name: organisations.name, website: organisations.website } })
    .from(events)
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(organisations, eq(organisations.id, events.organisationId))
    .where(and(eq(events.id, eventId), inArray(events.status, [...publicStatuses])))
    .get();
  if (!row) return null;
  const named = { id: quartiere.id, slug: quartiere.slug, name: quartiere.name };
  const quartierRows = db
    .select(named)
    .from(eventQuartiere)
    .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
    .where(eq(eventQuartiere.eventId, eventId))
    .orderBy(asc(quartiere.sortOrder), asc(quartiere.name))
    .all();
  const categoryRows = db
    .select({ id: categories.id, slug: categories.slug, name: categories.name })
    .from(eventCategories)
    .innerJoin(categories, eq(categories.id, eventCategories.categoryId))
    .where(eq(eventCategories.eventId, eventId))
    .orderBy(asc(categories.sortOrder))
    .all();
  const groupRows = db
    .select({ id: targetGroups.id, slug: targetGroups.slug, name: targetGroups.name })
    .from(eventTargetGroups)
    .innerJoin(targetGroups, eq(targetGroups.id, eventTargetGroups.targetGroupId))
    .where(eq(eventTargetGroups.eventId, eventId))
    .orderBy(asc(targetGroups.sortOrder))
    .all();
  const exceptions = db.select().from(eventExceptions).where(eq(eventExceptions.eventId, eventId)).orderBy(asc(eventExceptions.recurrenceLocal)).all();
  const placeIds = [...new Set(exceptions.map((e) => e.placeId).filter((id): id is number => id !== null))];
  const exceptionPlaces = new Map(
    placeIds.length === 0
      ? []
      : db
          .select()
          .from(places)
          .where(inArray(places.id, placeIds))
          .all()
          .map((p) => [p.id, p] as const),
  );
  return {
    event: row.event,
    place: row.place,
    organisation: row.organisation?.name ? row.organisation : null,
    quartiere: quartierRows,
    categories: categoryRows,
    targetGroups: groupRows,
    exceptions,
    exceptionPlaces,
    keptDespiteClosure: keptDatesOf(db, eventId),
  };
}

/** Applies an occurrence's exception (title, place, free location) on top of the event's facts. */
export function describeOccurrence(details: PublicEvent, occurrence: EventOccurrence): PublicOccurrence {
  const exception = details.exceptions.find((e) => e.id === occurrence.exceptionId) ?? null;
  const movedPlace = exception?.placeId ? (details.exceptionPlaces.get(exception.placeId) ?? null) : null;
  const moved = movedPlace !== null || Boolean(exception?.locationName);
  const cancelled = occurrence.status === 'cancelled' || details.event.status === 'cancelled';
  return {
    occurrence,
    exception,
    place: moved ? movedPlace : details.place,
    locationName: moved ? (exception?.locationName ?? null) : details.event.locationName,
    locationAddress: moved ? null : details.event.locationAddress,
    title: exception?.title ?? details.event.title,
    cancelled,
    keptDespiteClosure: !cancelled && details.keptDespiteClosure.has(occurrence.recurrenceLocal),
  };
}

/** The occurrence whose original start falls on this Berlin date (`YYYY-MM-DD`), or null. */
export function getOccurrenceOnDate(db: Db, eventId: number, date: string): EventOccurrence | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  // recurrenceLocal is `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; both sort between the date and the date + 'U'.
  return (
    db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, eventId), gte(eventOccurrences.recurrenceLocal, date), lt(eventOccurrences.recurrenceLocal, `${date}U`)))
      .get() ?? null
  );
}

/** Occurrences of one event from an instant on (those still running included), in order. */
export function listEventOccurrences(db: Db, eventId: number, options: { from?: Date; limit?: number } = {}): EventOccurrence[] {
  const conditions = [eq(eventOccurrences.eventId, eventId)];
  if (options.from) conditions.push(gte(eventOccurrences.endsAt, options.from));
  const query = db
    .select()
    .from(eventOccurrences)
    .where(and(...conditions))
    .orderBy(asc(eventOccurrences.startsAt));
  return options.limit ? query.limit(options.limit).all() : query.all();
}

/**
 * The occurrence a visitor of the event page most likely means: the next one that has not ended,
 * else the last one (the page of a past event still shows when it was).
 */
export function pickCurrentOccurrence(occurrences: EventOccurrence[], now: Date): EventOccurrence | null {
  return occurrences.find((o) => o.endsAt >= now) ?? occurrences.at(-1) ?? null;
}
