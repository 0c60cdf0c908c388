/**
 * Staff editing of places: details and accessibility facts, weekly opening hours (periods may run past
 * midnight: `closes` before `opens`), and dated exceptions (closed, or special hours). Every change checks by
 * itself that the actor is staff of the place's Quartier (or an admin) and is one transaction with its audit
 * entry; public pages and /api/places.json read the tables directly, so it shows at once.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { openingExceptions, openingHours, places, quartiere, type OpeningException, type OpeningHoursRule, type Place } from '../../../../db/schema';
import { recordAudit } from '../audit';
import { canManageQuartier, type Actor } from '../auth/permissions';
import { FormValidationError, ForbiddenError, NotFoundError, type FieldErrors } from '../errors';
import { isClockTime, isIsoDate } from '../../time';
import { isEmailAddress, isPhoneNumber } from '../../contact';
import { resyncOffersAtPlace } from '../offers/calendar';

/** The place form (or an opening period, a closure) has mistakes; every one is listed, each next to its field. */
export class PlaceValidationError extends FormValidationError {}

export interface PlaceFormInput {
  name?: string | null;
  description?: string | null;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  latitude?: string | null;
  longitude?: string | null;
  stepFree?: boolean;
  accessibleWc?: boolean;
  hearingLoop?: boolean;
  accessibilityNotes?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  hasOpeningHours?: boolean;
}

const text = (v: string | null | undefined): string => (v ?? '').trim();
const orNull = (v: string | null | undefined): string | null => text(v) || null;

export function getPlace(db: Db, placeId: number): Place | null {
  return db.select().from(places).where(eq(places.id, placeId)).get() ?? null;
}

/** Whether the user may edit this place: staff of its Quartier, or an admin. */
export function canManagePlace(db: Db, actor: Actor | null | undefined, place: Place): boolean {
  return canManageQuartier(db, actor, place.quartierId);
}

/** The place, if it exists and the actor may edit it; otherwise the refusal every change gives. */
export function requireManagedPlace(db: Db, actor: Actor, placeId: number): Place {
  const place = getPlace(db, placeId);
  if (!place) throw new NotFoundError();
  if (!canManagePlace(db, actor, place)) throw new ForbiddenError();
  return place;
}

function coordinate(raw: string, limit: number): number | null | 'invalid' {
  if (!raw) return null;
  const n = Number(raw.replace(',', '.'));
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : 'invalid';
}

export function placeToForm(place: Place): PlaceFormInput {
  return {
    name: place.name,
    description: place.description,
    street: place.street,
    postalCode: place.postalCode,
    city: place.city,
    latitude: place.latitude === null ? '' : String(place.latitude),
    longitude: place.longitude === null ? '' : String(place.longitude),
    stepFree: place.stepFree,
    accessibleWc: place.accessibleWc,
    hearingLoop: place.hearingLoop,
    accessibilityNotes: place.accessibilityNotes,
    contactName: place.contactName ?? '',
    contactEmail: place.contactEmail ?? '',
    contactPhone: place.contactPhone ?? '',
    hasOpeningHours: place.hasOpeningHours,
  };
}

/** Changes a place's details; the slug stays, because it is printed on flyers. */
export function updatePlace(db: Db, actor: Actor, placeId: number, input: PlaceFormInput): Place {
  const before = requireManagedPlace(db, actor, placeId);
  const errors: FieldErrors = {};
  const name = text(input.name);
  if (!name) errors.name = 'bo.err.placeNameRequired';
  else if (name.length > 150) errors.name = 'bo.err.tooLong';
  const street = text(input.street);
  if (!street) errors.street = 'bo.err.streetRequired';
  const postalCode = text(input.postalCode);
  if (!/^\d{5}$/.test(postalCode)) errors.postalCode = 'bo.err.postalCode';
  const city = text(input.city);
  if (!city) errors.city = 'bo.err.cityRequired';
  const latitude = coordinate(text(input.latitude), 90);
  const longitude = coordinate(text(input.longitude), 180);
  if (latitude === 'invalid') errors.latitude = 'bo.err.coordinate';
  if (longitude === 'invalid') errors.longitude = 'bo.err.coordinate';
  if ((latitude === null) !== (longitude === null) && !errors.latitude && !errors.longitude) errors.longitude = 'bo.err.coordinatePair';
  const description = text(input.description);
  const accessibilityNotes = text(input.accessibilityNotes);
  if (description.length > 5000) errors.description = 'bo.err.tooLong';
  if (accessibilityNotes.length > 5000) errors.accessibilityNotes = 'bo.err.tooLong';
  const contactEmail = orNull(input.contactEmail)?.toLowerCase() ?? null;
  if (contactEmail && !isEmailAddress(contactEmail)) errors.contactEmail = 'bo.err.emailInvalid';
  const contactPhone = orNull(input.contactPhone);
  if (contactPhone && !isPhoneNumber(contactPhone)) errors.contactPhone = 'bo.err.phoneInvalid';
  if (Object.keys(errors).length > 0 || latitude === 'invalid' || longitude === 'invalid') throw new PlaceValidationError(errors);
  const values = {
    name,
    description,
    street,
    postalCode,
    city,
    latitude,
    longitude,
    stepFree: input.stepFree === true,
    accessibleWc: input.accessibleWc === true,
    hearingLoop: input.hearingLoop === true,
    accessibilityNotes,
    contactName: orNull(input.contactName),
    contactEmail,
    contactPhone,
    hasOpeningHours: input.hasOpeningHours === true,
  };
  const changed = Object.keys(values).filter((key) => (before as Record<string, unknown>)[key] !== (values as Record<string, unknown>)[key]);
  return db.transaction((tx) => {
    const updated = tx.update(places).set(values).where(eq(places.id, placeId)).returning().get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'place.update',
      entityType: 'place',
      entityId: placeId,
      quartierId: before.quartierId,
      details: { changed },
    });
    return updated;
  });
}

export interface PeriodInput {
  weekday?: string | null;
  opens?: string | null;
  closes?: string | null;
  note?: string | null;
}

/** Adds a weekly opening period; `closes` before `opens` means it runs past midnight. */
export function addOpeningPeriod(db: Db, actor: Actor, placeId: number, input: PeriodInput): OpeningHoursRule {
  const place = requireManagedPlace(db, actor, placeId);
  const errors: FieldErrors = {};
  const weekday = Number(text(input.weekday));
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) errors.weekday = 'bo.err.weekday';
  const opens = text(input.opens);
  const closes = text(input.closes);
  if (!isClockTime(opens)) errors.opens = 'bo.err.timeInvalid';
  if (!isClockTime(closes)) errors.closes = 'bo.err.timeInvalid';
  else if (opens === closes) errors.closes = 'bo.err.periodEmpty';
  const note = text(input.note);
  if (note.length > 200) errors.note = 'bo.err.tooLong';
  if (Object.keys(errors).length > 0) throw new PlaceValidationError(errors);
  return db.transaction((tx) => {
    const row = tx.insert(openingHours).values({ placeId: place.id, weekday, opens, closes, note }).returning().get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'place.hours.add',
      entityType: 'place',
      entityId: place.id,
      quartierId: place.quartierId,
      details: { weekday, opens, closes, note },
    });
    return row;
  });
}

/** Removes a weekly period of this place; false when it has no such period (any more). */
export function removeOpeningPeriod(db: Db, actor: Actor, placeId: number, periodId: number): boolean {
  const place = requireManagedPlace(db, actor, placeId);
  return db.transaction((tx) => {
    const removed = tx
      .delete(openingHours)
      .where(and(eq(openingHours.id, periodId), eq(openingHours.placeId, place.id)))
      .returning()
      .get();
    if (!removed) return false;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'place.hours.remove',
      entityType: 'place',
      entityId: place.id,
      quartierId: place.quartierId,
      details: { weekday: removed.weekday, opens: removed.opens, closes: removed.closes },
    });
    return true;
  });
}

export interface ExceptionInput {
  dateFrom?: string | null;
  dateTo?: string | null;
  kind?: string | null;
  opens?: string | null;
  closes?: string | null;
  reason?: string | null;
}

/** A closure (holidays, training day) or special hours for a date range; wins over weekly hours and holidays. */
export function addOpeningException(db: Db, actor: Actor, placeId: number, input: ExceptionInput): OpeningException {
  const place = requireManagedPlace(db, actor, placeId);
  const errors: FieldErrors = {};
  const dateFrom = text(input.dateFrom);
  const dateTo = text(input.dateTo) || dateFrom;
  if (!isIsoDate(dateFrom)) errors.dateFrom = 'bo.err.dateInvalid';
  if (!isIsoDate(dateTo)) errors.dateTo = 'bo.err.dateInvalid';
  else if (!errors.dateFrom && dateTo < dateFrom) errors.dateTo = 'bo.err.dateToBeforeFrom';
  const kind = text(input.kind) === 'special_hours' ? 'special_hours' : text(input.kind) === 'closed' ? 'closed' : null;
  if (!kind) errors.kind = 'bo.err.exceptionKind';
  let opens: string | null = null;
  let closes: string | null = null;
  if (kind === 'special_hours') {
    opens = text(input.opens);
    closes = text(input.closes);
    if (!isClockTime(opens)) errors.opens = 'bo.err.timeInvalid';
    if (!isClockTime(closes)) errors.closes = 'bo.err.timeInvalid';
    else if (opens === closes) errors.closes = 'bo.err.periodEmpty';
  }
  const reason = text(input.reason);
  if (reason.length > 300) errors.reason = 'bo.err.tooLong';
  if (Object.keys(errors).length > 0 || !kind) throw new PlaceValidationError(errors);
  return db.transaction((tx) => {
    const row = tx.insert(openingExceptions).values({ placeId: place.id, dateFrom, dateTo, kind, opens, closes, reason }).returning().get();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'place.exception.add',
      entityType: 'place',
      entityId: place.id,
      quartierId: place.quartierId,
      details: { dateFrom, dateTo, kind, opens, closes, reason },
    });
    resyncOffersAtPlace(tx, place.id);
    return row;
  });
}

/** Removes a closure or special hours of this place; false when it has no such entry (any more). */
export function removeOpeningException(db: Db, actor: Actor, placeId: number, exceptionId: number): boolean {
  const place = requireManagedPlace(db, actor, placeId);
  return db.transaction((tx) => {
    const removed = tx
      .delete(openingExceptions)
      .where(and(eq(openingExceptions.id, exceptionId), eq(openingExceptions.placeId, place.id)))
      .returning()
      .get();
    if (!removed) return false;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'place.exception.remove',
      entityType: 'place',
      entityId: place.id,
      quartierId: place.quartierId,
      details: { dateFrom: removed.dateFrom, dateTo: removed.dateTo, kind: removed.kind },
    });
    resyncOffersAtPlace(tx, place.id);
    return true;
  });
}

export interface StaffPlaceRow {
  id: number;
  name: string;
  kind: Place['kind'];
  quartierName: string;
  hasOpeningHours: boolean;
}

export function listPlacesForStaff(db: Db, scope: number[] | 'all'): StaffPlaceRow[] {
  return db
    .select({ id: places.id, name: places.name, kind: places.kind, quartierName: quartiere.name, hasOpeningHours: places.hasOpeningHours })
    .from(places)
    .innerJoin(quartiere, eq(quartiere.id, places.quartierId))
    .where(scope === 'all' ? undefined : inArray(places.quartierId, scope))
    .orderBy(asc(quartiere.sortOrder), asc(places.name))
    .all();
}

/** Weekly periods and the exceptions that still matter (ending today or later). */
export function loadOpeningSchedule(db: Db, placeId: number, today: string): { periods: OpeningHoursRule[]; exceptions: OpeningException[] } {
  return {
    periods: db.select().from(openingHours).where(eq(openingHours.placeId, placeId)).orderBy(asc(openingHours.weekday), asc(openingHours.opens)).all(),
    exceptions: db
      .select()
      .from(openingExceptions)
      .where(eq(openingExceptions.placeId, placeId))
      .orderBy(asc(openingExceptions.dateFrom))
      .all()
      .filter((e) => e.dateTo >= today),
  };
}
