/**
 * Warnings before saving something planned at a closed time: the pure rule on the one opening-hours computation
 * (closure, holiday, weekday without hours, too early, too late, special hours, past midnight, the week the clocks
 * change), and on a real SQLite file with the demo city the staff commands that hold a save back until the form
 * confirms exactly these warnings, then record the dates as kept.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RRuleTemporal } from 'rrule-temporal';
import { and, eq } from 'drizzle-orm';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import * as s from '../../db/schema';
import { closedReasonOf, describeClosedReason } from '../../src/lib/server/places/closed-times';
import { keepDespiteClosure } from '../../src/lib/server/places/closure-choices';
import type { PlaceHours, WeeklyRule } from '../../src/lib/server/places/opening-hours';
import { listClosureConflicts } from '../../src/lib/server/places/closure-conflicts';
import { createEvent, updateEvent } from '../../src/lib/server/events/commands';
import { moveOccurrence } from '../../src/lib/server/events/occurrence-exceptions';
import { eventToForm } from '../../src/lib/server/events/event-form';
import { createSlot } from '../../src/lib/server/volunteering/slots';
import { UnconfirmedWarningsError } from '../../src/lib/server/errors';
import { translate } from '../../src/i18n';
import { localToInstant } from '../../src/lib/time';
import { idOf, krayEventForm, userByEmail } from '../backoffice/fixtures';

const at = (local: string): Date => localToInstant(local)!;
const rule = (weekday: number, opens: string, closes: string): WeeklyRule => ({ weekday, opens, closes, validFrom: null, validUntil: null });

/** A Treff open Tue 14–18, Fri 20–02 (past midnight), Mon 9–12 and 14–17; closed 24.12.–1.1.; long on 17.12.2026. */
const treff: PlaceHours = {
  holidayRegion: 'NW',
  rules: [rule(1, '09:00', '12:00'), rule(1, '14:00', '17:00'), rule(2, '14:00', '18:00'), rule(5, '20:00', '02:00'), rule(4, '10:00', '12:00')],
  exceptions: [
    { dateFrom: '2026-12-24', dateTo: '2027-01-01', kind: 'closed', opens: null, closes: null, reason: 'Weihnachtspause' },
    { dateFrom: '2026-12-17', dateTo: '2026-12-17', kind: 'special_hours', opens: '10:00', closes: '13:00', reason: 'Adventsfrühstück' },
  ],
};

const timed = (from: string, to: string) => ({ startsAt: at(from), endsAt: at(to), allDay: false });

describe('why a planned time is at a closed time', () => {
  const cases: [string, ReturnType<typeof timed> | { startsAt: Date; endsAt: Date; allDay: boolean }, unknown][] = [
    ['a date inside the Weihnachtspause', timed('2026-12-29T15:00', '2026-12-29T16:00'), { kind: 'closed', reason: 'Weihnachtspause' }],
    [
      'an all-day event that reaches into the closure',
      { startsAt: at('2026-12-23T00:00'), endsAt: at('2026-12-25T00:00'), allDay: true },
      { kind: 'closed', reason: 'Weihnachtspause' },
    ],
    [
      'Ostermontag, a Monday the Treff would open',
      timed('2027-03-29T10:00', '2027-03-29T11:00'),
      { kind: 'holiday', name: expect.objectContaining({ de: 'Ostermontag' }) },
    ],
    ['a Tuesday morning, before it opens at 14:00', timed('2026-12-08T09:30', '2026-12-08T11:00'), { kind: 'opens_later', weekday: 2, time: '14:00' }],
    ['a Tuesday evening that runs past 18:00', timed('2026-12-08T17:00', '2026-12-08T19:00'), { kind: 'closes_earlier', weekday: 2, time: '18:00' }],
    ['a Monday meeting across the lunch break', timed('2026-12-07T11:00', '2026-12-07T15:00'), { kind: 'closes_earlier', weekday: 1, time: '12:00' }],
    ['a Monday at 12:30, before the afternoon opening', timed('2026-12-07T12:30', '2026-12-07T13:30'), { kind: 'opens_later', weekday: 1, time: '14:00' }],
    ['a Wednesday, when it does not open at all', timed('2026-12-09T15:00', '2026-12-09T16:00'), { kind: 'not_open', weekday: 3 }],
    [
      'special hours that do not cover it',
      timed('2026-12-17T14:00', '2026-12-17T15:00'),
      { kind: 'special_hours', opens: '10:00', closes: '13:00', reason: 'Adventsfrühstück' },
    ],
  ];
  it.each(cases)('warns about %s', (_name, planned, expected) => {
    expect(closedReasonOf(treff, true, planned)).toEqual(expected);
  });

  const open: [string, { startsAt: Date; endsAt: Date; allDay: boolean }][] = [
    ['a Tuesday afternoon inside the hours', timed('2026-12-08T14:30', '2026-12-08T17:30')],
    ['a Saturday 00:30 inside the Friday evening that runs past midnight', timed('2026-12-12T00:30', '2026-12-12T01:30')],
    ['special hours that cover it', timed('2026-12-17T10:30', '2026-12-17T12:30')],
    // 28 March 2027 the clocks go forward: 14:30 on the Tuesday after is still inside 14:00–18:00.
    ['a Tuesday afternoon in the week the clocks change', timed('2027-03-30T14:30', '2027-03-30T16:00')],
    [
      'an all-day event on an ordinary Wednesday (only closures count for whole days)',
      { startsAt: at('2026-12-09T00:00'), endsAt: at('2026-12-10T00:00'), allDay: true },
    ],
  ];
  it.each(open)('does not warn about %s', (_name, planned) => {
    expect(closedReasonOf(treff, true, planned)).toBeNull();
  });

  it('warns a place without published hours only about its closures', () => {
    expect(closedReasonOf(treff, false, timed('2026-12-09T08:00', '2026-12-09T09:00'))).toBeNull();
    expect(closedReasonOf(treff, false, timed('2027-03-29T10:00', '2027-03-29T11:00'))).toBeNull();
    expect(closedReasonOf(treff, false, timed('2026-12-29T15:00', '2026-12-29T16:00'))).toEqual({ kind: 'closed', reason: 'Weihnachtspause' });
  });
});

describe('staff saves at a closed time', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  let db: DbConnection;
  afterEach(() => db?.$client.close());

  const warningsOf = (run: () => unknown): UnconfirmedWarningsError => {
    try {
      run();
    } catch (error) {
      if (error instanceof UnconfirmedWarningsError) return error;
      throw error;
    }
    throw new Error('expected warnings');
  };
  const texts = (error: UnconfirmedWarningsError): string[] => error.problems.map((p) => translate('de', p.key, p.params));
  const keptOf = (eventId: number): string[] =>
    db
      .select()
      .from(s.closureKeeps)
      .where(eq(s.closureKeeps.eventId, eventId))
      .all()
      .map((k) => k.recurrenceLocal!)
      .sort();

  it('holds back a weekly series with some dates in the Weihnachtspause, lists them, and saves them as kept once confirmed', async () => {
    ({ db } = await demoDb(now));
    const staff = userByEmail(db, 'kray@example.org');
    // Tuesdays 15:00 at the Treff (open 14–18), eight times from 8 Dec: 29 Dec falls into the Weihnachtspause.
    const form = krayEventForm(db, { startDate: '2026-12-08', repeat: 'weekly', weekdays: ['TU'], ends: 'count', count: '8' });
    const before = db.select().from(s.events).all().length;
    const warned = warningsOf(() => createEvent(db, staff, form, true, now, { confirmation: undefined, locale: 'de' }));
    expect(texts(warned)).toEqual(['Quartierstreff Kray-Nord ist geschlossen (Weihnachtspause – ab dem 2. Januar sind wir wieder für Sie da.): 29.12.2026.']);
    expect(db.select().from(s.events).all()).toHaveLength(before);

    // Another confirmation (of other warnings) is not enough.
    expect(() => createEvent(db, staff, form, true, now, { confirmation: 'not-these', locale: 'de' })).toThrow(UnconfirmedWarningsError);
    const event = createEvent(db, staff, form, true, now, { confirmation: warned.confirmation, locale: 'de' });
    expect(keptOf(event.id)).toEqual(['2026-12-29T15:00']);
    const treffId = idOf.place(db, 'quartierstreff-kray-nord');
    const listed = listClosureConflicts(db, treffId, '2026-12-01', '2027-02-01').filter((c) => c.eventId === event.id);
    expect(listed.map((c) => [c.recurrenceLocal, c.kept])).toEqual([['2026-12-29T15:00', true]]);

    // Saving the series again asks nothing: the date is kept already.
    expect(() =>
      updateEvent(
        db,
        staff,
        event.id,
        { ...eventToForm(event, { quartierIds: form.quartierIds!.map(Number), categoryIds: form.categoryIds!.map(Number), targetGroupIds: [] }) },
        now,
        { confirmation: undefined, locale: 'de' },
      ),
    ).not.toThrow();
    expect(keptOf(event.id)).toEqual(['2026-12-29T15:00']);
  });

  it('expands a series once per save: the warning’s expansion writes the occurrences', async () => {
    ({ db } = await demoDb(now));
    const staff = userByEmail(db, 'kray@example.org');
    const form = krayEventForm(db, { startDate: '2026-12-08', repeat: 'weekly', weekdays: ['TU'], ends: 'count', count: '8' });
    const expand = vi.spyOn(RRuleTemporal.prototype, 'all');
    try {
      const warned = warningsOf(() => createEvent(db, staff, form, true, now, { confirmation: undefined, locale: 'de' }));
      expand.mockClear();
      const event = createEvent(db, staff, form, true, now, { confirmation: warned.confirmation, locale: 'de' });
      expect(expand).toHaveBeenCalledTimes(1);
      expect(db.select().from(s.eventOccurrences).where(eq(s.eventOccurrences.eventId, event.id)).all()).toHaveLength(8);

      expand.mockClear();
      const links = { quartierIds: form.quartierIds!.map(Number), categoryIds: form.categoryIds!.map(Number), targetGroupIds: [] };
      updateEvent(db, staff, event.id, { ...eventToForm(event, links), startTime: '16:00', endTime: '17:30' }, now, {
        confirmation: warned.confirmation,
        locale: 'de',
      });
      expect(expand).toHaveBeenCalledTimes(1);
      expect(
        db
          .select()
          .from(s.eventOccurrences)
          .where(eq(s.eventOccurrences.eventId, event.id))
          .all()
          .map((o) => o.startsAt.toISOString()),
      ).toContain('2026-12-15T15:00:00.000Z');
    } finally {
      expand.mockRestore();
    }
  });

  it('names the first five dates of a morning series before the Treff opens, then "und N weitere", across the change to summer time', async () => {
    ({ db } = await demoDb(now));
    const staff = userByEmail(db, 'kray@example.org');
    // Tuesdays 09:30 from 2 March 2027, twelve times: every one before 14:00, one of them after the clocks change.
    const form = krayEventForm(db, {
      startDate: '2027-03-02',
      startTime: '09:30',
      endTime: '11:00',
      repeat: 'weekly',
      weekdays: ['TU'],
      ends: 'count',
      count: '12',
    });
    const warned = warningsOf(() => createEvent(db, staff, form, false, now, { confirmation: undefined, locale: 'de' }));
    expect(texts(warned)).toEqual([
      'Quartierstreff Kray-Nord öffnet dienstags erst um 14:00 Uhr: 02.03.2027, 09.03.2027, 16.03.2027, 23.03.2027, 30.03.2027 und 7 weitere Termine.',
    ]);
    const event = createEvent(db, staff, form, false, now, { confirmation: warned.confirmation, locale: 'de' });
    expect(keptOf(event.id)).toHaveLength(12);

    // Moving the series to 15:00 leaves no date at a closed time, so none stays marked as kept.
    const links = { quartierIds: form.quartierIds!.map(Number), categoryIds: form.categoryIds!.map(Number), targetGroupIds: [] };
    updateEvent(db, staff, event.id, { ...eventToForm(event, links), startTime: '15:00', endTime: '16:30' }, now, { confirmation: undefined, locale: 'de' });
    const stillKept = db
      .select()
      .from(s.closureKeeps)
      .innerJoin(
        s.eventOccurrences,
        and(eq(s.eventOccurrences.eventId, s.closureKeeps.eventId), eq(s.eventOccurrences.recurrenceLocal, s.closureKeeps.recurrenceLocal)),
      )
      .where(eq(s.closureKeeps.eventId, event.id))
      .all();
    expect(stillKept).toHaveLength(0);
  });

  it('warns about a holiday and about moving one date into it, in the reader’s language', async () => {
    ({ db } = await demoDb(now));
    const staff = userByEmail(db, 'kray@example.org');
    const form = krayEventForm(db, { startDate: '2027-03-16', repeat: 'weekly', weekdays: ['TU'], ends: 'count', count: '3' });
    const event = createEvent(db, staff, form, true, now, { confirmation: undefined, locale: 'de' });
    // Moving 30 March to Ostermontag (29 March 2027) at the Stadtteilbüro, which opens on Mondays.
    const move = { date: '2027-03-29', startTime: '10:00', endTime: '11:00', placeId: String(idOf.place(db, 'stadtteilbuero-kray')) };
    const warned = warningsOf(() => moveOccurrence(db, staff, event.id, '2027-03-30T15:00', move, now, { confirmation: undefined, locale: 'en' }));
    expect(translate('en', warned.problems[0]!.key, warned.problems[0]!.params)).toBe(
      'Stadtteilbüro Kray is closed for the public holiday (Easter Monday): 29/03/2027.',
    );
    moveOccurrence(db, staff, event.id, '2027-03-30T15:00', move, now, { confirmation: warned.confirmation, locale: 'en' });
    expect(keptOf(event.id)).toEqual(['2027-03-30T15:00']);
  });

  it('holds back a volunteer date on 26 December, inside the Weihnachtspause, until confirmed, then keeps it', async () => {
    ({ db } = await demoDb(now));
    const staff = userByEmail(db, 'kray@example.org');
    const programme = db.select().from(s.volunteerProgrammes).where(eq(s.volunteerProgrammes.coordinatorUserId, staff.id)).get()!;
    const input = {
      kind: 'training' as const,
      title: 'Ehrenamtsschulung',
      description: '',
      startsAt: at('2026-12-26T10:00'),
      endsAt: at('2026-12-26T13:00'),
      placeId: idOf.place(db, 'stadtteilbuero-kray'),
      locationName: null,
      needed: 8,
      signupOpensAt: null,
      requiresTraining: false,
    };
    const slotsBefore = db.select().from(s.volunteerSlots).all().length;
    const warned = warningsOf(() => createSlot(db, staff, programme.id, input, { confirmation: undefined, locale: 'de' }, now));
    expect(texts(warned)).toEqual(['Stadtteilbüro Kray ist geschlossen (Weihnachtspause – ab dem 2. Januar sind wir wieder für Sie da.): 26.12.2026.']);
    expect(db.select().from(s.volunteerSlots).all()).toHaveLength(slotsBefore);
    const slot = createSlot(db, staff, programme.id, input, { confirmation: warned.confirmation, locale: 'de' }, now);
    expect(db.select().from(s.closureKeeps).where(eq(s.closureKeeps.slotId, slot.id)).all()).toHaveLength(1);
  });
});

describe('the conflict list follows the save warning’s rule', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  let db: DbConnection;
  afterEach(() => db?.$client.close());

  /** A Tuesday series at the Treff (open 14–18 Uhr), saved without the warning, as an import or an older save would. */
  function tuesdaySeries(startTime: string, endTime: string): s.Event {
    const form = krayEventForm(db, { startDate: '2027-03-02', startTime, endTime, repeat: 'weekly', weekdays: ['TU'], ends: 'count', count: '4' });
    return createEvent(db, userByEmail(db, 'kray@example.org'), form, true, now);
  }
  const listedOf = (eventId: number) =>
    listClosureConflicts(db, idOf.place(db, 'quartierstreff-kray-nord'), '2026-12-01', '2027-06-01').filter((c) => c.eventId === eventId);

  it('lists a 09:30 series in a Treff that opens at 14:00, with the reason the warning gives, and marks a kept date', async () => {
    ({ db } = await demoDb(now));
    const event = tuesdaySeries('09:30', '11:00');
    const listed = listedOf(event.id);
    expect(listed.map((c) => [c.recurrenceLocal, c.kept])).toEqual([
      ['2027-03-02T09:30', false],
      ['2027-03-09T09:30', false],
      ['2027-03-16T09:30', false],
      ['2027-03-23T09:30', false],
    ]);
    expect(listed[0]!.why).toEqual({ kind: 'opens_later', weekday: 2, time: '14:00' });
    expect(describeClosedReason(listed[0]!.why!, 'de')).toBe('öffnet dienstags erst um 14:00 Uhr');
    expect(describeClosedReason(listed[0]!.why!, 'en')).toBe('does not open until 14:00 on Tuesdays');
    // Cancelling it tells residents why in the note.
    expect(listed[0]!.reason).toBe('öffnet dienstags erst um 14:00 Uhr');

    keepDespiteClosure(
      db,
      userByEmail(db, 'kray@example.org'),
      { placeId: idOf.place(db, 'quartierstreff-kray-nord'), kind: 'occurrence', id: listed[1]!.id },
      now,
    );
    expect(listedOf(event.id).map((c) => c.kept)).toEqual([false, true, false, false]);
  });

  it('does not list the same series at 15:00, when the Treff is open', async () => {
    ({ db } = await demoDb(now));
    const event = tuesdaySeries('15:00', '16:30');
    expect(listedOf(event.id)).toEqual([]);
  });
});
