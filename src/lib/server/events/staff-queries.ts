/**
 * What the back office reads about events: the staff list with filters, a series' occurrences for editing, the
 * choices of the event form and the dashboard's coming cancellations and changes. Read-only; the scope (the
 * Quartiere the reader is responsible for, 'all' for admins) comes from permissions.ts.
 */
import { and, asc, desc, eq, gte, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import {
  categories,
  eventExceptions,
  eventOccurrences,
  eventQuartiere,
  events,
  organisations,
  places,
  quartiere,
  targetGroups,
  type EventException,
  type EventStatus,
} from '../../../../db/schema';

export interface StaffEventRow {
  id: number;
  title: string;
  status: EventStatus;
  statusNote: string;
  startLocal: string;
  allDay: boolean;
  isSeries: boolean;
  nextStartsAt: Date | null;
  quartierNames: string[];
  placeName: string | null;
  locationName: string | null;
  organisationName: string | null;
}

export interface StaffEventFilter {
  quartierId?: number | null;
  status?: EventStatus | null;
  search?: string | null;
  /** Only events that still have an occurrence ending after this instant. */
  upcomingFrom?: Date | null;
  limit?: number;
  offset?: number;
}

/** Events in the given Quartiere ('all' for admins), newest first by next date. */
export function listEventsForStaff(db: Db, scope: number[] | 'all', filter: StaffEventFilter = {}): { rows: StaffEventRow[]; total: number } {
  const conditions: SQL[] = [];
  const inScope = (quartierIds: number[]): SQL =>
    inArray(events.id, db.select({ id: eventQuartiere.eventId }).from(eventQuartiere).where(inArray(eventQuartiere.quartierId, quartierIds)));
  if (scope !== 'all') conditions.push(inScope(scope));
  if (filter.quartierId) conditions.push(inScope([filter.quartierId]));
  if (filter.status) conditions.push(eq(events.status, filter.status));
  const search = filter.search?.trim();
  if (search) {
    const pattern = `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const matches = (column: AnyColumn): SQL => sql`${column} like ${pattern} escape '\\'`;
    conditions.push(or(matches(events.title), matches(events.organiserName), matches(events.description))!);
  }
  if (filter.upcomingFrom) {
    conditions.push(
      inArray(events.id, db.select({ id: eventOccurrences.eventId }).from(eventOccurrences).where(gte(eventOccurrences.endsAt, filter.upcomingFrom))),
    );
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .where(where)
      .get()?.n ?? 0;
  const nowMs = Date.now();
  const nextStart = sql<number | null>`(select min(${eventOccurrences.startsAt}) from ${eventOccurrences}
    where ${eventOccurrences.eventId} = ${events.id} and ${eventOccurrences.endsAt} >= ${nowMs})`;
  const rows = db
    .select({
      id: events.id,
      title: events.title,
      status: events.status,
      statusNote: events.statusNote,
      startLocal: events.startLocal,
      allDay: events.allDay,
      rrule: events.rrule,
      nextStart,
      placeName: places.name,
      locationName: events.locationName,
      organisationName: organisations.name,
    })
    .from(events)
    .leftJoin(places, eq(places.id, events.placeId))
    .leftJoin(organisations, eq(organisations.id, events.organisationId))
    .where(where)
    .orderBy(sql`${nextStart} is null`, asc(nextStart), desc(events.firstStartsAt))
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0)
    .all();
  const names = quartierNamesByEvent(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    rows: rows.map(({ rrule, nextStart: next, ...row }) => ({
      ...row,
      isSeries: rrule !== null,
      nextStartsAt: next === null ? null : new Date(next),
      quartierNames: names.get(row.id) ?? [],
    })),
  };
}

function quartierNamesByEvent(db: Db, eventIds: number[]): Map<number, string[]> {
  const result = new Map<number, string[]>();
  if (eventIds.length === 0) return result;
  const rows = db
    .select({ eventId: eventQuartiere.eventId, name: quartiere.name })
    .from(eventQuartiere)
    .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
    .where(inArray(eventQuartiere.eventId, eventIds))
    .orderBy(asc(quartiere.sortOrder))
    .all();
  for (const row of rows) result.set(row.eventId, [...(result.get(row.eventId) ?? []), row.name]);
  return result;
}

export interface StaffOccurrenceRow {
  recurrenceLocal: string;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'cancelled';
  exception: EventException | null;
  placeName: string | null;
}

/** Occurrences of one event from `from` on, with the exception that shaped each. */
export function listOccurrencesForEditing(db: Db, eventId: number, from: Date, limit = 60): StaffOccurrenceRow[] {
  const rows = db
    .select({ occurrence: eventOccurrences, exception: eventExceptions, placeName: places.name })
    .from(eventOccurrences)
    .leftJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
    .leftJoin(places, eq(places.id, eventExceptions.placeId))
    .where(and(eq(eventOccurrences.eventId, eventId), gte(eventOccurrences.endsAt, from)))
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(limit)
    .all();
  return rows.map(({ occurrence, exception, placeName }) => ({
    recurrenceLocal: occurrence.recurrenceLocal,
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    status: occurrence.status,
    exception,
    placeName,
  }));
}

export interface EventFormOptions {
  quartiere: { id: number; name: string }[];
  places: { id: number; name: string; quartierName: string }[];
  categories: { id: number; name: string }[];
  targetGroups: { id: number; name: string }[];
  organisations: { id: number; name: string }[];
}

/** Choices for the event form; `quartierScope` limits the Quartiere offered. */
export function loadEventFormOptions(db: Db, quartierScope: number[] | 'all'): EventFormOptions {
  const allQuartiere = db.select({ id: quartiere.id, name: quartiere.name }).from(quartiere).orderBy(asc(quartiere.sortOrder), asc(quartiere.name)).all();
  return {
    quartiere: quartierScope === 'all' ? allQuartiere : allQuartiere.filter((q) => quartierScope.includes(q.id)),
    places: db
      .select({ id: places.id, name: places.name, quartierName: quartiere.name })
      .from(places)
      .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
      .orderBy(asc(quartiere.sortOrder), asc(places.name))
      .all(),
    categories: db.select({ id: categories.id, name: categories.name }).from(categories).orderBy(asc(categories.sortOrder)).all(),
    targetGroups: db.select({ id: targetGroups.id, name: targetGroups.name }).from(targetGroups).orderBy(asc(targetGroups.sortOrder)).all(),
    organisations: db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)).all(),
  };
}

export interface AttentionItem {
  eventId: number;
  title: string;
  recurrenceLocal: string;
  startsAt: Date;
  kind: 'cancelled' | 'changed' | 'eventCancelled';
  note: string;
}

/** Cancelled or changed dates coming up in the given Quartiere, for the dashboard. */
export function listUpcomingChanges(db: Db, scope: number[] | 'all', from: Date, to: Date, limit = 30): AttentionItem[] {
  const conditions: SQL[] = [
    gte(eventOccurrences.endsAt, from),
    sql`${eventOccurrences.startsAt} < ${to.getTime()}`,
    inArray(events.status, ['published', 'cancelled']),
    or(eq(eventOccurrences.status, 'cancelled'), sql`${eventOccurrences.exceptionId} is not null`, eq(events.status, 'cancelled'))!,
  ];
  if (scope !== 'all') {
    conditions.push(inArray(events.id, db.select({ id: eventQuartiere.eventId }).from(eventQuartiere).where(inArray(eventQuartiere.quartierId, scope))));
  }
  return db
    .select({
      eventId: events.id,
      title: events.title,
      eventStatus: events.status,
      statusNote: events.statusNote,
      recurrenceLocal: eventOccurrences.recurrenceLocal,
      startsAt: eventOccurrences.startsAt,
      occurrenceStatus: eventOccurrences.status,
      exceptionNote: eventExceptions.note,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
    .where(and(...conditions))
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(limit)
    .all()
    .map((row) => ({
      eventId: row.eventId,
      title: row.title,
      recurrenceLocal: row.recurrenceLocal,
      startsAt: row.startsAt,
      kind: row.eventStatus === 'cancelled' ? 'eventCancelled' : row.occurrenceStatus === 'cancelled' ? 'cancelled' : 'changed',
      note: row.eventStatus === 'cancelled' ? row.statusNote : (row.exceptionNote ?? ''),
    }));
}

/** The date of a series on `date` (YYYY-MM-DD, as in the URL of its editing page and its confirmation step), or null. */
export function findOccurrenceOnDate(db: Db, eventId: number, date: string): StaffOccurrenceRow | null {
  return listOccurrencesForEditing(db, eventId, new Date(0), 2000).find((o) => o.recurrenceLocal.startsWith(date)) ?? null;
}
