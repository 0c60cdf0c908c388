/**
 * The one-click choices on a place's conflict list, on a real SQLite file with the demo city: a closure is added on
 * a day something is planned, then staff cancel it (those concerned get a mail) or keep it (recorded and audited).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq, gt, inArray, isNotNull } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { addOpeningException } from '../../src/lib/server/places/editing';
import { listClosureConflicts } from '../../src/lib/server/places/closure-conflicts';
import { isOccurrenceKept } from '../../src/lib/server/places/closure-keeps';
import { cancelForClosure, keepDespiteClosure } from '../../src/lib/server/places/closure-choices';
import { registerForOccurrence } from '../../src/lib/server/registrations/events';
import { berlinDate } from '../../src/lib/time';
import { userByEmail } from '../backoffice/fixtures';
import { listOccurrences } from '../../src/lib/server/events/listing';
import { parseEventFilter, resolveEventFilter } from '../../src/lib/server/events/filters';
import { describeOccurrence, getPublicEvent } from '../../src/lib/server/events/details';

const now = new Date('2026-11-23T10:00:00Z');
const ctx = { baseUrl: 'https://quartier.example', locale: 'de' as const };
let db: DbConnection;
afterEach(() => db?.$client.close());

function krayPlaceIds(): number[] {
  const kray = db.select().from(s.quartiere).where(eq(s.quartiere.slug, 'kray')).get()!;
  return db
    .select({ id: s.places.id })
    .from(s.places)
    .where(eq(s.places.quartierId, kray.id))
    .all()
    .map((p) => p.id);
}

/** A future occurrence in Kray of an event with registration, and the place it is held at. */
function registrableOccurrence(): { occurrence: s.EventOccurrence; event: s.Event; placeId: number } {
  const row = db
    .select({ occurrence: s.eventOccurrences, event: s.events })
    .from(s.eventOccurrences)
    .innerJoin(s.events, eq(s.events.id, s.eventOccurrences.eventId))
    .where(
      and(
        eq(s.events.status, 'published'),
        eq(s.events.registrationRequired, true),
        isNotNull(s.events.capacity),
        inArray(s.events.placeId, krayPlaceIds()),
        eq(s.eventOccurrences.status, 'scheduled'),
        gt(s.eventOccurrences.startsAt, new Date(now.getTime() + 7 * 86_400_000)),
      ),
    )
    .orderBy(s.eventOccurrences.startsAt)
    .get()!;
  return { ...row, placeId: row.event.placeId! };
}

function closeOn(placeId: number, day: string, reason: string): void {
  addOpeningException(db, userByEmail(db, 'kray@example.org'), placeId, { dateFrom: day, kind: 'closed', reason });
}

describe('choices on the conflict list', () => {
  it('cancels an event date with the closure as its note and mails everyone registered, then lists it no more', async () => {
    ({ db } = await demoDb(now));
    const { occurrence, event, placeId } = registrableOccurrence();
    const member = userByEmail(db, 'bewohnerin@example.org');
    registerForOccurrence(db, { occurrenceId: occurrence.id, user: member, name: member.displayName, email: member.email, places: 1 }, { ...ctx, now });
    closeOn(placeId, berlinDate(occurrence.startsAt), 'Wasserschaden');
    const staff = userByEmail(db, 'kray@example.org');

    const result = cancelForClosure(db, staff, { placeId, kind: 'occurrence', id: occurrence.id }, ctx, now);

    expect(result.notified).toBeGreaterThanOrEqual(1);
    const exception = db
      .select()
      .from(s.eventExceptions)
      .where(and(eq(s.eventExceptions.eventId, event.id), eq(s.eventExceptions.recurrenceLocal, occurrence.recurrenceLocal)))
      .get()!;
    expect({ kind: exception.kind, note: exception.note }).toEqual({ kind: 'cancelled', note: 'Wasserschaden' });
    const mail = db
      .select()
      .from(s.outbox)
      .where(and(eq(s.outbox.toAddress, member.email), eq(s.outbox.kind, 'registration-occurrence-cancelled')))
      .get()!;
    expect(mail.subject).toBe(`Fällt aus: ${event.title}`);
    expect(mail.textBody).toContain('fällt aus: Wasserschaden');
    const today = berlinDate(now);
    expect(listClosureConflicts(db, placeId, today, '2027-12-31').some((c) => c.kind === 'occurrence' && c.id === occurrence.id)).toBe(false);
    // A second click on the same (now stale) form changes nothing and says why.
    expect(() => cancelForClosure(db, staff, { placeId, kind: 'occurrence', id: occurrence.id }, ctx, now)).toThrow(/bo.place.choice.gone/);
  });

  it('keeps an event date despite the closure: recorded with who chose it, shown as kept, not kept twice', async () => {
    ({ db } = await demoDb(now));
    const { occurrence, event, placeId } = registrableOccurrence();
    closeOn(placeId, berlinDate(occurrence.startsAt), 'Weihnachtspause');
    const staff = userByEmail(db, 'kray@example.org');
    expect(isOccurrenceKept(db, event.id, occurrence.recurrenceLocal)).toBe(false);

    keepDespiteClosure(db, staff, { placeId, kind: 'occurrence', id: occurrence.id }, now);

    expect(isOccurrenceKept(db, event.id, occurrence.recurrenceLocal)).toBe(true);
    const listed = listClosureConflicts(db, placeId, berlinDate(now), '2027-12-31').find((c) => c.kind === 'occurrence' && c.id === occurrence.id)!;
    expect(listed.kept).toBe(true);
    // The same record and audit code as a date kept while saving the event at a closed time.
    const audit = db
      .select()
      .from(s.auditLog)
      .where(inArray(s.auditLog.action, ['place.closure.keep', 'event.closure.keep']))
      .all();
    expect(audit.map((a) => ({ action: a.action, actor: a.actorUserId, entity: a.entityType, id: a.entityId, details: JSON.parse(a.details) }))).toEqual([
      { action: 'event.closure.keep', actor: staff.id, entity: 'event', id: String(event.id), details: { dates: [occurrence.recurrenceLocal] } },
    ]);
    // The date itself is unchanged: still planned, no exception written.
    expect(db.select().from(s.eventOccurrences).where(eq(s.eventOccurrences.id, occurrence.id)).get()!.status).toBe('scheduled');
    expect(() => keepDespiteClosure(db, staff, { placeId, kind: 'occurrence', id: occurrence.id }, now)).toThrow(/bo.place.choice.alreadyKept/);
  });

  it('marks only the kept date as taking place despite the closure, in the calendar list and on the event page', async () => {
    ({ db } = await demoDb(now));
    const { occurrence, event, placeId } = registrableOccurrence();
    closeOn(placeId, berlinDate(occurrence.startsAt), 'Weihnachtspause');
    const marks = (): Map<number, boolean> =>
      new Map(
        listOccurrences(db, { filter: resolveEventFilter(db, parseEventFilter(new URLSearchParams())), from: now, limit: 500 })
          .items.filter((o) => o.eventId === event.id)
          .map((o) => [o.occurrenceId, o.keptDespiteClosure]),
      );
    expect([...marks().values()].some(Boolean)).toBe(false);
    keepDespiteClosure(db, userByEmail(db, 'kray@example.org'), { placeId, kind: 'occurrence', id: occurrence.id }, now);
    const after = marks();
    expect(after.get(occurrence.id)).toBe(true);
    expect([...after.entries()].filter(([, kept]) => kept).map(([id]) => id)).toEqual([occurrence.id]);
    const details = getPublicEvent(db, event.id)!;
    expect(describeOccurrence(details, occurrence).keptDespiteClosure).toBe(true);
  });

  it('cancels a room booking through the booking’s own cancellation, which mails the requester', async () => {
    ({ db } = await demoDb(now));
    const row = db
      .select({ booking: s.bookings, room: s.rooms })
      .from(s.bookings)
      .innerJoin(s.rooms, eq(s.rooms.id, s.bookings.roomId))
      .where(and(inArray(s.rooms.placeId, krayPlaceIds()), eq(s.bookings.status, 'confirmed'), gt(s.bookings.startsAt, now), isNotNull(s.bookings.requestedBy)))
      .orderBy(s.bookings.startsAt)
      .get()!;
    closeOn(row.room.placeId, berlinDate(row.booking.startsAt), 'Heizungsausfall');
    const before = db.select().from(s.outbox).all().length;

    cancelForClosure(db, userByEmail(db, 'kray@example.org'), { placeId: row.room.placeId, kind: 'booking', id: row.booking.id }, ctx, now);

    const booking = db.select().from(s.bookings).where(eq(s.bookings.id, row.booking.id)).get()!;
    expect({ status: booking.status, reason: booking.statusReason }).toEqual({ status: 'cancelled', reason: 'Heizungsausfall' });
    const requester = db.select().from(s.users).where(eq(s.users.id, row.booking.requestedBy!)).get()!;
    const mails = db.select().from(s.outbox).all().slice(before);
    expect(mails.some((m) => m.toAddress === requester.email && m.textBody.includes('Heizungsausfall'))).toBe(true);
  });

  it('keeps a volunteer date; volunteer dates cannot be cancelled from the list', async () => {
    ({ db } = await demoDb(now));
    const slot = db
      .select()
      .from(s.volunteerSlots)
      .where(and(inArray(s.volunteerSlots.placeId, krayPlaceIds()), gt(s.volunteerSlots.startsAt, now)))
      .orderBy(s.volunteerSlots.startsAt)
      .get()!;
    closeOn(slot.placeId!, berlinDate(slot.startsAt), 'Renovierung');
    const staff = userByEmail(db, 'kray@example.org');
    expect(() => cancelForClosure(db, staff, { placeId: slot.placeId!, kind: 'slot', id: slot.id }, ctx, now)).toThrow(/bo.place.choice.slotNoCancel/);
    keepDespiteClosure(db, staff, { placeId: slot.placeId!, kind: 'slot', id: slot.id }, now);
    expect(db.select().from(s.closureKeeps).where(eq(s.closureKeeps.slotId, slot.id)).get()!.keptBy).toBe(staff.id);
  });

  it('refuses staff of another Quartier and organisation members, changing nothing', async () => {
    ({ db } = await demoDb(now));
    const { occurrence, placeId } = registrableOccurrence();
    closeOn(placeId, berlinDate(occurrence.startsAt), 'Wasserschaden');
    for (const email of ['frohnhausen@example.org', 'verein@example.org', 'bewohnerin@example.org']) {
      const actor = userByEmail(db, email);
      expect(() => keepDespiteClosure(db, actor, { placeId, kind: 'occurrence', id: occurrence.id }, now)).toThrow(/forbidden/);
      expect(() => cancelForClosure(db, actor, { placeId, kind: 'occurrence', id: occurrence.id }, ctx, now)).toThrow(/forbidden/);
    }
    expect(db.select().from(s.closureKeeps).all()).toEqual([]);
    expect(db.select().from(s.eventOccurrences).where(eq(s.eventOccurrences.id, occurrence.id)).get()!.status).toBe('scheduled');
  });
});
