/**
 * The rules behind the room-booking journey fixes (issue 12, items 7–10), on the demo city in a real SQLite file:
 * whom the login page names for room access, the end a free slot fills in, what became of every date of a series
 * (own booking named, another organisation's not, alternatives that are really free), the .ics of the
 * confirmation mail read back with ical.js, and the requester's cancellation mail in their language.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { DateTime } from 'luxon';
import ICAL from 'ical.js';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import { bookings, outbox, users } from '../../db/schema';
import { isRoomsPath, roomAccessContacts } from '../../src/lib/server/rooms/access';
import { getRoomWeek } from '../../src/lib/server/rooms/availability';
import { checkSlots } from '../../src/lib/server/rooms/booking-rules';
import { requestBooking } from '../../src/lib/server/rooms/booking-requests';
import { cancelBooking } from '../../src/lib/server/rooms/booking-decisions';
import { getBookingDetail } from '../../src/lib/server/rooms/bookings';
import { getRoom } from '../../src/lib/server/rooms/rooms';
import { describeSeriesOutcome, parseSkippedDates } from '../../src/lib/server/rooms/series-outcome';
import { BV, KIRCHE, dateOn, orgId, roomId, userBy } from './fixtures';

const NOW = DateTime.fromISO('2026-11-30T09:00', { zone: 'Europe/Berlin' }).toJSDate();
const berlin = (d: Date): DateTime => DateTime.fromJSDate(d, { zone: 'Europe/Berlin' });

let db: DbConnection;
const opened: DbConnection[] = [];
beforeEach(async () => {
  db = (await demoDb(NOW)).db;
  opened.push(db);
});
afterAll(() => opened.forEach((d) => d.$client.close()));

/** The Bürgerverein's Vorstandssitzung in the Kray Gruppenraum (demo data). */
function vorstandssitzung(): { id: number; startsAt: Date; endsAt: Date } {
  return db.select().from(bookings).where(eq(bookings.purpose, 'Vorstandssitzung Bürgerverein')).get()!;
}

describe('item 7: whom the login page names', () => {
  it('names the room’s own Quartiersmanagement for a room page, and every Quartier with rooms for the overview', () => {
    expect(isRoomsPath('/raeume/stadtteilbuero-kray/gruppenraum')).toBe(true);
    expect(isRoomsPath('/raeume')).toBe(true);
    expect(isRoomsPath('/raeumen')).toBe(false);
    expect(isRoomsPath('/konto')).toBe(false);
    const kray = roomAccessContacts(db, '/raeume/stadtteilbuero-kray/gruppenraum?woche=2026-12-07');
    expect(kray.map((q) => q.contactEmail)).toEqual(['kray@example.org']);
    const all = roomAccessContacts(db, '/raeume').map((q) => q.contactEmail);
    expect(all).toEqual(expect.arrayContaining(['kray@example.org', 'frohnhausen@example.org', 'bergmannsfeld@example.org']));
    expect(all).not.toContain('karnap@example.org');
  });
});

describe('item 8: a free slot fills in a likely end', () => {
  it('suggests the usual hour, cut where the free time ends, never below the room’s minimum', () => {
    const room = getRoom(db, roomId(db, 'stadtteilbuero-kray', 'gruppenraum'))!.room;
    const sitting = vorstandssitzung();
    const date = berlin(sitting.startsAt).toISODate()!;
    const week = getRoomWeek(db, room, date, [], NOW);
    const day = week.days.findIndex((d) => d.date === date);
    const cellAt = (time: string) => week.rows.find((r) => r.time === time)!.cells[day]!;
    expect(cellAt('10:00')).toMatchObject({ state: 'free', until: '11:00' });
    // 19:00 is taken; with 15 minutes buffer 18:30 is not free, 17:30 has 60 minutes up to 18:30 and 17:00 keeps the hour.
    expect(cellAt('17:00')).toMatchObject({ state: 'free', until: '18:00' });
    expect(cellAt('18:30').state).toBe('buffer');
    // The Saal needs at least two hours: its slots suggest two hours.
    const saal = getRoom(db, roomId(db, 'stadtteilbuero-kray', 'saal'))!.room;
    const saalWeek = getRoomWeek(db, saal, dateOn(NOW, 2, 1), [], NOW);
    const free = saalWeek.rows.flatMap((r) => r.cells).find((c) => c.state === 'free' && c.time === '10:00')!;
    expect(free.until).toBe('12:00');
  });
});

describe('item 9: what became of every date of a series', () => {
  it('lists booked and left-out dates, names only the requester’s own booking, and offers alternatives that are free', () => {
    const verein = userBy(db, 'verein@example.org');
    const kirche = userBy(db, 'kirche@example.org');
    const gruppenraum = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    const sitting = vorstandssitzung();
    const first = berlin(sitting.startsAt);
    // The Kirchengemeinde has the same evening two weeks later.
    const third = first.plus({ weeks: 2 });
    requestBooking(
      db,
      kirche,
      {
        roomId: gruppenraum,
        organisationId: orgId(db, KIRCHE),
        date: third.toISODate()!,
        from: '18:00',
        to: '20:00',
        purpose: 'Chorprobe',
        expectedAttendees: 12,
      },
      NOW,
    );
    const result = requestBooking(
      db,
      verein,
      {
        roomId: gruppenraum,
        organisationId: orgId(db, BV),
        date: first.toISODate()!,
        from: '19:00',
        to: '21:00',
        purpose: 'Stammtisch',
        expectedAttendees: 10,
        series: { rule: 'weekly', count: 4 },
        skipConflicts: true,
      },
      NOW,
    );
    expect(result.bookingIds).toHaveLength(2);
    const skipped = result.skipped.map((c) => berlin(c.startsAt).toISODate()!);
    expect(skipped).toEqual([first.toISODate(), third.toISODate()]);

    const detail = getBookingDetail(db, result.bookingIds[0]!)!;
    const outcome = describeSeriesOutcome(db, detail, parseSkippedDates(`${skipped.join(',')},kaputt`), NOW);
    expect(outcome.map((o) => [berlin(o.startsAt).toISODate(), o.kind])).toEqual([
      [first.toISODate(), 'skipped'],
      [first.plus({ weeks: 1 }).toISODate(), 'booked'],
      [third.toISODate(), 'skipped'],
      [first.plus({ weeks: 3 }).toISODate(), 'booked'],
    ]);
    const [own, , other] = outcome;
    if (own?.kind !== 'skipped' || other?.kind !== 'skipped') throw new Error('expected skipped dates');
    expect(own.reasons).toEqual([{ violation: { code: 'overlap', params: { buffer: 15 } }, ownBookingPurpose: 'Vorstandssitzung Bürgerverein' }]);
    expect(other.reasons).toEqual([{ violation: { code: 'overlap', params: { buffer: 15 } } }]);
    expect(JSON.stringify(other)).not.toContain('Chorprobe');

    const room = getRoom(db, gruppenraum)!.room;
    for (const skippedDate of [own, other]) {
      const { sameDay, otherDay } = skippedDate;
      expect(sameDay).not.toBeNull();
      expect(otherDay).not.toBeNull();
      expect(berlin(sameDay!.startsAt).toISODate()).toBe(berlin(skippedDate.startsAt).toISODate());
      expect(sameDay!.endsAt.getTime() - sameDay!.startsAt.getTime()).toBe(2 * 60 * 60_000);
      expect(berlin(otherDay!.startsAt).toFormat('HH:mm')).toBe('19:00');
      expect(otherDay!.startsAt > skippedDate.startsAt).toBe(true);
      expect(checkSlots(db, room, [sameDay!], NOW)[0]!.violations).toEqual([]);
      expect(checkSlots(db, room, [otherDay!], NOW)[0]!.violations).toEqual([]);
    }
    // The Vorstandssitzung ends at 21:00: the nearest start that day is earlier, 16:30 (two hours plus buffer before 19:00).
    expect(berlin(own.sameDay!.startsAt).toFormat('HH:mm')).toBe('16:30');
    // The next day at 19:00 is free.
    expect(berlin(own.otherDay!.startsAt).toISODate()).toBe(first.plus({ days: 1 }).toISODate());
  });

  it('attaches the booked dates as an .ics to the confirmation mail, in Berlin time', () => {
    const verein = userBy(db, 'verein@example.org');
    const result = requestBooking(
      db,
      verein,
      {
        roomId: roomId(db, 'stadtteilbuero-kray', 'gruppenraum'),
        organisationId: orgId(db, BV),
        date: dateOn(NOW, 0, 4),
        from: '15:00',
        to: '17:00',
        purpose: 'Nähcafé',
        expectedAttendees: 6,
        series: { rule: 'weekly', count: 3 },
      },
      NOW,
    );
    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.kind, 'booking-confirmed'), like(outbox.textBody, '%Nähcafé%')))
      .get();
    const files = mail!.attachments!;
    expect(files.map((f) => [f.filename, f.contentType.split(';')[0]])).toEqual([['raumbuchung.ics', 'text/calendar']]);
    const calendar = new ICAL.Component(ICAL.parse(files[0]!.content));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('uid'))).toEqual(result.bookingIds.map((id) => `booking-${id}@quartiersportal`));
    const start = events[0]!.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/Berlin');
    expect(String(start.getFirstValue())).toBe(`${dateOn(NOW, 0, 4)}T15:00:00`);
    // A request that still waits for staff is no booking yet: no calendar file.
    const requested = db.select().from(outbox).where(eq(outbox.kind, 'booking-requested')).all();
    expect(requested.every((m) => m.attachments === null)).toBe(true);
  });
});

describe('item 10: the requester hears of every cancellation', () => {
  it('mails the requester in their language when they cancel themselves, and when staff cancel', () => {
    const verein = userBy(db, 'verein@example.org');
    db.update(users).set({ locale: 'en' }).where(eq(users.id, verein.id)).run();
    const book = (date: string) =>
      requestBooking(
        db,
        verein,
        {
          roomId: roomId(db, 'stadtteilbuero-kray', 'gruppenraum'),
          organisationId: orgId(db, BV),
          date,
          from: '10:00',
          to: '11:00',
          purpose: 'Kassenprüfung',
          expectedAttendees: 3,
        },
        NOW,
      ).bookingIds[0]!;
    const cancelledMails = () =>
      db
        .select()
        .from(outbox)
        .where(and(eq(outbox.kind, 'booking-cancelled'), eq(outbox.toAddress, 'verein@example.org')))
        .all();
    cancelBooking(db, verein, book(dateOn(NOW, 2, 3)), {}, NOW);
    expect(cancelledMails()).toHaveLength(1);
    expect(cancelledMails()[0]!.subject).toMatch(/^Room booking cancelled/);
    cancelBooking(db, userBy(db, 'kray@example.org'), book(dateOn(NOW, 2, 4)), { reason: 'Wasserschaden' }, NOW);
    expect(cancelledMails()).toHaveLength(2);
    expect(cancelledMails()[1]!.textBody).toContain('Wasserschaden');
  });
});
