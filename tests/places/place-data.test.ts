import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { demoDb, freshDb } from '../helpers/db';
import type { DbConnection } from '../../db/client';
import { eventExceptions, eventOccurrences, events, openingExceptions, openingHours, places, quartiere } from '../../db/schema';
import { getPlaceHours, getPlaceWithQuartier, isPlaceOpenAt, listPlacesWithQuartier, loadPlaceHours } from '../../src/lib/server/places';
import { listUpcomingOccurrences } from '../../src/lib/server/events/upcoming';
import { localToInstant } from '../../src/lib/time';

describe('loading opening hours from the database', () => {
  let db: DbConnection;
  let placeId: number;
  beforeAll(() => {
    db = freshDb().db;
    const quartierId = db.insert(quartiere).values({ slug: 'testquartier', name: 'Testquartier' }).returning().get().id;
    placeId = db
      .insert(places)
      .values({ slug: 'test-treff', quartierId, kind: 'treff', name: 'Test-Treff', street: 'Weg 1', postalCode: '45000', city: 'Essen', hasOpeningHours: true })
      .returning()
      .get().id;
    db.insert(openingHours)
      .values([
        { placeId, weekday: 5, opens: '20:00', closes: '02:00' },
        { placeId, weekday: 1, opens: '09:00', closes: '13:00' },
      ])
      .run();
    db.insert(openingExceptions)
      .values([
        { placeId, dateFrom: '2026-01-05', dateTo: '2026-01-05', kind: 'closed', reason: 'lange vorbei' },
        { placeId, dateFrom: '2026-11-30', dateTo: '2026-11-30', kind: 'closed', reason: 'Teamtag' },
      ])
      .run();
  });

  it('loads rules in weekday order and leaves out exceptions that ended before the given date', () => {
    const hours = getPlaceHours(db, placeId, '2026-11-22');
    expect(hours?.holidayRegion).toBe('NW');
    expect(hours?.rules.map((r) => r.weekday)).toEqual([1, 5]);
    expect(hours?.exceptions.map((e) => e.reason)).toEqual(['Teamtag']);
  });

  it('answers isPlaceOpenAt from the stored rules, across midnight and with the closure', () => {
    expect(isPlaceOpenAt(db, placeId, localToInstant('2026-11-28T01:00')!)).toBe(true);
    expect(isPlaceOpenAt(db, placeId, localToInstant('2026-11-23T10:00')!)).toBe(true);
    expect(isPlaceOpenAt(db, placeId, localToInstant('2026-11-30T10:00')!)).toBe(false);
    expect(isPlaceOpenAt(db, 999_999, new Date())).toBeNull();
  });

  it('gives every requested place an entry, also one without rules', () => {
    const map = loadPlaceHours(
      db,
      [
        { id: placeId, holidayRegion: 'NW' },
        { id: 424_242, holidayRegion: 'NI' },
      ],
      '2026-06-01',
    );
    expect(map.get(424_242)).toEqual({ rules: [], exceptions: [], holidayRegion: 'NI' });
    expect(map.get(placeId)?.exceptions).toHaveLength(1);
  });
});

describe('places of the demo city', () => {
  let db: DbConnection;
  beforeAll(async () => {
    db = (await demoDb()).db;
  });

  it('lists places grouped in Quartier order, and filters by Quartier', () => {
    const all = listPlacesWithQuartier(db);
    const quartierOrder = all.map((r) => r.quartier.sortOrder);
    expect(quartierOrder).toEqual([...quartierOrder].sort((a, b) => a - b));
    const karnap = db.select().from(quartiere).where(eq(quartiere.slug, 'karnap')).get()!;
    const onlyKarnap = listPlacesWithQuartier(db, { quartierId: karnap.id });
    expect(onlyKarnap.length).toBeGreaterThan(0);
    expect(onlyKarnap.every((r) => r.quartier.slug === 'karnap')).toBe(true);
    expect(getPlaceWithQuartier(db, 'stadtteilbuero-karnap')?.quartier.slug).toBe('karnap');
    expect(getPlaceWithQuartier(db, 'gibt-es-nicht')).toBeNull();
  });

  it('lists an occurrence moved to another place under the new place, not the old one', () => {
    const moved = db
      .select({ occurrenceId: eventOccurrences.id, newPlaceId: eventExceptions.placeId, oldPlaceId: events.placeId })
      .from(eventOccurrences)
      .innerJoin(eventExceptions, eq(eventExceptions.id, eventOccurrences.exceptionId))
      .innerJoin(events, eq(events.id, eventOccurrences.eventId))
      .all()
      .find((r) => r.newPlaceId !== null && r.newPlaceId !== r.oldPlaceId);
    expect(moved).toBeDefined();
    const atNew = listUpcomingOccurrences(db, { placeId: moved!.newPlaceId!, limit: 500 }).map((o) => o.occurrenceId);
    const atOld = listUpcomingOccurrences(db, { placeId: moved!.oldPlaceId!, limit: 500 }).map((o) => o.occurrenceId);
    expect(atNew).toContain(moved!.occurrenceId);
    expect(atOld).not.toContain(moved!.occurrenceId);
    expect(atOld.length).toBeGreaterThan(0);
  });
});
