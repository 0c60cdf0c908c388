import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { openingExceptions, openingHours, places, quartiere, type Place, type Quartier } from '../../../../db/schema';
import { berlinDate } from '../../time';
import { isOpenAt, shiftDate, type PlaceHours } from './opening-hours';

export function listPlacesInQuartier(db: Db, quartierId: number): Place[] {
  return db.select().from(places).where(eq(places.quartierId, quartierId)).orderBy(asc(places.name)).all();
}

export function getPlaceBySlug(db: Db, slug: string): Place | null {
  return db.select().from(places).where(eq(places.slug, slug)).get() ?? null;
}

export interface PlaceWithQuartier {
  place: Place;
  quartier: Quartier;
}

/** All places with their Quartier, in the Quartiere's order and then by name; optionally one Quartier only. */
export function listPlacesWithQuartier(db: Db, options: { quartierId?: number } = {}): PlaceWithQuartier[] {
  return db
    .select({ place: places, quartier: quartiere })
    .from(places)
    .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
    .where(options.quartierId === undefined ? undefined : eq(places.quartierId, options.quartierId))
    .orderBy(asc(quartiere.sortOrder), asc(quartiere.name), asc(places.name))
    .all();
}

/** A place and its Quartier by the place's slug, or null. */
export function getPlaceWithQuartier(db: Db, slug: string): PlaceWithQuartier | null {
  return (
    db
      .select({ place: places, quartier: quartiere })
      .from(places)
      .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
      .where(eq(places.slug, slug))
      .get() ?? null
  );
}

/**
 * Opening-hours data of several places in two queries. Exceptions that ended before `sinceDate`
 * (`YYYY-MM-DD`) are left out: they accumulate over the years and no longer matter.
 */
export function loadPlaceHours(db: Db, placeList: Pick<Place, 'id' | 'holidayRegion'>[], sinceDate: string): Map<number, PlaceHours> {
  const result = new Map<number, PlaceHours>();
  if (placeList.length === 0) return result;
  for (const p of placeList) result.set(p.id, { rules: [], exceptions: [], holidayRegion: p.holidayRegion });
  const ids = placeList.map((p) => p.id);
  const rules = db.select().from(openingHours).where(inArray(openingHours.placeId, ids)).orderBy(asc(openingHours.weekday), asc(openingHours.opens)).all();
  for (const rule of rules) result.get(rule.placeId)?.rules.push(rule);
  const exceptions = db
    .select()
    .from(openingExceptions)
    .where(and(inArray(openingExceptions.placeId, ids), gte(openingExceptions.dateTo, sinceDate)))
    .orderBy(asc(openingExceptions.dateFrom), asc(openingExceptions.id))
    .all();
  for (const e of exceptions) result.get(e.placeId)?.exceptions.push(e);
  return result;
}

/** Opening-hours data of one place, or null if there is no such place. */
export function getPlaceHours(db: Db, placeId: number, sinceDate: string): PlaceHours | null {
  const place = db.select({ id: places.id, holidayRegion: places.holidayRegion }).from(places).where(eq(places.id, placeId)).get();
  if (!place) return null;
  return loadPlaceHours(db, [place], sinceDate).get(place.id) ?? null;
}

/** Whether a place is open at an instant; null if there is no such place. */
export function isPlaceOpenAt(db: Db, placeId: number, instant: Date): boolean | null {
  const hours = getPlaceHours(db, placeId, shiftDate(berlinDate(instant), -1));
  return hours ? isOpenAt(hours, instant) : null;
}
