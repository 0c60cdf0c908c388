import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freshDb } from '../helpers/db';
import * as s from '../../db/schema';

function setup() {
  const { db } = freshDb();
  const quartier = db.insert(s.quartiere).values({ slug: 'kray', name: 'Kray' }).returning().get();
  const place = db
    .insert(s.places)
    .values({ slug: 'sb', quartierId: quartier.id, kind: 'stadtteilbuero', name: 'SB', street: 'A 1', postalCode: '45307', city: 'Essen' })
    .returning()
    .get();
  const room = db.insert(s.rooms).values({ placeId: place.id, slug: 'r', name: 'Raum', capacity: 10 }).returning().get();
  const org = db.insert(s.organisations).values({ slug: 'bv', name: 'BV', kind: 'buergerverein' }).returning().get();
  return { db, quartier, place, room, org };
}

const t0 = new Date('2026-12-01T14:00:00Z');
const t1 = new Date('2026-12-01T16:00:00Z');

describe('schema and migrations', () => {
  it('applies all migrations to an empty file with foreign keys and WAL on', () => {
    const { db } = freshDb();
    const tables = db
      .all<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'`)
      .map((r) => r.name);
    for (const table of [
      'quartiere',
      'places',
      'opening_hours',
      'opening_exceptions',
      'events',
      'event_occurrences',
      'event_exceptions',
      'rooms',
      'bookings',
      'booking_series',
      'organisations',
      'organisation_members',
      'users',
      'sessions',
      'staff_scopes',
      'volunteer_programmes',
      'volunteer_applications',
      'volunteer_slots',
      'signups',
      'help_requests',
      'attestations',
      'outbox',
      'audit_log',
    ]) {
      expect(tables).toContain(table);
    }
    expect(db.get<{ foreign_keys: number }>(sql`pragma foreign_keys`)?.foreign_keys).toBe(1);
    expect(db.get<{ journal_mode: string }>(sql`pragma journal_mode`)?.journal_mode).toBe('wal');
  });

  it('accepts a valid booking', () => {
    const { db, room, org } = setup();
    const row = db
      .insert(s.bookings)
      .values({ roomId: room.id, organisationId: org.id, startsAt: t0, endsAt: t1, purpose: 'Sitzung', expectedAttendees: 5 })
      .returning()
      .get();
    expect(row.status).toBe('requested');
  });

  const badBookings: [string, (ids: { roomId: number; organisationId: number }) => s.Booking | unknown][] = [
    ['a booking that ends before it starts', (ids) => ({ ...ids, startsAt: t1, endsAt: t0 })],
    ['a booking that ends when it starts', (ids) => ({ ...ids, startsAt: t0, endsAt: t0 })],
    ['a booking for a missing room', (ids) => ({ ...ids, roomId: 9999, startsAt: t0, endsAt: t1 })],
    ['a booking for a missing organisation', (ids) => ({ ...ids, organisationId: 9999, startsAt: t0, endsAt: t1 })],
    ['a booking with zero people', (ids) => ({ ...ids, startsAt: t0, endsAt: t1, expectedAttendees: 0 })],
    ['a booking with negative people', (ids) => ({ ...ids, startsAt: t0, endsAt: t1, expectedAttendees: -3 })],
  ];
  it.each(badBookings)('rejects %s', (_name, make) => {
    const { db, room, org } = setup();
    const values = { purpose: 'x', expectedAttendees: 5, ...(make({ roomId: room.id, organisationId: org.id }) as object) };
    expect(() =>
      db
        .insert(s.bookings)
        .values(values as s.Booking)
        .run(),
    ).toThrow(/constraint/i);
    expect(db.select().from(s.bookings).all()).toHaveLength(0);
  });

  it('rejects rooms with zero capacity or max shorter than min', () => {
    const { db, place } = setup();
    expect(() => db.insert(s.rooms).values({ placeId: place.id, slug: 'x', name: 'X', capacity: 0 }).run()).toThrow(/CHECK/);
    expect(() => db.insert(s.rooms).values({ placeId: place.id, slug: 'y', name: 'Y', capacity: 5, minMinutes: 120, maxMinutes: 60 }).run()).toThrow(/CHECK/);
  });

  it('rejects opening hours with an invalid weekday and closures that end before they start', () => {
    const { db, place } = setup();
    expect(() => db.insert(s.openingHours).values({ placeId: place.id, weekday: 8, opens: '09:00', closes: '12:00' }).run()).toThrow(/CHECK/);
    expect(() => db.insert(s.openingHours).values({ placeId: place.id, weekday: 1, opens: '9 Uhr', closes: '12:00' }).run()).toThrow(/CHECK/);
    expect(() => db.insert(s.openingExceptions).values({ placeId: place.id, dateFrom: '2026-12-24', dateTo: '2026-12-20', kind: 'closed' }).run()).toThrow(
      /CHECK/,
    );
  });

  it('rejects volunteer slots with no places and sign-ups aimed at nothing or at two things', () => {
    const { db } = setup();
    const programme = db.insert(s.volunteerProgrammes).values({ slug: 'p', name: 'P' }).returning().get();
    expect(() =>
      db.insert(s.volunteerSlots).values({ programmeId: programme.id, kind: 'training', title: 'T', startsAt: t0, endsAt: t1, needed: 0 }).run(),
    ).toThrow(/CHECK/);
    expect(() => db.insert(s.signups).values({ name: 'A', status: 'confirmed', queuedAt: t0 }).run()).toThrow(/CHECK/);
  });

  it('rejects upper-case e-mail addresses so uniqueness cannot be bypassed', () => {
    const { db } = setup();
    expect(() => db.insert(s.users).values({ email: 'A@example.org', passwordHash: 'x', displayName: 'A' }).run()).toThrow(/CHECK/);
  });
});

describe('search folding', () => {
  it('lower-cases in German, spells umlauts out and drops other accents, in JavaScript and in SQL alike', async () => {
    const { foldForSearch, createTestDb } = await import('../../db/client');
    expect(foldForSearch('Über den Frühstückstreff – Café Straße')).toBe('ueber den fruehstueckstreff – cafe strasse');
    expect(foldForSearch('ÄÖÜ')).toBe('aeoeue');
    const { db } = createTestDb();
    expect(db.$client.prepare("SELECT search_fold('Öffnungszeiten im Café')").pluck().get()).toBe('oeffnungszeiten im cafe');
    expect(db.$client.prepare('SELECT search_fold(NULL)').pluck().get()).toBeNull();
    db.$client.close();
  });
});
