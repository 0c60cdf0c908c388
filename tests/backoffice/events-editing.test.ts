import { beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { auditLog, eventExceptions, eventOccurrences, events } from '../../db/schema';
import { cancelEvent, createEvent, deleteEvent, getEvent, getEventLinks, publishEvent, updateEvent } from '../../src/lib/server/events/commands';
import { cancelOccurrence, moveOccurrence, restoreOccurrence } from '../../src/lib/server/events/occurrence-exceptions';
import { listEventsForStaff, listUpcomingChanges } from '../../src/lib/server/events/staff-queries';
import { eventToForm } from '../../src/lib/server/events/event-form';
import { EventValidationError } from '../../src/lib/server/events/errors';
import { ForbiddenError, NotFoundError } from '../../src/lib/server/errors';
import { instantToLocal } from '../../src/lib/time';
import { demoDb } from '../helpers/db';
import { idOf, krayEventForm, userByEmail } from './fixtures';

const NOW = new Date('2027-03-01T09:00:00Z');

function occurrencesOf(db: DbConnection, eventId: number) {
  return db.select().from(eventOccurrences).where(eq(eventOccurrences.eventId, eventId)).orderBy(eventOccurrences.startsAt).all();
}

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof EventValidationError) return error.fields as Record<string, string>;
    throw error;
  }
  throw new Error('expected a validation error');
}

const countEvents = (db: DbConnection): number =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(events)
    .get()!.n;

describe('staff editing events', () => {
  let db: DbConnection;
  beforeEach(async () => {
    ({ db } = await demoDb(NOW));
  });

  it('creates a weekly series on two weekdays that keeps 15:00 across the change to summer time', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(db, staff, krayEventForm(db, { repeat: 'weekly', weekdays: ['TU', 'TH'], interval: '1', ends: 'count', count: '6' }), true, NOW);
    expect(event.status).toBe('published');
    expect(event.rrule).toBe('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6');
    expect(event.startLocal).toBe('2027-03-16T15:00');
    const occurrences = occurrencesOf(db, event.id);
    expect(occurrences.map((o) => instantToLocal(o.startsAt))).toEqual([
      '2027-03-16T15:00',
      '2027-03-18T15:00',
      '2027-03-23T15:00',
      '2027-03-25T15:00',
      '2027-03-30T15:00',
      '2027-04-01T15:00',
    ]);
    // 15:00 Berlin is 14:00 UTC before the change on 28 March and 13:00 UTC after it.
    expect(occurrences[0]!.startsAt.toISOString()).toBe('2027-03-16T14:00:00.000Z');
    expect(occurrences[4]!.startsAt.toISOString()).toBe('2027-03-30T13:00:00.000Z');
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'event.create'), eq(auditLog.entityId, String(event.id))))
      .get();
    expect(audit?.actorUserId).toBe(staff.id);
    expect(audit?.quartierId).toBe(idOf.quartier(db, 'kray'));
  });

  it('creates a monthly series on the last Friday, ending on a date', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(
      db,
      staff,
      krayEventForm(db, { startDate: '2027-03-26', repeat: 'monthly', monthWeek: '-1', monthWeekday: 'FR', ends: 'until', until: '2027-06-30' }),
      false,
      NOW,
    );
    expect(event.status).toBe('draft');
    expect(occurrencesOf(db, event.id).map((o) => o.recurrenceLocal)).toEqual(['2027-03-26T15:00', '2027-04-30T15:00', '2027-05-28T15:00', '2027-06-25T15:00']);
  });

  it.each<[string, Parameters<typeof krayEventForm>[1], Record<string, string>]>([
    ['an end before the start', { endTime: '14:00' }, { endTime: 'bo.err.endBeforeStart' }],
    ['an unknown place', { placeId: '99999' }, { placeId: 'bo.err.placeUnknown' }],
    ['no place at all', { placeId: '', locationName: '' }, { placeId: 'bo.err.placeRequired' }],
    ['a first date outside the series', { repeat: 'weekly', weekdays: ['WE'], count: '4' }, { startDate: 'bo.err.startNotInSeries' }],
    ['a series ending before it starts', { repeat: 'weekly', weekdays: ['TU'], ends: 'until', until: '2027-03-01' }, { until: 'bo.err.untilBeforeStart' }],
    ['a weekly series without weekdays', { repeat: 'weekly', weekdays: [], count: '4' }, { weekdays: 'bo.err.weekdays' }],
    ['an impossible date', { startDate: '2027-02-30' }, { startDate: 'bo.err.dateInvalid' }],
    ['a cost missing when not free', { isFree: false, cost: '' }, { cost: 'bo.err.costRequired' }],
    ['registration without places', { registrationRequired: true, capacity: '' }, { capacity: 'bo.err.capacityRequired' }],
    ['a broken e-mail address', { contactEmail: 'kein-at-zeichen' }, { contactEmail: 'bo.err.emailInvalid' }],
    ['no title', { title: '   ' }, { title: 'bo.err.titleRequired' }],
  ])('rejects %s with a message on the field and stores nothing', (_name, overrides, expected) => {
    const before = countEvents(db);
    const fields = fieldsOf(() => createEvent(db, userByEmail(db, 'kray@example.org'), krayEventForm(db, overrides), true, NOW));
    expect(fields).toEqual(expected);
    expect(countEvents(db)).toBe(before);
  });

  it('refuses Quartiere the staff member is not responsible for', () => {
    const frohnhausenStaff = userByEmail(db, 'frohnhausen@example.org');
    const fields = fieldsOf(() => createEvent(db, frohnhausenStaff, krayEventForm(db), true, NOW));
    expect(fields).toEqual({ quartierIds: 'bo.err.quartierNotYours' });
    const admin = userByEmail(db, 'admin@example.org');
    expect(createEvent(db, admin, krayEventForm(db), true, NOW).status).toBe('published');
  });

  it('raises SEQUENCE and re-expands the series when the weekday changes, but not on a save without changes', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(db, staff, krayEventForm(db, { repeat: 'weekly', weekdays: ['TU'], count: '3' }), true, NOW);
    const unchanged = updateEvent(db, staff, event.id, eventToForm(event, getEventLinks(db, event.id)), NOW);
    expect(unchanged.sequence).toBe(event.sequence);
    const moved = updateEvent(db, staff, event.id, krayEventForm(db, { startDate: '2027-03-17', repeat: 'weekly', weekdays: ['WE'], count: '3' }), NOW);
    expect(moved.sequence).toBe(event.sequence + 1);
    expect(occurrencesOf(db, event.id).map((o) => o.recurrenceLocal)).toEqual(['2027-03-17T15:00', '2027-03-24T15:00', '2027-03-31T15:00']);
    const audit = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'event.update'), eq(auditLog.entityId, String(event.id))))
      .all();
    expect(JSON.parse(audit.at(-1)!.details).changed).toEqual(expect.arrayContaining(['startLocal', 'endLocal', 'rrule']));
  });

  it('keeps a stored rule the form cannot express when the user leaves it alone', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(db, staff, krayEventForm(db), true, NOW);
    db.update(events).set({ rrule: 'FREQ=DAILY;COUNT=3' }).where(eq(events.id, event.id)).run();
    const form = eventToForm(getEvent(db, event.id)!, getEventLinks(db, event.id));
    expect(form.repeat).toBe('custom');
    const saved = updateEvent(db, staff, event.id, { ...form, title: 'Spielenachmittag (neu)' }, NOW);
    expect(saved.rrule).toBe('FREQ=DAILY;COUNT=3');
    expect(occurrencesOf(db, event.id)).toHaveLength(3);
  });

  it('keeps a joint Quartier the staff member is not responsible for when saving', () => {
    const staff = userByEmail(db, 'frohnhausen@example.org');
    const admin = userByEmail(db, 'admin@example.org');
    const joint = [String(idOf.quartier(db, 'kray')), String(idOf.quartier(db, 'frohnhausen'))];
    const event = createEvent(db, admin, krayEventForm(db, { quartierIds: joint }), true, NOW);
    const saved = updateEvent(db, staff, event.id, krayEventForm(db, { quartierIds: joint, title: 'Gemeinsamer Spielenachmittag' }), NOW);
    expect(saved.title).toBe('Gemeinsamer Spielenachmittag');
    expect(getEventLinks(db, event.id).quartierIds.sort()).toEqual(joint.map(Number).sort());
  });

  it('cancels one occurrence, moves another, and undoes the cancellation, raising SEQUENCE each time', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(db, staff, krayEventForm(db, { repeat: 'weekly', weekdays: ['TU'], count: '4' }), true, NOW);
    cancelOccurrence(db, staff, event.id, '2027-03-23T15:00', 'Fällt wegen Krankheit aus.', NOW);
    let occurrences = occurrencesOf(db, event.id);
    expect(occurrences.map((o) => o.status)).toEqual(['scheduled', 'cancelled', 'scheduled', 'scheduled']);
    expect(getEvent(db, event.id)!.sequence).toBe(event.sequence + 1);

    const gemeindehaus = idOf.place(db, 'gemeindehaus-st-barbara');
    moveOccurrence(
      db,
      staff,
      event.id,
      '2027-03-30T15:00',
      { date: '2027-03-31', startTime: '14:30', endTime: '16:30', placeId: String(gemeindehaus), note: 'Diesmal im Gemeindehaus.' },
      NOW,
    );
    occurrences = occurrencesOf(db, event.id);
    const moved = occurrences.find((o) => o.recurrenceLocal === '2027-03-30T15:00')!;
    expect([instantToLocal(moved.startsAt), instantToLocal(moved.endsAt)]).toEqual(['2027-03-31T14:30', '2027-03-31T16:30']);
    const exception = db.select().from(eventExceptions).where(eq(eventExceptions.id, moved.exceptionId!)).get()!;
    expect(exception.placeId).toBe(gemeindehaus);
    expect(getEvent(db, event.id)!.sequence).toBe(event.sequence + 2);

    expect(restoreOccurrence(db, staff, event.id, '2027-03-23T15:00', NOW)).toBe(true);
    expect(occurrencesOf(db, event.id).map((o) => o.status)).toEqual(['scheduled', 'scheduled', 'scheduled', 'scheduled']);
    expect(getEvent(db, event.id)!.sequence).toBe(event.sequence + 3);
    const actions = db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, String(event.id)))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(['event.create', 'event.occurrence.cancel', 'event.occurrence.move', 'event.occurrence.restore']);
  });

  it('rejects moving an occurrence to an unknown place or one that is not in the series', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(db, staff, krayEventForm(db, { repeat: 'weekly', weekdays: ['TU'], count: '4' }), true, NOW);
    expect(fieldsOf(() => moveOccurrence(db, staff, event.id, '2027-03-23T15:00', { placeId: '99999' }, NOW))).toEqual({ placeId: 'bo.err.placeUnknown' });
    expect(() => cancelOccurrence(db, staff, event.id, '2027-03-24T15:00', '', NOW)).toThrow(NotFoundError);
    expect(() => cancelOccurrence(db, staff, event.id, '2027-03-24T15:00', '', NOW)).toThrow('bo.err.occurrenceUnknown');
    expect(db.select().from(eventExceptions).where(eq(eventExceptions.eventId, event.id)).all()).toEqual([]);
  });

  it('cancels a whole event only with a reason, publishes it again, and deletes it with its occurrences', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const event = createEvent(db, staff, krayEventForm(db), false, NOW);
    expect(publishEvent(db, staff, event.id, NOW).status).toBe('published');
    expect(fieldsOf(() => cancelEvent(db, staff, event.id, '  ', NOW))).toEqual({ reason: 'bo.err.reasonRequired' });
    const cancelled = cancelEvent(db, staff, event.id, 'Die Referentin ist erkrankt.', NOW);
    expect([cancelled.status, cancelled.statusNote]).toEqual(['cancelled', 'Die Referentin ist erkrankt.']);
    expect(cancelled.sequence).toBe(event.sequence + 2);
    deleteEvent(db, staff, event.id);
    expect(getEvent(db, event.id)).toBeNull();
    expect(occurrencesOf(db, event.id)).toEqual([]);
    expect(
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'event.delete'), eq(auditLog.entityId, String(event.id))))
        .get(),
    ).toBeDefined();
  });

  it('refuses staff of another Quartier by itself: deleting, cancelling, changing a Kray event or one of its dates changes nothing', () => {
    const staff = userByEmail(db, 'kray@example.org');
    const other = userByEmail(db, 'frohnhausen@example.org');
    const event = createEvent(db, staff, krayEventForm(db, { repeat: 'weekly', weekdays: ['TU'], count: '4' }), true, NOW);
    const auditBefore = db.select().from(auditLog).all().length;
    expect(() => deleteEvent(db, other, event.id)).toThrow(ForbiddenError);
    expect(() => cancelEvent(db, other, event.id, 'Übernommen', NOW)).toThrow(ForbiddenError);
    expect(() => updateEvent(db, other, event.id, krayEventForm(db, { title: 'Übernommen' }), NOW)).toThrow(ForbiddenError);
    expect(() => cancelOccurrence(db, other, event.id, '2027-03-23T15:00', '', NOW)).toThrow(ForbiddenError);
    expect(() => restoreOccurrence(db, other, event.id, '2027-03-23T15:00', NOW)).toThrow(ForbiddenError);
    expect(getEvent(db, event.id)).toEqual(event);
    expect(db.select().from(eventExceptions).where(eq(eventExceptions.eventId, event.id)).all()).toEqual([]);
    expect(db.select().from(auditLog).all()).toHaveLength(auditBefore);
    // A member without any staff scope is refused the same way, and an unknown event is "not found", not a crash.
    expect(() => deleteEvent(db, userByEmail(db, 'verein@example.org'), event.id)).toThrow(ForbiddenError);
    expect(() => deleteEvent(db, staff, event.id + 10_000)).toThrow(NotFoundError);
  });

  it('lists only events of the staff member’s Quartiere, filtered by status and search', () => {
    const kray = listEventsForStaff(db, [idOf.quartier(db, 'kray')]);
    const frohnhausen = listEventsForStaff(db, [idOf.quartier(db, 'frohnhausen')]);
    expect(kray.rows.map((r) => r.title)).toContain('Wandercafé');
    expect(frohnhausen.rows.map((r) => r.title)).not.toContain('Wandercafé');
    expect(listEventsForStaff(db, 'all').total).toBe(countEvents(db));
    const proposed = listEventsForStaff(db, [idOf.quartier(db, 'kray')], { status: 'proposed' });
    expect(proposed.rows.map((r) => r.title)).toEqual(['Nikolausfeier im Gemeindehaus']);
    expect(listEventsForStaff(db, 'all', { search: 'wandercaf' }).rows.map((r) => r.title)).toEqual(['Wandercafé']);
    // Wildcards typed by the user are searched for literally.
    expect(listEventsForStaff(db, 'all', { search: '%' }).total).toBe(0);
  });

  it('shows cancelled and moved dates of the coming weeks on the dashboard of the right Quartier only', () => {
    const to = new Date(NOW.getTime() + 6 * 7 * 24 * 3600_000);
    const kray = listUpcomingChanges(db, [idOf.quartier(db, 'kray')], NOW, to);
    expect(
      kray
        .filter((i) => i.title === 'Wandercafé')
        .map((i) => i.kind)
        .sort(),
    ).toEqual(['cancelled', 'changed']);
    expect(kray.find((i) => i.kind === 'cancelled')?.note).toBe('Fällt wegen Krankheit aus.');
    expect(listUpcomingChanges(db, [idOf.quartier(db, 'frohnhausen')], NOW, to).some((i) => i.title === 'Wandercafé')).toBe(false);
  });
});
