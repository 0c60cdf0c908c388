/** Everything an offer page (and its JSON-LD) shows about one offer, read in a few queries. */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import {
  actors,
  offerTargetGroups,
  offers,
  places,
  quartiere,
  targetGroups,
  type ActorRecord,
  type Offer,
  type Place,
  type Quartier,
  type TargetGroup,
} from '../../../../db/schema';
import { loadPlaceHours } from '../places';
import type { PlaceHours } from '../places/opening-hours';
import { shiftDate } from '../places/opening-hours';
import { berlinDate } from '../../time';
import { loadSchedules } from './offers';
import type { StoredSchedule } from './schedules';
import { visibleCondition } from './search';
import { and } from 'drizzle-orm';

export interface OfferDetails {
  offer: Offer;
  actor: ActorRecord;
  quartier: Quartier;
  place: Place | null;
  hours: PlaceHours | null;
  targetGroups: TargetGroup[];
  schedules: StoredSchedule[];
}

/** A public offer by id, or null when there is none or it is not public (pending, withdrawn, ended). */
export function getPublicOfferDetails(db: Db, offerId: number, now: Date = new Date()): OfferDetails | null {
  const offer = db
    .select()
    .from(offers)
    .where(and(eq(offers.id, offerId), visibleCondition(berlinDate(now))))
    .get();
  if (!offer) return null;
  const actor = db.select().from(actors).where(eq(actors.id, offer.actorId)).get()!;
  const quartier = db.select().from(quartiere).where(eq(quartiere.id, offer.quartierId)).get()!;
  const place = offer.placeId === null ? null : (db.select().from(places).where(eq(places.id, offer.placeId)).get() ?? null);
  const hours = place ? (loadPlaceHours(db, [place], shiftDate(berlinDate(now), -1)).get(place.id) ?? null) : null;
  const groupIds = db
    .select({ id: offerTargetGroups.targetGroupId })
    .from(offerTargetGroups)
    .where(eq(offerTargetGroups.offerId, offer.id))
    .all()
    .map((r) => r.id);
  const groups = groupIds.length === 0 ? [] : db.select().from(targetGroups).where(inArray(targetGroups.id, groupIds)).all();
  return { offer, actor, quartier, place, hours, targetGroups: groups, schedules: loadSchedules(db, offer.id) };
}

/** OpenStreetMap link for an address or coordinates: the portal shows no map itself unless the operator sets one up. */
export function osmLink(where: { latitude?: number | null; longitude?: number | null; street: string; postalCode: string; city: string }): string {
  if (typeof where.latitude === 'number' && typeof where.longitude === 'number') {
    return `https://www.openstreetmap.org/?mlat=${where.latitude}&mlon=${where.longitude}#map=18/${where.latitude}/${where.longitude}`;
  }
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${where.street}, ${where.postalCode} ${where.city}`)}`;
}
