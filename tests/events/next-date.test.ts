import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { DbConnection } from '../../db/client';
import { eventOccurrences } from '../../db/schema';
import { loadCalendarView, type CalendarList } from '../../src/lib/server/events/calendar';
import { listOccurrences } from '../../src/lib/server/events/listing';
import { ZONE } from '../../src/lib/time';
import { demoDb } from '../helpers/db';

// Sunday, 23:50 in Berlin: what is left of the weekend has no dates.
const sundayNight = DateTime.fromISO('2026-12-06T23:50', { zone: ZONE });
let db: DbConnection;

function listView(query: string): CalendarList {
  const view = loadCalendarView(db, new URLSearchParams(query), sundayNight.toJSDate());
  if (view.kind !== 'list') throw new Error(`expected a list for ${query}, got ${view.kind}`);
  return view;
}

/** The first coming occurrence that takes place, read through the list of all coming dates. */
function firstTakingPlace(): { occurrenceId: number; day: string } {
  const { items } = listOccurrences(db, { filter: listView('').filter, from: sundayNight.toJSDate(), limit: 50 });
  const first = items.find((o) => !o.cancelled)!;
  return { occurrenceId: first.occurrenceId, day: DateTime.fromJSDate(first.startsAt, { zone: ZONE }).toISODate()! };
}

beforeAll(async () => {
  ({ db } = await demoDb(sundayNight.minus({ hours: 12 }).toJSDate()));
});
afterAll(() => db?.$client.close());

describe('the next date after an empty quick range', () => {
  it('points from an empty weekend and an empty today to the first coming date that takes place', () => {
    const weekend = listView('zeitraum=wochenende');
    expect(weekend.total).toBe(0);
    const first = firstTakingPlace();
    expect(DateTime.fromISO(first.day, { zone: ZONE }) >= sundayNight.plus({ days: 1 }).startOf('day')).toBe(true);
    expect(weekend.nextDay).toBe(first.day);
    expect(listView('zeitraum=heute')).toMatchObject({ total: 0, nextDay: first.day });
  });

  it('skips a cancelled date, and says nothing when the range has dates or nothing comes at all', () => {
    const before = firstTakingPlace();
    db.update(eventOccurrences).set({ status: 'cancelled' }).where(eq(eventOccurrences.id, before.occurrenceId)).run();
    const after = firstTakingPlace();
    expect(after.occurrenceId).not.toBe(before.occurrenceId);
    expect(listView('zeitraum=wochenende').nextDay).toBe(after.day);
    const month = listView('zeitraum=monat');
    expect(month.total).toBeGreaterThan(0);
    expect(month.nextDay).toBeNull();
    expect(listView('zeitraum=heute&q=Gesprxche')).toMatchObject({ total: 0, nextDay: null });
    expect(listView('').nextDay).toBeNull();
  });
});
