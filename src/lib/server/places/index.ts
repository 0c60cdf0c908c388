import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { places, type Place } from '../../../../db/schema';

export function listPlacesInQuartier(db: Db, quartierId: number): Place[] {
  return db.select().from(places).where(eq(places.quartierId, quartierId)).orderBy(asc(places.name)).all();
}

export function getPlaceBySlug(db: Db, slug: string): Place | null {
  return db.select().from(places).where(eq(places.slug, slug)).get() ?? null;
}
