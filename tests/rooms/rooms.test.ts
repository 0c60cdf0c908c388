import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { demoDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import { auditLog, bookings, eventQuartiere, events, outbox, rooms } from '../../db/schema';
import { requestBooking } from '../../src/lib/server/rooms/booking-requests';
import { addRoomClosure, getRoom, listAllowedOrganisationIds, updateRoom, type RoomSettings } from '../../src/lib/server/rooms/rooms';
import { getRoomWeek } from '../../src/lib/server/rooms/availability';
import { sendBookingReminders } from '../../src/lib/server/rooms/reminders';
import { offerBookingAsEvent } from '../../src/lib/server/rooms/feeds';
import { BookingForbiddenError, BookingStateError, RoomRuleError } from '../../src/lib/server/rooms/errors';
import { BV, KIRCHE, dateOn, orgId, roomId, userBy } from './fixtures';

const NOW = DateTime.fromISO('2026-03-02T09:00', { zone: 'Europe/Berlin' }).toJSDate();
let db: DbConnection;
const opened: DbConnection[] = [];
beforeEach(async () => {
  db = (await demoDb(NOW)).db;
  opened.push(db);
});
afterAll(() => opened.forEach((d) => d.$client.close()));

function settingsOf(id: number, over: Partial<RoomSettings> = {}): RoomSettings {
  const { room } = getRoom(db, id)!;
  return {
    name: room.name,
    description: room.description,
    capacity: room.capacity,
    equipment: room.equipment.split(','),
    stepFree: room.stepFree,
    photoPath: room.photoPath,
    photoAlt: room.photoAlt,
    requiresApproval: room.requiresApproval,
    bookableFrom: room.bookableFrom,
    bookableUntil: room.bookableUntil,
    minMinutes: room.minMinutes,
    maxMinutes: room.maxMinutes,
    leadTimeHours: room.leadTimeHours,
    maxAdvanceDays: room.maxAdvanceDays,
    bufferMinutes: room.bufferMinutes,
    cancelDeadlineHours: room.cancelDeadlineHours,
    active: room.active,
    allowedOrganisationIds: listAllowedOrganisationIds(db, id),
    ...over,
  };
}

function book(date: string, from: string, to: string, org = BV, email = 'verein@example.org'): number {
  return requestBooking(
    db,
    userBy(db, email),
    { roomId: roomId(db, 'stadtteilbuero-kray', 'gruppenraum'), organisationId: orgId(db, org), date, from, to, purpose: 'Sitzung', expectedAttendees: 5 },
    NOW,
  ).bookingIds[0]!;
}

describe('room settings', () => {
  it('lets staff of the Quartier change rules, audits the change, and applies them to new requests', () => {
    const id = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    expect(() => updateRoom(db, userBy(db, 'frohnhausen@example.org'), id, settingsOf(id, { capacity: 5 }))).toThrow(BookingForbiddenError);
    expect(() => updateRoom(db, userBy(db, 'verein@example.org'), id, settingsOf(id, { capacity: 5 }))).toThrow(BookingForbiddenError);
    updateRoom(db, userBy(db, 'kray@example.org'), id, settingsOf(id, { capacity: 5, requiresApproval: true, allowedOrganisationIds: [orgId(db, KIRCHE)] }));
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'room.update')).get()!;
    expect(JSON.parse(audit.details).changed).toMatchObject({ capacity: 5, requiresApproval: true });
    const result = requestBooking(
      db,
      userBy(db, 'kirche@example.org'),
      { roomId: id, organisationId: orgId(db, KIRCHE), date: dateOn(NOW, 1, 1), from: '10:00', to: '11:00', purpose: 'Kreis', expectedAttendees: 5 },
      NOW,
    );
    expect(result.status).toBe('requested');
  });

  it.each([
    ['a maximum below the minimum', { minMinutes: 120, maxMinutes: 60 }, 'max_below_min'],
    ['bookings longer than a day', { maxMinutes: 2000 }, 'max_too_long'],
    ['a photo without a description', { photoPath: '/bilder/raum.jpg', photoAlt: '' }, 'alt_required'],
    ['only a start of the bookable hours', { bookableFrom: '08:00', bookableUntil: null }, 'hours_pair'],
  ])('refuses %s', (_name, over, code) => {
    const id = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    const before = JSON.stringify(db.select().from(rooms).where(eq(rooms.id, id)).get());
    try {
      updateRoom(db, userBy(db, 'kray@example.org'), id, settingsOf(id, over));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RoomRuleError);
      expect((error as RoomRuleError).violations.map((v) => v.code)).toEqual([code]);
    }
    expect(JSON.stringify(db.select().from(rooms).where(eq(rooms.id, id)).get())).toBe(before);
  });

  it('reports every broken room rule at once, each next to its field', () => {
    const id = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    try {
      updateRoom(db, userBy(db, 'kray@example.org'), id, settingsOf(id, { minMinutes: 120, maxMinutes: 60, photoPath: '/bilder/raum.jpg', photoAlt: '' }));
      expect.unreachable();
    } catch (error) {
      expect((error as RoomRuleError).problems).toEqual([
        { key: 'rooms.settings.error.max_below_min', field: 'maxMinutes' },
        { key: 'rooms.settings.error.alt_required', field: 'photoAlt' },
      ]);
    }
  });
});

describe('week view', () => {
  it("shows other organisations' bookings only as taken, own ones with purpose, and the buffer", () => {
    const date = dateOn(NOW, 1, 1);
    const own = book(date, '10:00', '12:00');
    book(date, '14:00', '15:00', KIRCHE, 'kirche@example.org');
    const room = getRoom(db, roomId(db, 'stadtteilbuero-kray', 'gruppenraum'))!.room;
    const week = getRoomWeek(db, room, date, [orgId(db, BV)], NOW);
    const column = week.days.findIndex((d) => d.date === date);
    const at = (time: string) => week.rows.find((r) => r.time === time)!.cells[column]!;
    expect(at('10:00')).toMatchObject({ state: 'own', booking: { id: own, purpose: 'Sitzung', status: 'confirmed' } });
    expect(at('14:00')).toEqual({ state: 'taken', date, time: '14:00' });
    expect(at('12:00').state).toBe('buffer');
    expect(at('13:30').state).toBe('buffer');
    expect(at('12:30').state).toBe('free');
    expect(week.rows.find((r) => r.time === '07:30')).toBeUndefined();
    expect(week.rows[0]!.time).toBe('08:00');
    expect(week.rows.at(-1)!.time).toBe('21:30');
  });

  it('marks closures and times inside the lead time as not bookable', () => {
    const id = roomId(db, 'stadtteilbuero-kray', 'gruppenraum');
    const date = dateOn(NOW, 1, 3);
    addRoomClosure(db, userBy(db, 'kray@example.org'), id, {
      startsAt: DateTime.fromISO(`${date}T08:00`, { zone: 'Europe/Berlin' }).toJSDate(),
      endsAt: DateTime.fromISO(`${date}T12:00`, { zone: 'Europe/Berlin' }).toJSDate(),
      reason: 'Reinigung',
    });
    const week = getRoomWeek(db, getRoom(db, id)!.room, date, [], NOW);
    const column = week.days.findIndex((d) => d.date === date);
    expect(week.rows.find((r) => r.time === '09:00')!.cells[column]!.state).toBe('closed');
    expect(week.rows.find((r) => r.time === '12:00')!.cells[column]!.state).toBe('free');
    const today = getRoomWeek(db, getRoom(db, id)!.room, '2026-03-02', [], NOW);
    // Monday 09:00 with 24 hours' notice: Monday evening is too soon, Tuesday afternoon is free.
    expect(today.rows.find((r) => r.time === '18:00')!.cells[0]!.state).toBe('too_soon');
    expect(today.rows.find((r) => r.time === '15:00')!.cells[1]!.state).toBe('free');
  });
});

describe('reminders', () => {
  it('queues one reminder the day before a confirmed booking, never twice', () => {
    const id = book(dateOn(NOW, 1, 2), '10:00', '11:00');
    const dayBefore = DateTime.fromJSDate(db.select().from(bookings).where(eq(bookings.id, id)).get()!.startsAt)
      .minus({ days: 1 })
      .set({ hour: 7 })
      .toJSDate();
    const twoDaysBefore = DateTime.fromJSDate(dayBefore).minus({ days: 1 }).toJSDate();
    expect(sendBookingReminders(db, twoDaysBefore)).toBe(0);
    expect(sendBookingReminders(db, dayBefore)).toBeGreaterThanOrEqual(1);
    expect(sendBookingReminders(db, dayBefore)).toBe(0);
    const mails = db.select().from(outbox).where(eq(outbox.kind, 'booking-reminder')).all();
    const ours = mails.filter((m) => m.dedupeKey === `booking-reminder:${id}:verein@example.org`);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.subject).toContain('morgen');
  });
});

describe('offering a booking as a public event', () => {
  it('creates a proposed event linked to the booking, once, only for members of the organisation', () => {
    const id = book(dateOn(NOW, 2, 2), '18:00', '20:00');
    expect(() => offerBookingAsEvent(db, userBy(db, 'kirche@example.org'), id, { title: 'Offener Abend', description: '' }, NOW)).toThrow(
      BookingForbiddenError,
    );
    const eventId = offerBookingAsEvent(db, userBy(db, 'verein@example.org'), id, { title: 'Offener Abend', description: 'Alle sind willkommen.' }, NOW);
    const event = db.select().from(events).where(eq(events.id, eventId)).get()!;
    expect(event).toMatchObject({ status: 'proposed', bookingId: id, title: 'Offener Abend' });
    expect(event.startLocal).toBe(`${dateOn(NOW, 2, 2)}T18:00`);
    expect(db.select().from(eventQuartiere).where(eq(eventQuartiere.eventId, eventId)).all()).toHaveLength(1);
    expect(() => offerBookingAsEvent(db, userBy(db, 'verein@example.org'), id, { title: 'Nochmal', description: '' }, NOW)).toThrow(BookingStateError);
  });
});
