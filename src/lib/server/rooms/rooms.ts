/**
 * Rooms and their booking rules: reading for organisation members and staff, editing by staff of the
 * room's Quartier (every change audited).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { currentFeedToken } from '../feeds/feed-tokens';
import type { Db } from '../db';
import { organisations, places, quartiere, roomAllowedOrganisations, roomClosures, rooms, type Place, type Room } from '../../../../db/schema';
import { canManageQuartier, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { slugify } from '../../slug';
import { BookingForbiddenError, RoomNotFoundError, RoomRuleError, type RoomRuleViolation } from './errors';

/** No booking may be longer than this; it also bounds the overlap search (see booking-rules.ts). */
export const MAX_BOOKING_MINUTES = 24 * 60;

export interface RoomWithPlace {
  room: Room;
  place: Pick<Place, 'id' | 'slug' | 'name' | 'quartierId' | 'street' | 'postalCode' | 'city' | 'hasOpeningHours'>;
  quartierName: string;
}

const placeColumns = {
  id: places.id,
  slug: places.slug,
  name: places.name,
  quartierId: places.quartierId,
  street: places.street,
  postalCode: places.postalCode,
  city: places.city,
  hasOpeningHours: places.hasOpeningHours,
};

export function getRoom(db: Db, roomId: number): RoomWithPlace | null {
  const row = db
    .select({ room: rooms, place: placeColumns, quartierName: quartiere.name })
    .from(rooms)
    .innerJoin(places, eq(places.id, rooms.placeId))
    .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
    .where(eq(rooms.id, roomId))
    .get();
  return row ?? null;
}

export function getRoomBySlugs(db: Db, placeSlug: string, roomSlug: string): RoomWithPlace | null {
  const row = db
    .select({ room: rooms, place: placeColumns, quartierName: quartiere.name })
    .from(rooms)
    .innerJoin(places, eq(places.id, rooms.placeId))
    .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
    .where(and(eq(places.slug, placeSlug), eq(rooms.slug, roomSlug)))
    .get();
  return row ?? null;
}

/** Rooms, ordered by Quartier, place and name; `quartierIds` limits to those Quartiere; inactive rooms only when asked. */
export function listRooms(db: Db, options: { quartierIds?: number[] | 'all'; includeInactive?: boolean } = {}): RoomWithPlace[] {
  const ids = options.quartierIds ?? 'all';
  if (ids !== 'all' && ids.length === 0) return [];
  const conditions = [];
  if (ids !== 'all') conditions.push(inArray(places.quartierId, ids));
  if (!options.includeInactive) conditions.push(eq(rooms.active, true));
  return db
    .select({ room: rooms, place: placeColumns, quartierName: quartiere.name })
    .from(rooms)
    .innerJoin(places, eq(places.id, rooms.placeId))
    .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(quartiere.sortOrder), asc(quartiere.name), asc(places.name), asc(rooms.name))
    .all();
}

/** Organisation ids allowed to book the room; an empty list means every organisation may. */
export function listAllowedOrganisationIds(db: Db, roomId: number): number[] {
  return db
    .select({ id: roomAllowedOrganisations.organisationId })
    .from(roomAllowedOrganisations)
    .where(eq(roomAllowedOrganisations.roomId, roomId))
    .all()
    .map((r) => r.id);
}

export function isOrganisationAllowed(db: Db, roomId: number, organisationId: number): boolean {
  const allowed = listAllowedOrganisationIds(db, roomId);
  return allowed.length === 0 || allowed.includes(organisationId);
}

export function listOrganisations(db: Db): { id: number; name: string }[] {
  return db.select({ id: organisations.id, name: organisations.name }).from(organisations).orderBy(asc(organisations.name)).all();
}

export interface RoomClosure {
  id: number;
  startsAt: Date;
  endsAt: Date;
  reason: string;
}

export function listRoomClosures(db: Db, roomId: number, from?: Date): RoomClosure[] {
  return db
    .select({ id: roomClosures.id, startsAt: roomClosures.startsAt, endsAt: roomClosures.endsAt, reason: roomClosures.reason })
    .from(roomClosures)
    .where(eq(roomClosures.roomId, roomId))
    .orderBy(asc(roomClosures.startsAt))
    .all()
    .filter((c) => !from || c.endsAt > from);
}

export interface RoomSettings {
  name: string;
  description: string;
  capacity: number;
  equipment: string[];
  stepFree: boolean;
  photoPath: string | null;
  photoAlt: string | null;
  requiresApproval: boolean;
  /** Both null: the place's opening hours. */
  bookableFrom: string | null;
  bookableUntil: string | null;
  minMinutes: number;
  maxMinutes: number;
  leadTimeHours: number;
  maxAdvanceDays: number;
  bufferMinutes: number;
  cancelDeadlineHours: number;
  active: boolean;
  allowedOrganisationIds: number[];
}

/** Every rule the settings break, reported together. */
function validateSettings(settings: RoomSettings, place: Pick<Place, 'hasOpeningHours'>): void {
  const violations: RoomRuleViolation[] = [];
  if (settings.maxMinutes < settings.minMinutes) violations.push({ field: 'maxMinutes', code: 'max_below_min' });
  if (settings.maxMinutes > MAX_BOOKING_MINUTES) violations.push({ field: 'maxMinutes', code: 'max_too_long' });
  if ((settings.bookableFrom === null) !== (settings.bookableUntil === null)) violations.push({ field: 'bookableUntil', code: 'hours_pair' });
  if (settings.bookableFrom === null && settings.bookableUntil === null && !place.hasOpeningHours)
    violations.push({ field: 'bookableFrom', code: 'hours_required' });
  if (settings.photoPath && !settings.photoAlt?.trim()) violations.push({ field: 'photoAlt', code: 'alt_required' });
  if (violations.length > 0) throw new RoomRuleError(violations);
}

function settingsRow(settings: RoomSettings): Omit<typeof rooms.$inferInsert, 'placeId' | 'slug'> {
  return {
    name: settings.name.trim(),
    description: settings.description.trim(),
    capacity: settings.capacity,
    equipment: settings.equipment
      .map((e) => e.trim())
      .filter(Boolean)
      .join(','),
    stepFree: settings.stepFree,
    photoPath: settings.photoPath || null,
    photoAlt: settings.photoPath ? (settings.photoAlt?.trim() ?? null) : null,
    requiresApproval: settings.requiresApproval,
    bookableFrom: settings.bookableFrom,
    bookableUntil: settings.bookableUntil,
    minMinutes: settings.minMinutes,
    maxMinutes: settings.maxMinutes,
    leadTimeHours: settings.leadTimeHours,
    maxAdvanceDays: settings.maxAdvanceDays,
    bufferMinutes: settings.bufferMinutes,
    cancelDeadlineHours: settings.cancelDeadlineHours,
    active: settings.active,
  };
}

function replaceAllowedOrganisations(db: Db, roomId: number, organisationIds: number[]): void {
  db.delete(roomAllowedOrganisations).where(eq(roomAllowedOrganisations.roomId, roomId)).run();
  const unique = [...new Set(organisationIds)];
  if (unique.length === 0) return;
  const known = db.select({ id: organisations.id }).from(organisations).where(inArray(organisations.id, unique)).all();
  if (known.length !== unique.length) throw new RoomRuleError([{ field: 'allowedOrganisationIds', code: 'unknown_organisation' }]);
  db.insert(roomAllowedOrganisations)
    .values(unique.map((organisationId) => ({ roomId, organisationId })))
    .run();
}

/** Creates a room in a place; only staff of the place's Quartier. */
export function createRoom(db: Db, actor: Actor, placeId: number, settings: RoomSettings): Room {
  return db.transaction((tx) => {
    const place = tx.select().from(places).where(eq(places.id, placeId)).get();
    if (!place) throw new RoomNotFoundError();
    if (!canManageQuartier(tx, actor, place.quartierId)) throw new BookingForbiddenError();
    validateSettings(settings, place);
    const base = slugify(settings.name) || 'raum';
    let slug = base;
    for (
      let i = 2;
      tx
        .select({ id: rooms.id })
        .from(rooms)
        .where(and(eq(rooms.placeId, placeId), eq(rooms.slug, slug)))
        .get();
      i++
    ) {
      slug = `${base}-${i}`;
    }
    const room = tx
      .insert(rooms)
      .values({ ...settingsRow(settings), placeId, slug })
      .returning()
      .get();
    replaceAllowedOrganisations(tx, room.id, settings.allowedOrganisationIds);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'room.create',
      entityType: 'room',
      entityId: room.id,
      quartierId: place.quartierId,
      details: { name: room.name },
    });
    return room;
  });
}

/** Changes a room's description and rules; only staff of the room's Quartier. Existing bookings stay as they are. */
export function updateRoom(db: Db, actor: Actor, roomId: number, settings: RoomSettings): Room {
  return db.transaction((tx) => {
    const found = getRoom(tx, roomId);
    if (!found) throw new RoomNotFoundError();
    if (!canManageQuartier(tx, actor, found.place.quartierId)) throw new BookingForbiddenError();
    validateSettings(settings, found.place);
    const row = settingsRow(settings);
    const room = tx.update(rooms).set(row).where(eq(rooms.id, roomId)).returning().get();
    replaceAllowedOrganisations(tx, roomId, settings.allowedOrganisationIds);
    const changed = Object.fromEntries(Object.entries(row).filter(([key, value]) => String(found.room[key as keyof Room]) !== String(value)));
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'room.update',
      entityType: 'room',
      entityId: roomId,
      quartierId: found.place.quartierId,
      details: { changed, allowedOrganisationIds: settings.allowedOrganisationIds },
    });
    return room;
  });
}

export function addRoomClosure(db: Db, actor: Actor, roomId: number, closure: { startsAt: Date; endsAt: Date; reason: string }): RoomClosure {
  return db.transaction((tx) => {
    const found = getRoom(tx, roomId);
    if (!found) throw new RoomNotFoundError();
    if (!canManageQuartier(tx, actor, found.place.quartierId)) throw new BookingForbiddenError();
    if (closure.endsAt <= closure.startsAt) throw new RoomRuleError([{ field: 'closureUntil', code: 'end_before_start' }]);
    const row = tx
      .insert(roomClosures)
      .values({ roomId, startsAt: closure.startsAt, endsAt: closure.endsAt, reason: closure.reason.trim() })
      .returning({ id: roomClosures.id, startsAt: roomClosures.startsAt, endsAt: roomClosures.endsAt, reason: roomClosures.reason })
      .get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'room.closure.add',
      entityType: 'room',
      entityId: roomId,
      quartierId: found.place.quartierId,
      details: { closureId: row.id, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), reason: row.reason },
    });
    return row;
  });
}

export function removeRoomClosure(db: Db, actor: Actor, closureId: number): boolean {
  return db.transaction((tx) => {
    const closure = tx.select().from(roomClosures).where(eq(roomClosures.id, closureId)).get();
    if (!closure) return false;
    const found = getRoom(tx, closure.roomId);
    if (!found || !canManageQuartier(tx, actor, found.place.quartierId)) throw new BookingForbiddenError();
    tx.delete(roomClosures).where(eq(roomClosures.id, closureId)).run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'room.closure.remove',
      entityType: 'room',
      entityId: closure.roomId,
      quartierId: found.place.quartierId,
      details: { closureId, reason: closure.reason },
    });
    return true;
  });
}

/** Places in the given Quartiere (for creating rooms and the occupancy calendars). */
export function listPlacesIn(db: Db, quartierIds: number[] | 'all'): Pick<Place, 'id' | 'slug' | 'name' | 'quartierId' | 'hasOpeningHours'>[] {
  if (quartierIds !== 'all' && quartierIds.length === 0) return [];
  return db
    .select({ id: places.id, slug: places.slug, name: places.name, quartierId: places.quartierId, hasOpeningHours: places.hasOpeningHours })
    .from(places)
    .where(quartierIds === 'all' ? undefined : inArray(places.quartierId, quartierIds))
    .orderBy(asc(places.name))
    .all();
}

export type PlaceForRooms = Pick<Place, 'id' | 'slug' | 'name' | 'quartierId' | 'hasOpeningHours'> & {
  /** The secret of the place's booking feed address, to show it to staff (null: none, or one that cannot be shown). */
  bookingCalendarToken: string | null;
};

export function getPlaceBySlugForRooms(db: Db, slug: string): PlaceForRooms | null {
  const row = db
    .select({
      id: places.id,
      slug: places.slug,
      name: places.name,
      quartierId: places.quartierId,
      hasOpeningHours: places.hasOpeningHours,
      tokenHash: places.bookingCalendarTokenHash,
      tokenVersion: places.bookingCalendarTokenVersion,
    })
    .from(places)
    .where(eq(places.slug, slug))
    .get();
  if (!row) return null;
  const { tokenHash, tokenVersion, ...place } = row;
  return { ...place, bookingCalendarToken: currentFeedToken('place', place.id, tokenVersion, tokenHash) };
}
