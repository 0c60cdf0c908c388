/**
 * Who a person without access to the rooms should turn to: the login page explains that rooms are for
 * registered organisations and names the Quartiersmanagement that can register one. For a room's own page that
 * is the room's Quartier; otherwise every Quartier that has rooms to book.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { places, quartiere, rooms, type Quartier } from '../../../../db/schema';
import { getRoomBySlugs } from './rooms';

const ROOMS_PATH = /^\/raeume(?:\/|$|\?)/;
const ROOM_PAGE = /^\/raeume\/([^/?#]+)\/([^/?#]+)/;

/** Whether a return path after login leads into the room booking. */
export function isRoomsPath(returnPath: string): boolean {
  return ROOMS_PATH.test(returnPath);
}

/** The Quartiere whose Quartiersmanagement gives an organisation access to the rooms behind `returnPath`. */
export function roomAccessContacts(db: Db, returnPath: string): Quartier[] {
  const page = ROOM_PAGE.exec(returnPath);
  const found = page && page[2] !== 'kalender' ? getRoomBySlugs(db, decodeURIComponent(page[1]!), decodeURIComponent(page[2]!)) : null;
  const quartierIds = found
    ? [found.place.quartierId]
    : db
        .selectDistinct({ id: places.quartierId })
        .from(rooms)
        .innerJoin(places, eq(places.id, rooms.placeId))
        .where(eq(rooms.active, true))
        .all()
        .map((r) => r.id);
  if (quartierIds.length === 0) return [];
  return db.select().from(quartiere).where(inArray(quartiere.id, quartierIds)).orderBy(asc(quartiere.sortOrder), asc(quartiere.name)).all();
}
