/**
 * Recurrence beyond the foundation's basics: DST both ways for weekly and monthly rules, the n-th and last
 * weekday, 5th-weekday months, until/count, exception dates, overrides that move an occurrence across a DST
 * change, and the German/English sentence that describes a series.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { expandOccurrences, expandStarts, syncOccurrences } from '../../src/lib/server/events/occurrences';
import { describeRecurrence } from '../../src/lib/server/events/describe';
import { instantToLocal } from '../../src/lib/time';
import { freshDb } from '../helpers/db';
import { eventExceptions, eventOccurrences, events } from '../../db/schema';

const far = new Date('2031-01-01T00:00:00Z');
const schedule = (startLocal: string, endLocal: string, rrule: string | null, allDay = false) => ({ startLocal, endLocal, rrule, allDay });

describe('recurrence expansion', () => {
  it.each([
    // [name, start, rrule, expected local starts, expected UTC hours]
    [
      'monthly 2nd Tuesday across spring forward',
      '2027-02-09T18:30',
      'FREQ=MONTHLY;BYDAY=2TU;COUNT=3',
      ['2027-02-09T18:30', '2027-03-09T18:30', '2027-04-13T18:30'],
      ['17:30', '17:30', '16:30'],
    ],
    [
      'monthly 2nd Tuesday across fall back',
      '2026-09-08T18:30',
      'FREQ=MONTHLY;BYDAY=2TU;COUNT=3',
      ['2026-09-08T18:30', '2026-10-13T18:30', '2026-11-10T18:30'],
      ['16:30', '16:30', '17:30'],
    ],
    [
      'weekly Sunday on the very day of spring forward',
      '2027-03-21T10:00',
      'FREQ=WEEKLY;COUNT=2',
      ['2027-03-21T10:00', '2027-03-28T10:00'],
      ['09:00', '08:00'],
    ],
    ['weekly Sunday on the very day of fall back', '2026-10-18T10:00', 'FREQ=WEEKLY;COUNT=2', ['2026-10-18T10:00', '2026-10-25T10:00'], ['08:00', '09:00']],
    [
      'last Friday of the month',
      '2026-11-27T17:00',
      'FREQ=MONTHLY;BYDAY=-1FR;COUNT=3',
      ['2026-11-27T17:00', '2026-12-25T17:00', '2027-01-29T17:00'],
      ['16:00', '16:00', '16:00'],
    ],
  ])('%s', (_name, start, rrule, expectedLocal, expectedUtcHours) => {
    const occurrences = expandOccurrences(schedule(start, start.replace(/T.*/, 'T20:30'), rrule), [], far);
    expect(occurrences.map((o) => o.recurrenceLocal)).toEqual(expectedLocal);
    expect(occurrences.map((o) => o.startsAt.toISOString().slice(11, 16))).toEqual(expectedUtcHours);
  });

  it('skips months without a 5th Wednesday', () => {
    // 2027: 5th Wednesdays fall in March, June, September and December.
    const starts = expandStarts(schedule('2027-01-01T19:00', '2027-01-01T21:00', 'FREQ=MONTHLY;BYDAY=5WE;UNTIL=20271231T230000Z'), far);
    expect(starts).toEqual(['2027-03-31T19:00', '2027-06-30T19:00', '2027-09-29T19:00', '2027-12-29T19:00']);
  });

  it('ends at UNTIL inclusive and honours COUNT', () => {
    const until = expandStarts(schedule('2026-12-01T15:00', '2026-12-01T17:00', 'FREQ=WEEKLY;UNTIL=20261215T140000Z'), far);
    expect(until).toEqual(['2026-12-01T15:00', '2026-12-08T15:00', '2026-12-15T15:00']);
    const count = expandStarts(schedule('2026-12-01T15:00', '2026-12-01T17:00', 'FREQ=WEEKLY;INTERVAL=2;COUNT=3'), far);
    expect(count).toEqual(['2026-12-01T15:00', '2026-12-15T15:00', '2026-12-29T15:00']);
  });

  it('moves one occurrence across the DST change and keeps the others', () => {
    // The 24 March 2027 occurrence (winter time) moves to Monday 29 March (summer time) at 10:00.
    const occurrences = expandOccurrences(
      schedule('2027-03-17T15:00', '2027-03-17T17:00', 'FREQ=WEEKLY;COUNT=3'),
      [{ id: 7, recurrenceLocal: '2027-03-24T15:00', kind: 'changed', startLocal: '2027-03-29T10:00', endLocal: '2027-03-29T11:30' }],
      far,
    );
    expect(occurrences.map((o) => [o.recurrenceLocal, instantToLocal(o.startsAt), instantToLocal(o.endsAt), o.exceptionId])).toEqual([
      ['2027-03-17T15:00', '2027-03-17T15:00', '2027-03-17T17:00', null],
      ['2027-03-24T15:00', '2027-03-29T10:00', '2027-03-29T11:30', 7],
      ['2027-03-31T15:00', '2027-03-31T15:00', '2027-03-31T17:00', null],
    ]);
    expect(occurrences[1]!.startsAt.toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });

  it('expands all-day series by date', () => {
    const occurrences = expandOccurrences(schedule('2027-03-27', '2027-03-28', 'FREQ=WEEKLY;COUNT=2', true), [], far);
    expect(occurrences.map((o) => [o.recurrenceLocal, instantToLocal(o.startsAt), instantToLocal(o.endsAt)])).toEqual([
      ['2027-03-27', '2027-03-27T00:00', '2027-03-29T00:00'],
      ['2027-04-03', '2027-04-03T00:00', '2027-04-05T00:00'],
    ]);
  });

  it('keeps occurrence ids when an exception is added, and removes dates the rule no longer has', () => {
    const { db } = freshDb();
    const now = new Date('2026-11-01T00:00:00Z');
    const id = db
      .insert(events)
      .values({
        uid: 'sync@test',
        slug: 'sync',
        title: 'Sync',
        startLocal: '2026-12-01T15:00',
        endLocal: '2026-12-01T17:00',
        rrule: 'FREQ=WEEKLY;COUNT=4',
        firstStartsAt: new Date('2026-12-01T14:00:00Z'),
        status: 'published',
      })
      .returning()
      .get().id;
    syncOccurrences(db, id, now);
    const before = db.select().from(eventOccurrences).where(eq(eventOccurrences.eventId, id)).all();
    db.insert(eventExceptions).values({ eventId: id, recurrenceLocal: '2026-12-08T15:00', kind: 'cancelled' }).run();
    syncOccurrences(db, id, now);
    const after = db.select().from(eventOccurrences).where(eq(eventOccurrences.eventId, id)).all();
    expect(after.map((o) => o.id)).toEqual(before.map((o) => o.id));
    expect(after.find((o) => o.recurrenceLocal === '2026-12-08T15:00')?.status).toBe('cancelled');
    db.update(events).set({ rrule: 'FREQ=WEEKLY;COUNT=2' }).where(eq(events.id, id)).run();
    syncOccurrences(db, id, now);
    expect(
      db
        .select()
        .from(eventOccurrences)
        .where(eq(eventOccurrences.eventId, id))
        .all()
        .map((o) => o.recurrenceLocal),
    ).toEqual(['2026-12-01T15:00', '2026-12-08T15:00']);
    const event = db.select().from(events).where(eq(events.id, id)).get()!;
    expect(event.lastEndsAt?.toISOString()).toBe('2026-12-08T16:00:00.000Z');
  });
});

describe('a series in words', () => {
  it.each([
    [
      'FREQ=MONTHLY;BYDAY=2TU',
      '2026-12-08T18:30',
      '2026-12-08T20:30',
      'jeden 2. Dienstag im Monat, 18:30–20:30 Uhr',
      'every 2nd Tuesday of the month, 18:30–20:30',
    ],
    [
      'FREQ=MONTHLY;BYDAY=-1FR',
      '2026-11-27T17:00',
      '2026-11-27T19:00',
      'jeden letzten Freitag im Monat, 17:00–19:00 Uhr',
      'every last Friday of the month, 17:00–19:00',
    ],
    ['FREQ=WEEKLY;BYDAY=TU', '2026-12-01T15:00', '2026-12-01T17:00', 'jeden Dienstag, 15:00–17:00 Uhr', 'every Tuesday, 15:00–17:00'],
    [
      'FREQ=WEEKLY;BYDAY=MO,WE',
      '2026-11-30T09:30',
      '2026-11-30T11:30',
      'jeden Montag und Mittwoch, 09:30–11:30 Uhr',
      'every Monday and Wednesday, 09:30–11:30',
    ],
    [
      'FREQ=WEEKLY;INTERVAL=2',
      '2026-12-03T14:00',
      '2026-12-03T16:00',
      'alle 2 Wochen am Donnerstag, 14:00–16:00 Uhr',
      'every 2 weeks on Thursday, 14:00–16:00',
    ],
    ['FREQ=MONTHLY;BYMONTHDAY=15', '2026-12-15T10:00', '2026-12-15T12:00', 'jeden Monat am 15., 10:00–12:00 Uhr', 'every month on the 15th, 10:00–12:00'],
    ['FREQ=DAILY', '2026-12-01T08:00', '2026-12-01T09:00', 'täglich, 08:00–09:00 Uhr', 'daily, 08:00–09:00'],
    [
      'FREQ=MONTHLY;BYDAY=2TU;COUNT=8',
      '2026-12-08T18:30',
      '2026-12-08T20:30',
      'jeden 2. Dienstag im Monat, 18:30–20:30 Uhr, insgesamt 8 Termine',
      'every 2nd Tuesday of the month, 18:30–20:30, 8 dates in total',
    ],
    [
      'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T215959Z',
      '2026-12-01T15:00',
      '2026-12-01T17:00',
      'jeden Dienstag, 15:00–17:00 Uhr, bis 29. Juni 2027',
      'every Tuesday, 15:00–17:00, until 29 June 2027',
    ],
    ['FREQ=WEEKLY;BYSETPOS=2;BYDAY=TU,TH', '2026-12-01T15:00', '2026-12-01T17:00', 'regelmäßig, 15:00–17:00 Uhr', 'regularly, 15:00–17:00'],
  ])('%s', (rrule, startLocal, endLocal, german, english) => {
    expect(describeRecurrence({ rrule, startLocal, endLocal, allDay: false }, 'de')).toBe(german);
    expect(describeRecurrence({ rrule, startLocal, endLocal, allDay: false }, 'en')).toBe(english);
  });

  it('is null for a single event and says "ganztägig" for all-day series', () => {
    expect(describeRecurrence({ rrule: null, startLocal: '2026-12-01T15:00', endLocal: '2026-12-01T17:00', allDay: false }, 'de')).toBeNull();
    expect(describeRecurrence({ rrule: 'FREQ=MONTHLY;BYDAY=1SA', startLocal: '2026-12-05', endLocal: '2026-12-05', allDay: true }, 'de')).toBe(
      'jeden 1. Samstag im Monat, ganztägig',
    );
  });
});
