/** The choices the actor and offer forms offer: places with their Quartier, Quartiere, target groups, organisations. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { organisations, places, quartiere, targetGroups, offers, type Offer } from '../../../../db/schema';

export interface FormOptions {
  places: { id: number; name: string; quartierName: string }[];
  quartiere: { id: number; name: string }[];
  targetGroups: { id: number; name: string }[];
  organisations: { id: number; name: string }[];
}

export function loadFormOptions(db: Db): FormOptions {
  return {
    places: db
      .select({ id: places.id, name: places.name, quartierName: quartiere.name })
      .from(places)
      .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
      .orderBy(asc(quartiere.sortOrder), asc(places.name))
      .all(),
    quartiere: db.select({ id: quartiere.id, name: quartiere.name }).from(quartiere).orderBy(asc(quartiere.sortOrder), asc(quartiere.name)).all(),
    targetGroups: db.select({ id: targetGroups.id, name: targetGroups.name }).from(targetGroups).orderBy(asc(targetGroups.sortOrder)).all(),
    organisations: db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)).all(),
  };
}

/** Every offer of an actor for its maintainers, whatever its state. */
export function listActorOffers(db: Db, actorId: number): Offer[] {
  return db.select().from(offers).where(eq(offers.actorId, actorId)).orderBy(asc(offers.title)).all();
}
