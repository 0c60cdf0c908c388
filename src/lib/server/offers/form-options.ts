/** The choices the actor and offer forms offer: the same places, Quartiere, target groups and organisations as the event form. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { offers, type Offer } from '../../../../db/schema';
import { loadEventFormOptions } from '../events/staff-queries';

export interface FormOptions {
  places: { id: number; name: string; quartierName: string }[];
  quartiere: { id: number; name: string }[];
  targetGroups: { id: number; name: string }[];
  organisations: { id: number; name: string }[];
}

export function loadFormOptions(db: Db): FormOptions {
  const { places, quartiere, targetGroups, organisations } = loadEventFormOptions(db, 'all');
  return { places, quartiere, targetGroups, organisations };
}

/** Every offer of an actor for its maintainers, whatever its state. */
export function listActorOffers(db: Db, actorId: number): Offer[] {
  return db.select().from(offers).where(eq(offers.actorId, actorId)).orderBy(asc(offers.title)).all();
}
