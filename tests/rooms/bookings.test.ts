import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import { bookings, outbox, auditLog, roomClosures, rooms } from '../../db/schema';
import { listPendingRequests } from '../../src/lib/server/rooms/bookings';
import { planSlots } from '../../src/lib/server/rooms/booking-rules';
import { requestBooking, type BookingRequestInput } from '../../src/lib/server/rooms/booking-requests';
import { cancelBooking, decideBooking } from '../../src/lib/server/rooms/booking-decisions';
import {
  BookingForbiddenError,
  BookingRuleError,
  BookingStateError,
  RoomNotFoundError,
  SeriesConflictError,
  type RuleViolation,
} from '../../src/lib/server/rooms/errors';
import { getRoomWeek } from '../../src/lib/server/rooms/availability';
import { DomainError } from '../../src/lib/server/errors';
import { AWO, BV, KIRCHE, dateOn, orgId, roomId, userBy } from './fixtures';

// Monday 2 March 2026, 09:00 in Berlin: the clocks change on 29 March, inside the series below.
const NOW = DateTime.fromISO('2026-03-02T09:00', { zone: 'Europe/Berlin' }).toJSDate();

let db: DbConnection;
const opened: DbConnection[] = [];
beforeEach(async () => {
  db = (await demoDb(NOW)).db;
  opened.push(db);
});
afterAll(() => opened.forEach((d) => d.$client.close()));

function gruppenraum(over: Partial<BookingRequestInput> = {}): BookingRequestInput {
  return {
    roomId: roomId(db, 'stadtteilbuero-kray', 'gruppenraum'),
    organisationId: orgId(db, BV),
    date: dateOn(NOW, 1, 1),
    from: '10:00',
    to: '12:00',
    purpose: 'Vorstandssitzung',
    expectedAttendees: 8,
    ...over,
  };
}

function violationsOf(fn: () => unknown): RuleViolation[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof BookingRuleError) return error.violations;
    throw error;
  }
  throw new Error('expected a BookingRuleError');
}

function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof BookingRuleError) return error.violations.map((v) => v.code);
    throw error;
  }
  throw new Error('expected a BookingRuleError');
}

describe('requestBooking', () => {
  it('confirms a booking at once in an auto-confirming room and mails the requester', () => {
    const verein = userBy(db, 'verein@example.org');
    const result = requestBooking(db, verein, gruppenraum(), NOW);
    expect(result.status).toBe('confirmed');
    const row = db.select().from(bookings).where(eq(bookings.id, result.bookingIds[0]!)).get()!;
    expect(row.status).toBe('confirmed');
    expect(DateTime.fromJSDate(row.startsAt, { zone: 'Europe/Berlin' }).toFormat('HH:mm')).toBe('10:00');
    const mails = db.select().from(outbox).where(eq(outbox.kind, 'booking-confirmed')).all();
    expect(mails.map((m) => m.toAddress)).toEqual(['verein@example.org']);
    expect(mails[0]!.subject).toContain('Gruppenraum');
  });

  it('rejects a booking that overlaps the buffer and accepts one right after it', () => {
    const verein = userBy(db, 'verein@example.org');
    const kirche = userBy(db, 'kirche@example.org');
    requestBooking(db, verein, gruppenraum(), NOW);
    // The room has a 15-minute buffer: 12:10 is too close to the end at 12:00, 12:15 is fine.
    expect(codesOf(() => requestBooking(db, kirche, gruppenraum({ organisationId: orgId(db, KIRCHE), from: '12:10', to: '13:10' }), NOW))).toEqual(['overlap']);
    expect(codesOf(() => requestBooking(db, kirche, gruppenraum({ organisationId: orgId(db, KIRCHE), from: '08:00', to: '09:50' }), NOW))).toEqual(['overlap']);
    const ok = requestBooking(db, kirche, gruppenraum({ organisationId: orgId(db, KIRCHE), from: '12:15', to: '13:15' }), NOW);
    expect(ok.status).toBe('confirmed');
  });

  it('lets a pending request hold its slot in a room that needs approval', () => {
    const verein = userBy(db, 'verein@example.org');
    const kirche = userBy(db, 'kirche@example.org');
    const saal = { roomId: roomId(db, 'stadtteilbuero-kray', 'saal'), date: dateOn(NOW, 1, 2), from: '14:00', to: '17:00' };
    const first = requestBooking(db, verein, gruppenraum(saal), NOW);
    expect(first.status).toBe('requested');
    expect(codesOf(() => requestBooking(db, kirche, gruppenraum({ ...saal, organisationId: orgId(db, KIRCHE), from: '16:00', to: '18:00' }), NOW))).toEqual([
      'overlap',
    ]);
    expect(
      db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, 'booking-staff-request'))
        .all()
        .map((m) => m.toAddress),
    ).toEqual(['kray@example.org']);
  });

  it.each([
    ['outside the bookable hours', { from: '21:00', to: '23:00' }, 'outside_hours'],
    ['shorter than the minimum', { from: '10:00', to: '10:30' }, 'too_short'],
    ['longer than the maximum', { from: '09:00', to: '14:00' }, 'too_long'],
    ['inside the lead time', { date: DateTime.fromJSDate(NOW).setZone('Europe/Berlin').toISODate()!, from: '15:00', to: '16:00' }, 'lead_time'],
    ['in the past', { date: '2026-02-20' }, 'in_past'],
    ['further ahead than allowed', { date: '2027-06-07' }, 'too_far_ahead'],
    ['for more people than fit', { expectedAttendees: 21 }, 'over_capacity'],
    ['ending before it starts', { from: '12:00', to: '10:00' }, 'end_before_start'],
  ])('rejects a booking %s with its reason', (_name, over, code) => {
    expect(codesOf(() => requestBooking(db, userBy(db, 'verein@example.org'), gruppenraum(over), NOW))).toContain(code);
    expect(db.select().from(bookings).all()).toHaveLength(4);
  });

  it('reports every rule a request breaks at once, each as a problem next to its field', () => {
    const before = db.select().from(bookings).all().length;
    let error: unknown;
    try {
      requestBooking(db, userBy(db, 'verein@example.org'), gruppenraum({ date: '2026-02-20', from: '10:00', to: '10:30', expectedAttendees: 21 }), NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BookingRuleError);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as BookingRuleError).kind).toBe('invalid');
    expect((error as BookingRuleError).problems).toEqual([
      { key: 'rooms.error.over_capacity', field: 'expectedAttendees', params: { capacity: 20 } },
      { key: 'rooms.error.in_past', field: 'date' },
      { key: 'rooms.error.too_short', field: 'to', params: { minutes: 60 } },
    ]);
    expect(db.select().from(bookings).all()).toHaveLength(before);
  });

  it('keeps a clash with another booking a problem of the whole request, answered as a conflict', () => {
    const verein = userBy(db, 'verein@example.org');
    requestBooking(db, verein, gruppenraum(), NOW);
    try {
      requestBooking(db, userBy(db, 'kirche@example.org'), gruppenraum({ organisationId: orgId(db, KIRCHE), expectedAttendees: 30 }), NOW);
      expect.unreachable();
    } catch (error) {
      expect((error as BookingRuleError).kind).toBe('conflict');
      expect((error as BookingRuleError).problems).toEqual([
        { key: 'rooms.error.over_capacity', field: 'expectedAttendees', params: { capacity: 20 } },
        { key: 'rooms.error.overlap', params: { buffer: 15 } },
      ]);
    }
  });

  it('says only "end before start" for an end before the start, not also "too short"', () => {
    expect(codesOf(() => requestBooking(db, userBy(db, 'verein@example.org'), gruppenraum({ from: '12:00', to: '11:30' }), NOW))).toEqual(['end_before_start']);
  });

  it('rejects a booking during a room closure and names the reason', () => {
    const saal = roomId(db, 'stadtteilbuero-kray', 'saal');
    const closure = db.select().from(roomClosures).where(eq(roomClosures.roomId, saal)).get()!;
    const date = DateTime.fromJSDate(closure.startsAt, { zone: 'Europe/Berlin' }).plus({ days: 1 }).toISODate()!;
    try {
      requestBooking(db, userBy(db, 'verein@example.org'), gruppenraum({ roomId: saal, date, from: '14:00', to: '17:00' }), NOW);
      expect.unreachable();
    } catch (error) {
      expect((error as BookingRuleError).violations).toContainEqual({ code: 'closure', params: { reason: 'Malerarbeiten im Saal' } });
    }
  });

  it("uses the place's opening hours when the room has none, and closes on public holidays", () => {
    const room = roomId(db, 'treff-am-gervinuspark', 'besprechungsraum');
    const kirche = userBy(db, 'kirche@example.org');
    const base = { roomId: room, organisationId: orgId(db, AWO) };
    // A normal Friday: the Treff is open 09:30–14:00.
    expect(codesOf(() => requestBooking(db, kirche, gruppenraum({ ...base, date: '2026-03-20', from: '14:00', to: '15:00' }), NOW))).toEqual(['outside_hours']);
    expect(requestBooking(db, kirche, gruppenraum({ ...base, date: '2026-03-20', from: '12:00', to: '13:00' }), NOW).status).toBe('confirmed');
    // Good Friday 2026 (3 April) is a public holiday in NRW: the message names it.
    expect(violationsOf(() => requestBooking(db, kirche, gruppenraum({ ...base, date: '2026-04-03', from: '10:00', to: '11:00' }), NOW))).toEqual([
      { code: 'place_closed', params: { reason: 'Karfreitag' } },
    ]);
  });

  it('refuses a room with its own bookable hours while its house is closed, for a single date and each date of a series', async () => {
    // 1 December 2026: the demo Stadtteilbüro Kray is closed from 24 December to 1 January (Weihnachtspause).
    const december = DateTime.fromISO('2026-12-01T09:00', { zone: 'Europe/Berlin' }).toJSDate();
    const winter = (await demoDb(december)).db;
    opened.push(winter);
    const verein = userBy(winter, 'verein@example.org');
    const room = roomId(winter, 'stadtteilbuero-kray', 'gruppenraum');
    const request = (over: Partial<BookingRequestInput>): BookingRequestInput => ({
      ...gruppenraum(),
      roomId: room,
      organisationId: orgId(winter, BV),
      ...over,
    });
    const pause = { code: 'place_closed', params: { reason: 'Weihnachtspause – ab dem 2. Januar sind wir wieder für Sie da.' } };
    expect(violationsOf(() => requestBooking(winter, verein, request({ date: '2026-12-30' }), december))).toEqual([pause]);
    expect(violationsOf(() => requestBooking(winter, verein, request({ date: '2027-01-01' }), december))).toEqual([pause]);
    // Wednesdays 16 and 23 December, 30 December (closed), 6 January (open again; Epiphany is no holiday in NRW).
    let conflict: SeriesConflictError | undefined;
    try {
      requestBooking(winter, verein, request({ date: '2026-12-16', series: { rule: 'weekly', count: 4 } }), december);
    } catch (error) {
      conflict = error as SeriesConflictError;
    }
    expect(conflict).toBeInstanceOf(SeriesConflictError);
    expect(conflict!.conflicts.map((c) => [DateTime.fromJSDate(c.startsAt, { zone: 'Europe/Berlin' }).toISODate(), c.violations])).toEqual([
      ['2026-12-30', [pause]],
    ]);
    // The week view of 28 December shows every slot up to New Year's Day closed, not free; the weekend after is open.
    const week = getRoomWeek(winter, winter.select().from(rooms).where(eq(rooms.id, room)).get()!, '2026-12-28', [], december);
    const statesOn = (day: number) => new Set(week.rows.map((r) => r.cells[day]!.state));
    for (const day of [0, 1, 2, 3, 4]) expect(statesOn(day)).toEqual(new Set(['closed']));
    expect(statesOn(5)).toEqual(new Set(['free']));
    expect(requestBooking(winter, verein, request({ date: '2027-01-04' }), december).status).toBe('confirmed');
  });

  it('refuses members of other organisations, unknown rooms and organisations not allowed for the room', () => {
    const verein = userBy(db, 'verein@example.org');
    expect(() => requestBooking(db, verein, gruppenraum({ organisationId: orgId(db, KIRCHE) }), NOW)).toThrow(BookingForbiddenError);
    expect(() => requestBooking(db, verein, gruppenraum({ roomId: 99_999 }), NOW)).toThrow(RoomNotFoundError);
    const room = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    db.$client.prepare('INSERT INTO room_allowed_organisations (room_id, organisation_id) VALUES (?, ?)').run(room, orgId(db, KIRCHE));
    expect(codesOf(() => requestBooking(db, verein, gruppenraum(), NOW))).toEqual(['organisation_not_allowed']);
  });
});

describe('series', () => {
  it('keeps the wall-clock time across the change to summer time', () => {
    const slots = planSlots({ date: '2026-03-23', from: '18:00', to: '20:00', series: { rule: 'weekly', count: 3 } });
    expect(slots.map((s) => DateTime.fromJSDate(s.startsAt, { zone: 'Europe/Berlin' }).toFormat('yyyy-LL-dd HH:mm'))).toEqual([
      '2026-03-23 18:00',
      '2026-03-30 18:00',
      '2026-04-06 18:00',
    ]);
    expect(slots[0]!.startsAt.toISOString()).toBe('2026-03-23T17:00:00.000Z');
    expect(slots[1]!.startsAt.toISOString()).toBe('2026-03-30T16:00:00.000Z');
  });

  it('plans fortnightly series until a date, inclusive', () => {
    const slots = planSlots({ date: '2026-03-09', from: '18:00', to: '20:00', series: { rule: 'fortnightly', until: '2026-04-20' } });
    expect(slots.map((s) => DateTime.fromJSDate(s.startsAt, { zone: 'Europe/Berlin' }).toISODate())).toEqual([
      '2026-03-09',
      '2026-03-23',
      '2026-04-06',
      '2026-04-20',
    ]);
  });

  it('lists each conflicting date of a series, and books only the free ones when asked', () => {
    const verein = userBy(db, 'verein@example.org');
    const kirche = userBy(db, 'kirche@example.org');
    // Kirche books Monday in three weeks; the Bürgerverein then asks for five Mondays in a row, the last of them
    // Easter Monday (6 April 2026), when the Stadtteilbüro is shut although the room has its own bookable hours.
    requestBooking(db, kirche, gruppenraum({ organisationId: orgId(db, KIRCHE), date: dateOn(NOW, 3, 1) }), NOW);
    const series = gruppenraum({ series: { rule: 'weekly', count: 5 } });
    let conflict: SeriesConflictError | undefined;
    try {
      requestBooking(db, verein, series, NOW);
    } catch (error) {
      conflict = error as SeriesConflictError;
    }
    expect(conflict).toBeInstanceOf(SeriesConflictError);
    expect(conflict!.conflicts.map((c) => DateTime.fromJSDate(c.startsAt, { zone: 'Europe/Berlin' }).toISODate())).toEqual([dateOn(NOW, 3, 1), '2026-04-06']);
    expect(conflict!.conflicts.map((c) => c.violations)).toEqual([
      [{ code: 'overlap', params: { buffer: 15 } }],
      [{ code: 'place_closed', params: { reason: 'Ostermontag' } }],
    ]);
    expect(conflict!.free).toHaveLength(3);
    expect(conflict!.problems).toEqual([{ key: 'rooms.error.seriesConflict', params: { conflicts: 2, total: 5 } }]);
    expect(
      db
        .select()
        .from(bookings)
        .where(eq(bookings.organisationId, orgId(db, BV)))
        .all(),
    ).toHaveLength(2);

    const booked = requestBooking(db, verein, { ...series, skipConflicts: true }, NOW);
    expect(booked.bookingIds).toHaveLength(3);
    expect(booked.skipped).toHaveLength(2);
    expect(db.select().from(bookings).where(eq(bookings.seriesId, booked.seriesId!)).all()).toHaveLength(3);
  });
});

describe('decisions and cancellations', () => {
  function saalSeries(): number[] {
    const verein = userBy(db, 'verein@example.org');
    return requestBooking(
      db,
      verein,
      gruppenraum({
        roomId: roomId(db, 'stadtteilbuero-kray', 'saal'),
        date: dateOn(NOW, 1, 2),
        from: '14:00',
        to: '17:00',
        series: { rule: 'weekly', count: 2 },
      }),
      NOW,
    ).bookingIds;
  }

  it('lets staff of the Quartier approve a whole series at once and mails the organisation', () => {
    const ids = saalSeries();
    expect(() => decideBooking(db, userBy(db, 'frohnhausen@example.org'), ids[0]!, { kind: 'confirm' }, { wholeSeries: true }, NOW)).toThrow(
      BookingForbiddenError,
    );
    const pending = listPendingRequests(db, 'all', NOW);
    expect(pending.find((g) => g.items.some((i) => i.booking.id === ids[0]))?.items).toHaveLength(2);
    const decided = decideBooking(db, userBy(db, 'kray@example.org'), ids[0]!, { kind: 'confirm' }, { wholeSeries: true }, NOW);
    expect(decided.sort()).toEqual([...ids].sort());
    expect(
      db
        .select({ s: bookings.status })
        .from(bookings)
        .where(eq(bookings.seriesId, db.select().from(bookings).where(eq(bookings.id, ids[0]!)).get()!.seriesId!))
        .all()
        .map((r) => r.s),
    ).toEqual(['confirmed', 'confirmed']);
    expect(db.select().from(outbox).where(eq(outbox.kind, 'booking-confirmed')).all()).toHaveLength(1);
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'booking.confirm')).all()).toHaveLength(1);
    expect(() => decideBooking(db, userBy(db, 'kray@example.org'), ids[0]!, { kind: 'decline', reason: 'x' }, {}, NOW)).toThrow(BookingStateError);
  });

  it('requires a reason to decline and frees the slot afterwards', () => {
    const [id] = saalSeries();
    const kray = userBy(db, 'kray@example.org');
    expect(() => decideBooking(db, kray, id!, { kind: 'decline', reason: '  ' }, {}, NOW)).toThrow(BookingStateError);
    decideBooking(db, kray, id!, { kind: 'decline', reason: 'Saal wird für die Bürgerversammlung gebraucht' }, {}, NOW);
    const row = db.select().from(bookings).where(eq(bookings.id, id!)).get()!;
    expect(row.status).toBe('declined');
    expect(row.statusReason).toContain('Bürgerversammlung');
    const mail = db.select().from(outbox).where(eq(outbox.kind, 'booking-declined')).get()!;
    expect(mail.textBody).toContain('Bürgerversammlung');
    const again = requestBooking(
      db,
      userBy(db, 'kirche@example.org'),
      gruppenraum({ roomId: row.roomId, organisationId: orgId(db, KIRCHE), date: dateOn(NOW, 1, 2), from: '14:00', to: '17:00' }),
      NOW,
    );
    expect(again.status).toBe('requested');
  });

  it('lets the organisation cancel before the deadline but not after, and staff only with a reason', () => {
    const verein = userBy(db, 'verein@example.org');
    const own = requestBooking(db, verein, gruppenraum(), NOW).bookingIds[0]!;
    expect(() => cancelBooking(db, userBy(db, 'kirche@example.org'), own, {}, NOW)).toThrow(BookingForbiddenError);
    const start = db.select().from(bookings).where(eq(bookings.id, own)).get()!.startsAt;
    const afterDeadline = DateTime.fromJSDate(start).minus({ hours: 23 }).toJSDate();
    expect(() => cancelBooking(db, verein, own, {}, afterDeadline)).toThrow(BookingStateError);
    expect(() => cancelBooking(db, userBy(db, 'frohnhausen@example.org'), own, { reason: 'Wasserschaden' }, afterDeadline)).toThrow(BookingForbiddenError);
    expect(() => cancelBooking(db, userBy(db, 'kray@example.org'), own, {}, afterDeadline)).toThrow(BookingStateError);
    cancelBooking(db, userBy(db, 'kray@example.org'), own, { reason: 'Wasserschaden' }, afterDeadline);
    expect(db.select().from(bookings).where(eq(bookings.id, own)).get()!.status).toBe('cancelled');
    expect(db.select().from(outbox).where(eq(outbox.kind, 'booking-cancelled')).get()!.textBody).toContain('Wasserschaden');

    const second = requestBooking(db, verein, gruppenraum({ from: '14:00', to: '15:00' }), NOW).bookingIds[0]!;
    cancelBooking(db, verein, second, {}, NOW);
    expect(db.select().from(bookings).where(eq(bookings.id, second)).get()!.status).toBe('cancelled');
    expect(
      db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, 'booking-staff-cancelled'))
        .all()
        .map((m) => m.toAddress),
    ).toEqual(['kray@example.org']);
  });
});

describe('database guard', () => {
  it('refuses an overlapping booking written past the domain, counting the buffer', () => {
    const room = db.select().from(rooms).where(eq(rooms.slug, 'gruppenraum')).get()!;
    const existing = db
      .select()
      .from(bookings)
      .where(and(eq(bookings.roomId, room.id), eq(bookings.status, 'confirmed')))
      .get()!;
    const insert = db.$client.prepare(
      `INSERT INTO bookings (room_id, organisation_id, starts_at, ends_at, purpose, expected_attendees, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'x', 1, ?, 0, 0)`,
    );
    const end = existing.endsAt.getTime();
    expect(() => insert.run(room.id, existing.organisationId, end + 5 * 60_000, end + 65 * 60_000, 'confirmed')).toThrow(/booking_overlap/);
    expect(() => insert.run(room.id, existing.organisationId, end + 15 * 60_000, end + 75 * 60_000, 'requested')).not.toThrow();
    // Cancelled bookings do not hold a slot, and reviving one that overlaps is refused.
    const cancelled = insert.run(room.id, existing.organisationId, end, end + 60 * 60_000, 'cancelled');
    expect(() => db.$client.prepare("UPDATE bookings SET status = 'confirmed' WHERE id = ?").run(cancelled.lastInsertRowid)).toThrow(/booking_overlap/);
  });
});
