import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { eventExceptions, eventOccurrences, eventQuartiere, events, places } from '../../../../db/schema';

export interface UpcomingOccurrence {
  occurrenceId: number;
  eventId: number;
  slug: string;
  title: string;
  recurrenceLocal: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  cancelled: boolean;
  placeName: string | null;
  locationName: string | null;
}

/** The next published occurrences (cancelled ones included, flagged), optionally for one Quartier, place or organiser. */
export function listUpcomingOccurrences(
  db: Db,
  options: { quartierId?: number; placeId?: number; organisationId?: number; limit: number; from?: Date },
): UpcomingOccurrence[] {
  const from = options.from ?? new Date();
  const conditions = [gte(eventOccurrences.endsAt, from), inArray(events.status, ['published', 'cancelled'])];
  if (options.quartierId !== undefined) {
    conditions.push(
      inArray(events.id, db.select({ id: eventQuartiere.eventId }).from(eventQuartiere).where(eq(eventQuartiere.quartierId, options.quartierId))),
    );
  }
  if (options.organisationId !== undefined) conditions.push(eq(events.organisationId, options.organisationId));
  if (options.placeId !== undefined) {
    // An occurrence moved to another place by its exception belongs to that place, not the series' place.
    conditions.push(
      sql`coalesce((select ${eventExceptions.placeId} from ${eventExceptions} where ${eventExceptions.id} = ${eventOccurrences.exceptionId}), ${events.placeId}) = ${options.placeId}`,
    );
  }
  return db
    .select({
      occurrenceId: eventOccurrences.id,
      eventId: events.id,
      slug: events.slug,
      title: events.title,
      recurrenceLocal: eventOccurrences.recurrenceLocal,
      startsAt: eventOccurrences.startsAt,
      endsAt: eventOccurrences.endsAt,
      allDay: events.allDay,
      occurrenceStatus: eventOccurrences.status,
      eventStatus: events.status,
      placeName: places.name,
      locationName: events.locationName,
    })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .leftJoin(places, eq(places.id, events.placeId))
    .where(and(...conditions))
    .orderBy(asc(eventOccurrences.startsAt))
    .limit(options.limit)
    .all()
    .map(({ occurrenceStatus, eventStatus, ...row }) => ({
      ...row,
      cancelled: occurrenceStatus === 'cancelled' || eventStatus === 'cancelled',
    }));
}
