/**
 * An offer's dates in the calendar, behind one switch. The simpler correct way is that the offer *owns* one event
 * series per schedule, written from the offer whenever it changes: the calendar, its feeds, the open-data API
 * and the iCal export then need no knowledge of offers at all, and they cannot disagree with the offer page
 * because both come from the same expansion (`offerOccurrences`): dates on which the place is closed or that
 * are public holidays become cancelled occurrences with the reason as their note. A place's new closure
 * reaches the series through `resyncOffersAtPlace` and the daily job.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull, notInArray } from 'drizzle-orm';
import type { Db } from '../db';
import {
  actors,
  categories,
  eventCategories,
  eventExceptions,
  eventQuartiere,
  events,
  eventTargetGroups,
  offerSchedules,
  offerTargetGroups,
  offers,
  places,
  type OfferType,
} from '../../../../db/schema';
import { expansionHorizon, syncOccurrences } from '../events/occurrences';
import { loadPlaceHours } from '../places';
import { shiftDate } from '../places/opening-hours';
import { slugify } from '../../slug';
import { berlinDate, localToInstant } from '../../time';
import { offerOccurrences, rruleOf, scheduleDates, specOf } from './schedules';

/** Calendar category of each offer type (the calendar's filter and feeds use categories). */
const categoryOfType: Record<OfferType, string | null> = {
  beratung: 'beratung-sprechstunde',
  treffpunkt: 'cafe-treffpunkt',
  kurs: 'bildung-schulung',
  bildung: 'bildung-schulung',
  kultur: 'kultur-film',
  alltagshilfe: null,
  sport: null,
  kinder_jugend: null,
};

function deleteSeries(db: Db, scheduleId: number, eventId: number): void {
  db.delete(events).where(eq(events.id, eventId)).run();
  db.update(offerSchedules).set({ eventId: null }).where(eq(offerSchedules.id, scheduleId)).run();
}

/** Brings the event series of one offer in line with it; call inside the transaction that changed the offer. */
export function syncOfferCalendar(db: Db, offerId: number, now: Date = new Date()): void {
  const offer = db.select().from(offers).where(eq(offers.id, offerId)).get();
  const rows = db.select().from(offerSchedules).where(eq(offerSchedules.offerId, offerId)).all();
  if (!offer) return;
  const today = berlinDate(now);
  const horizon = berlinDate(expansionHorizon(now));
  const active = offer.status === 'published' && offer.inCalendar && (offer.validUntil === null || offer.validUntil >= today);
  const actor = db.select().from(actors).where(eq(actors.id, offer.actorId)).get()!;
  const place =
    offer.placeId === null
      ? undefined
      : db.select({ id: places.id, holidayRegion: places.holidayRegion }).from(places).where(eq(places.id, offer.placeId)).get();
  const hours = place ? (loadPlaceHours(db, [place], shiftDate(today, -1)).get(place.id) ?? null) : null;
  for (const row of rows) {
    const schedule = specOf(row);
    const start = offer.validFrom && offer.validFrom > row.dtstart ? offer.validFrom : row.dtstart;
    const first = schedule ? scheduleDates(schedule, horizon).find((date) => date >= start) : undefined;
    if (!active || !schedule || !first) {
      if (row.eventId !== null) deleteSeries(db, row.id, row.eventId);
      continue;
    }
    const columns = {
      title: offer.title,
      description: [offer.description, offer.scheduleNote].filter(Boolean).join('\n\n'),
      startLocal: `${first}T${schedule.opensAt}`,
      endLocal: `${first}T${schedule.closesAt}`,
      allDay: false,
      rrule: rruleOf(schedule, offer.validUntil),
      placeId: offer.placeId,
      locationName: offer.placeId === null ? (offer.locationName ?? offer.street) : null,
      locationAddress: offer.placeId === null && offer.street ? `${offer.street}, ${offer.postalCode ?? ''} ${offer.city ?? ''}`.trim() : null,
      organisationId: actor.organisationId,
      organiserName: actor.name,
      contactEmail: offer.contactEmail ?? actor.email,
      contactPhone: offer.contactPhone ?? actor.phone,
      cost: offer.cost,
      isFree: offer.isFree,
      stepFree: offer.stepFree,
      accessibilityNotes: offer.accessibilityNotes,
      languages: offer.languages,
      status: 'published' as const,
    };
    const existing = row.eventId === null ? undefined : db.select().from(events).where(eq(events.id, row.eventId)).get();
    let eventId: number;
    if (existing) {
      const changed = (Object.keys(columns) as (keyof typeof columns)[]).some((key) => existing[key] !== columns[key]);
      if (changed)
        db.update(events)
          .set({ ...columns, slug: slugify(offer.title), sequence: existing.sequence + 1, updatedAt: now })
          .where(eq(events.id, existing.id))
          .run();
      eventId = existing.id;
    } else {
      eventId = db
        .insert(events)
        .values({
          ...columns,
          uid: `${randomUUID()}@quartiersportal`,
          slug: slugify(offer.title),
          firstStartsAt: localToInstant(columns.startLocal) ?? now,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: events.id })
        .get().id;
      db.update(offerSchedules).set({ eventId }).where(eq(offerSchedules.id, row.id)).run();
    }
    writeLinks(db, eventId, offer.quartierId, offer.type, offerId);
    writeCancellations(db, eventId, offerOccurrences([schedule], offer, hours, first, horizon), now);
    syncOccurrences(db, eventId, now);
  }
}

function writeLinks(db: Db, eventId: number, quartierId: number, type: OfferType, offerId: number): void {
  db.delete(eventQuartiere).where(eq(eventQuartiere.eventId, eventId)).run();
  db.insert(eventQuartiere).values({ eventId, quartierId }).run();
  db.delete(eventCategories).where(eq(eventCategories.eventId, eventId)).run();
  const slug = categoryOfType[type];
  const category = slug ? db.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug)).get() : undefined;
  if (category) db.insert(eventCategories).values({ eventId, categoryId: category.id }).run();
  db.delete(eventTargetGroups).where(eq(eventTargetGroups.eventId, eventId)).run();
  for (const group of db.select({ id: offerTargetGroups.targetGroupId }).from(offerTargetGroups).where(eq(offerTargetGroups.offerId, offerId)).all()) {
    db.insert(eventTargetGroups).values({ eventId, targetGroupId: group.id }).run();
  }
}

/** The series' cancelled occurrences are exactly the offer's cancelled dates, each with its reason as note. */
function writeCancellations(db: Db, eventId: number, occurrences: ReturnType<typeof offerOccurrences>, now: Date): void {
  const wanted = new Map<string, string>();
  for (const o of occurrences) {
    if (!o.cancelled) continue;
    wanted.set(`${o.date}T${o.opensAt}`, o.cancelled.kind === 'holiday' ? o.cancelled.name.de : o.cancelled.text);
  }
  const keys = [...wanted.keys()];
  db.delete(eventExceptions)
    .where(
      keys.length > 0 ? and(eq(eventExceptions.eventId, eventId), notInArray(eventExceptions.recurrenceLocal, keys)) : eq(eventExceptions.eventId, eventId),
    )
    .run();
  for (const [recurrenceLocal, note] of wanted) {
    db.insert(eventExceptions)
      .values({ eventId, recurrenceLocal, kind: 'cancelled', note, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [eventExceptions.eventId, eventExceptions.recurrenceLocal], set: { kind: 'cancelled', note } })
      .run();
  }
}

/** After a place's opening hours or closures changed: its calendar offers follow at once. */
export function resyncOffersAtPlace(db: Db, placeId: number, now: Date = new Date()): void {
  for (const o of db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.placeId, placeId), eq(offers.inCalendar, true)))
    .all())
    syncOfferCalendar(db, o.id, now);
}

/** The daily job: moves every calendar offer's horizon on and picks up closures and expiries. */
export function resyncAllOfferCalendars(db: Db, now: Date = new Date()): number {
  const ids = [
    ...new Set([
      ...db
        .select({ id: offers.id })
        .from(offers)
        .where(eq(offers.inCalendar, true))
        .all()
        .map((r) => r.id),
      ...db
        .select({ id: offerSchedules.offerId })
        .from(offerSchedules)
        .where(isNotNull(offerSchedules.eventId))
        .all()
        .map((r) => r.id),
    ]),
  ];
  for (const id of ids) db.transaction((tx) => syncOfferCalendar(tx, id, now));
  return ids.length;
}

/** The calendar series of an offer, for the link from the offer page. */
export function offerCalendarEvents(db: Db, offerId: number): { eventId: number; slug: string }[] {
  return db
    .select({ eventId: events.id, slug: events.slug })
    .from(offerSchedules)
    .innerJoin(events, eq(events.id, offerSchedules.eventId))
    .where(eq(offerSchedules.offerId, offerId))
    .all();
}
