/**
 * Regular offers of an actor: create, change, withdraw. Everyone who may keep the actor may keep its offers
 * (access.ts); a member's change goes live at once or waits for staff review, as the actor's setting says.
 * Every write re-checks the whole offer (schedule occurs, validity in order, inside the place's opening hours)
 * and keeps the offer's calendar series in step (calendar.ts).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { offerSchedules, offerTargetGroups, offers, places, type ActorRecord, type Offer, type OfferType } from '../../../../db/schema';
import { recordAudit } from '../audit';
import { DomainError, problem, type Problem } from '../errors';
import { loadPlaceHours } from '../places';
import { shiftDate } from '../places/opening-hours';
import { slugify } from '../../slug';
import { berlinDate } from '../../time';
import { requireActorAccess, requireOfferAccess, type ActorAccess, type User } from './access';
import { bydayOf, occursAtAll, specOf, weekdaysOutsideHours, type ScheduleSpec, type StoredSchedule } from './schedules';
import { checkAddress, checkLanguages, checkTargetGroups, checkValidity, isOfferType } from './validation';
import { refreshOfferSearchText } from './search-text';
import { syncOfferCalendar } from './calendar';
import type { SaveOutcome } from './actors';

/** How many schedules one offer may have ("Mo 10–12 und Do 15–17" needs two). */
export const MAX_SCHEDULES = 3;

export interface OfferInput {
  title: string;
  description: string;
  type: OfferType;
  /** Needed for an offer at an address; at a place the place's Quartier counts. */
  quartierId: number | null;
  targetGroupIds: number[];
  languages: string[];
  isFree: boolean;
  cost: string;
  registrationRequired: boolean;
  stepFree: boolean;
  accessibilityNotes: string;
  placeId: number | null;
  locationName: string | null;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  byAppointment: boolean;
  scheduleNote: string;
  schedules: ScheduleSpec[];
  validFrom: string | null;
  validUntil: string | null;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  inCalendar: boolean;
}

/**
 * All problems of an offer at once. `today` decides "occurs at all" and which opening hours count; the anchor
 * of each schedule is the offer's first day (or today), so "every second week" counts from there.
 */
export function checkOffer(db: Db, input: OfferInput, today: string): { quartierId: number; languages: string; schedules: StoredSchedule[] } {
  const problems: Problem[] = [];
  if (!isOfferType(input.type)) problems.push(problem('offers.error.type', { field: 'type' }));
  const languages = checkLanguages(input.languages, problems);
  checkTargetGroups(db, input.targetGroupIds, problems);
  checkValidity(input.validFrom, input.validUntil, problems);
  let quartierId = input.quartierId;
  const place = input.placeId === null ? null : (db.select().from(places).where(eq(places.id, input.placeId)).get() ?? null);
  if (input.placeId !== null && !place) problems.push(problem('offers.error.placeUnknown', { field: 'placeId' }));
  // At a place the place's address counts; the form's address fields (the city is prefilled) are ignored then.
  const hasAddress = input.placeId === null ? checkAddress(input, problems) : false;
  if (place) quartierId = place.quartierId;
  else if (!hasAddress && input.placeId === null) problems.push(problem('offers.error.whereMissing', { field: 'placeId' }));
  if (quartierId === null && !place) problems.push(problem('offers.error.quartierMissing', { field: 'quartierId' }));
  if (input.schedules.length > MAX_SCHEDULES) problems.push(problem('offers.error.tooManySchedules', { field: 's0_freq', params: { max: MAX_SCHEDULES } }));
  if (input.schedules.length === 0 && !input.byAppointment) problems.push(problem('offers.error.whenMissing', { field: 's0_freq' }));
  const anchor = input.validFrom ?? today;
  const schedules = input.schedules.map((spec) => ({ ...spec, dtstart: anchor }));
  const hours = place ? (loadPlaceHours(db, [place], shiftDate(today, -1)).get(place.id) ?? null) : null;
  schedules.forEach((schedule, index) => {
    const prefix = `s${index}_`;
    if (schedule.freq === 'weekly' && schedule.weekdays.length === 0) problems.push(problem('offers.error.weekdaysMissing', { field: `${prefix}days` }));
    if (schedule.closesAt <= schedule.opensAt) problems.push(problem('offers.error.closesBeforeOpens', { field: `${prefix}closesAt` }));
    if (place?.hasOpeningHours && hours) {
      const outside = weekdaysOutsideHours(schedule, hours.rules, input.validFrom && input.validFrom > today ? input.validFrom : today);
      if (outside.length > 0) problems.push(problem('offers.error.outsideOpeningHours', { field: `${prefix}opensAt`, params: { place: place.name } }));
    }
  });
  const schedulesOk =
    !problems.some((p) => p.field?.startsWith('s') && /^s\d_/.test(p.field)) && !problems.some((p) => p.field === 'validFrom' || p.field === 'validUntil');
  if (schedulesOk && schedules.length > 0 && !occursAtAll(schedules, input, hours, today)) {
    problems.push(problem('offers.error.neverOccurs', { field: 's0_freq' }));
  }
  if (problems.length > 0) throw new DomainError('invalid', problems);
  return { quartierId: quartierId!, languages, schedules };
}

function uniqueSlug(db: Db, actorId: number, title: string, exceptId?: number): string {
  const base = slugify(title);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    const row = db
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.actorId, actorId), eq(offers.slug, slug)))
      .get();
    if (!row || row.id === exceptId) return slug;
  }
}

function writeSchedules(db: Db, offerId: number, schedules: StoredSchedule[]): void {
  const before = db.select().from(offerSchedules).where(eq(offerSchedules.offerId, offerId)).all();
  const byPosition = new Map(before.map((s) => [s.position, s]));
  schedules.forEach((schedule, position) => {
    const old = byPosition.get(position);
    // An unchanged pattern keeps its anchor, so "every second week" does not jump when other fields change.
    const dtstart = old && old.byday === bydayOf(schedule) && old.interval === schedule.interval && old.freq === schedule.freq ? old.dtstart : schedule.dtstart;
    const columns = {
      freq: schedule.freq,
      interval: schedule.interval,
      byday: bydayOf(schedule),
      opensAt: schedule.opensAt,
      closesAt: schedule.closesAt,
      dtstart,
    };
    if (old) db.update(offerSchedules).set(columns).where(eq(offerSchedules.id, old.id)).run();
    else
      db.insert(offerSchedules)
        .values({ offerId, position, ...columns })
        .run();
  });
  for (const old of before) if (old.position >= schedules.length) db.delete(offerSchedules).where(eq(offerSchedules.id, old.id)).run();
}

/** Writes a checked offer without asking who; the demo seed, review and the functions below use it. */
export function writeOffer(db: Db, actor: ActorRecord, offerId: number | null, input: OfferInput, status: Offer['status'], now: Date): Offer {
  const { quartierId, languages, schedules } = checkOffer(db, input, berlinDate(now));
  const atPlace = input.placeId !== null;
  const columns = {
    title: input.title,
    description: input.description,
    type: input.type,
    quartierId,
    languages,
    isFree: input.isFree,
    cost: input.isFree ? '' : input.cost,
    registrationRequired: input.registrationRequired,
    stepFree: atPlace ? false : input.stepFree,
    accessibilityNotes: input.accessibilityNotes,
    placeId: input.placeId,
    locationName: atPlace ? null : input.locationName,
    street: atPlace ? null : input.street,
    postalCode: atPlace ? null : input.postalCode,
    city: atPlace ? null : input.city,
    byAppointment: input.byAppointment,
    scheduleNote: input.scheduleNote,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone,
    inCalendar: input.inCalendar && schedules.length > 0,
    status,
    checkedAt: now,
    pendingChanges: null,
    pendingBy: null,
    pendingAt: null,
    updatedAt: now,
  };
  const offer =
    offerId === null
      ? db
          .insert(offers)
          .values({ ...columns, actorId: actor.id, slug: uniqueSlug(db, actor.id, input.title), createdAt: now })
          .returning()
          .get()
      : db
          .update(offers)
          .set({ ...columns, slug: uniqueSlug(db, actor.id, input.title, offerId) })
          .where(eq(offers.id, offerId))
          .returning()
          .get();
  db.delete(offerTargetGroups).where(eq(offerTargetGroups.offerId, offer.id)).run();
  for (const targetGroupId of new Set(input.targetGroupIds)) db.insert(offerTargetGroups).values({ offerId: offer.id, targetGroupId }).run();
  writeSchedules(db, offer.id, schedules);
  refreshOfferSearchText(db, { offerId: offer.id });
  syncOfferCalendar(db, offer.id, now);
  return db.select().from(offers).where(eq(offers.id, offer.id)).get()!;
}

function reviewed(access: ActorAccess, actor: ActorRecord): boolean {
  return access === 'member' && actor.reviewMemberChanges;
}

/** A new offer of an actor; with review on, a member's new offer waits (status pending) until staff publish it. */
export function createOffer(db: Db, user: User, actorId: number, input: OfferInput, now: Date = new Date()): { offer: Offer; outcome: SaveOutcome } {
  return db.transaction((tx) => {
    const { actor, access } = requireActorAccess(tx, user, actorId);
    const pending = reviewed(access, actor);
    const offer = writeOffer(tx, actor, null, input, pending ? 'pending' : 'published', now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'offer.create',
      entityType: 'offer',
      entityId: offer.id,
      quartierId: offer.quartierId,
      details: { title: offer.title, status: offer.status },
    });
    return { offer, outcome: pending ? 'pending' : 'saved' };
  });
}

/** Changes an offer; a reviewed member's change to a public offer is kept aside while the public one stays. */
export function updateOffer(db: Db, user: User, offerId: number, input: OfferInput, now: Date = new Date()): SaveOutcome {
  return db.transaction((tx) => {
    const { offer, actor, access } = requireOfferAccess(tx, user, offerId);
    if (reviewed(access, actor) && offer.status === 'published') {
      checkOffer(tx, input, berlinDate(now));
      tx.update(offers)
        .set({ pendingChanges: JSON.stringify(input), pendingBy: user.id, pendingAt: now })
        .where(eq(offers.id, offerId))
        .run();
      recordAudit(tx, { actorUserId: user.id, action: 'offer.propose', entityType: 'offer', entityId: offerId, quartierId: offer.quartierId });
      return 'pending';
    }
    const status = offer.status === 'withdrawn' ? (reviewed(access, actor) ? 'pending' : 'published') : offer.status;
    writeOffer(tx, actor, offerId, input, status, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'offer.update',
      entityType: 'offer',
      entityId: offerId,
      quartierId: offer.quartierId,
      details: { title: input.title, by: access },
    });
    return status === 'pending' ? 'pending' : 'saved';
  });
}

/** Takes an offer off the portal (it ended); its calendar series goes with it. */
export function withdrawOffer(db: Db, user: User, offerId: number, now: Date = new Date()): void {
  db.transaction((tx) => {
    const { offer } = requireOfferAccess(tx, user, offerId);
    tx.update(offers).set({ status: 'withdrawn', pendingChanges: null, pendingBy: null, pendingAt: null, updatedAt: now }).where(eq(offers.id, offerId)).run();
    syncOfferCalendar(tx, offerId, now);
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'offer.withdraw',
      entityType: 'offer',
      entityId: offerId,
      quartierId: offer.quartierId,
      details: { title: offer.title },
    });
  });
}

export function getOffer(db: Db, id: number): Offer | null {
  return db.select().from(offers).where(eq(offers.id, id)).get() ?? null;
}

export function loadSchedules(db: Db, offerId: number): StoredSchedule[] {
  return db
    .select()
    .from(offerSchedules)
    .where(eq(offerSchedules.offerId, offerId))
    .orderBy(asc(offerSchedules.position))
    .all()
    .map(specOf)
    .filter((s): s is StoredSchedule => s !== null);
}

export function offerTargetGroupIds(db: Db, offerId: number): number[] {
  return db
    .select({ id: offerTargetGroups.targetGroupId })
    .from(offerTargetGroups)
    .where(eq(offerTargetGroups.offerId, offerId))
    .all()
    .map((r) => r.id);
}

/** The form's values of a stored offer (or of its pending change, which the member sees while it waits). */
export function offerInputOf(db: Db, offer: Offer): OfferInput {
  if (offer.pendingChanges) return JSON.parse(offer.pendingChanges) as OfferInput;
  return {
    title: offer.title,
    description: offer.description,
    type: offer.type,
    quartierId: offer.quartierId,
    targetGroupIds: offerTargetGroupIds(db, offer.id),
    languages: offer.languages.split(',').filter(Boolean),
    isFree: offer.isFree,
    cost: offer.cost,
    registrationRequired: offer.registrationRequired,
    stepFree: offer.stepFree,
    accessibilityNotes: offer.accessibilityNotes,
    placeId: offer.placeId,
    locationName: offer.locationName,
    street: offer.street,
    postalCode: offer.postalCode,
    city: offer.city,
    byAppointment: offer.byAppointment,
    scheduleNote: offer.scheduleNote,
    schedules: loadSchedules(db, offer.id).map(({ dtstart: _anchor, ...spec }) => spec as ScheduleSpec),
    validFrom: offer.validFrom,
    validUntil: offer.validUntil,
    contactName: offer.contactName,
    contactEmail: offer.contactEmail,
    contactPhone: offer.contactPhone,
    inCalendar: offer.inCalendar,
  };
}
