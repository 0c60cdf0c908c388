/**
 * Places with opening hours placed around the real clock, written into a running server's database, so that
 * HTTP and browser tests can check "open now" and "closed today" without depending on the time of day:
 * special hours and closures are exceptions, which win over weekly rules and public holidays.
 */
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb } from '../../db/client';
import { openingExceptions, places, quartiere } from '../../db/schema';
import { ZONE } from '../../src/lib/time';

export interface ClockFixtures {
  openSlug: string;
  /** What the open place's status line must say. */
  openLine: string;
  closedSlug: string;
  closedLine: string;
}

export function insertClockFixtures(dbPath: string, now: Date = new Date()): ClockFixtures {
  const db = createDb(dbPath);
  try {
    const quartierId = db.select().from(quartiere).where(eq(quartiere.slug, 'kray')).get()!.id;
    const local = DateTime.fromJSDate(now, { zone: ZONE }).startOf('minute');
    const opens = local.minus({ hours: 2 });
    const closes = local.plus({ hours: 2 });
    const base = { quartierId, kind: 'treff' as const, street: 'Testweg 1', postalCode: '45307', city: 'Essen', hasOpeningHours: true };
    const openId = db
      .insert(places)
      .values({ ...base, slug: 'testtreff-offen', name: 'Testtreff Offen' })
      .returning()
      .get().id;
    db.insert(openingExceptions)
      .values({
        placeId: openId,
        dateFrom: opens.toISODate()!,
        dateTo: opens.toISODate()!,
        kind: 'special_hours',
        opens: opens.toFormat('HH:mm'),
        closes: closes.toFormat('HH:mm'),
        reason: 'Testöffnung',
      })
      .run();
    const closedId = db
      .insert(places)
      .values({ ...base, slug: 'testtreff-zu', name: 'Testtreff Zu' })
      .returning()
      .get().id;
    const tomorrow = local.plus({ days: 1 }).toISODate()!;
    db.insert(openingExceptions)
      .values([
        { placeId: closedId, dateFrom: local.toISODate()!, dateTo: local.toISODate()!, kind: 'closed', reason: 'Inventur' },
        { placeId: closedId, dateFrom: tomorrow, dateTo: tomorrow, kind: 'special_hours', opens: '09:00', closes: '17:00', reason: 'Nach der Inventur' },
      ])
      .run();
    const untilToday = closes.toISODate() === local.toISODate();
    return {
      openSlug: 'testtreff-offen',
      openLine: untilToday ? `Jetzt geöffnet bis ${closes.toFormat('HH:mm')} Uhr` : `Jetzt geöffnet bis morgen, ${closes.toFormat('HH:mm')} Uhr`,
      closedSlug: 'testtreff-zu',
      closedLine: 'Heute geschlossen (Inventur) · öffnet morgen um 09:00 Uhr',
    };
  } finally {
    db.$client.close();
  }
}
