/**
 * A sync holds the database's write lock only for its writes: while it maps the parsed calendar onto the portal
 * (seconds for a large calendar), the server's own writes go through. And what staff changed meanwhile is read
 * again under the lock, so it is not overwritten with the plan's view of the event.
 *
 * The write comes from a second connection, as the server's is to the worker's, with no busy timeout: if the sync's
 * transaction were open while planning, it would fail at once with SQLITE_BUSY instead of waiting.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { events, importedEvents, users } from '../../db/schema';
import { parseCalendar } from '../../src/lib/server/calendar-import/parse';
import { importCalendarText, lockImportedFields } from '../../src/lib/server/calendar-import/subscriptions';
import { mappingFingerprint, storedHashes, syncParsedCalendar } from '../../src/lib/server/calendar-import/sync';
import { expansionHorizon } from '../../src/lib/server/events/occurrences';
import { demoDb } from '../helpers/db';
import { fixture, subscribe } from './helpers';

const now = new Date('2026-12-01T10:00:00Z');

describe('the write lock of a sync', () => {
  it('is not held while the calendar is planned, and what staff locked meanwhile is kept', async () => {
    const { db, path } = await demoDb(now);
    const id = subscribe(db, 'buergerverein-kray', 'https://kalender.example.org/bv.ics');
    importCalendarText(db, id, fixture('google.ics'), now);
    const cafe = db
      .select({ eventId: importedEvents.eventId })
      .from(importedEvents)
      .innerJoin(events, eq(events.id, importedEvents.eventId))
      .where(eq(events.title, 'Erzählcafé'))
      .get()!;
    const staffUser = db.select().from(users).where(eq(users.email, 'kray@example.org')).get()!;

    const later = new Date(now.getTime() + 3_600_000);
    const changed = fixture('google.ics').replace('SUMMARY:Erzählcafé\r\n', 'SUMMARY:Erzählcafé neu\r\n');
    const known = storedHashes(db, id);
    const parsed = parseCalendar(changed, {
      horizon: expansionHorizon(later),
      fingerprint: mappingFingerprint(db, id, later),
      isUnchanged: (uid, hash) => known.get(uid) === hash,
    });
    const source = parsed.events.find((event) => event.title === 'Erzählcafé neu')!;
    expect(source).toBeDefined();

    // The mapping reads each event's location while it plans: that is when staff rename the event and lock its title.
    const server = createDb(path);
    server.$client.pragma('busy_timeout = 0');
    let duringPlanning: 'written' | string | null = null;
    const location = source.location;
    Object.defineProperty(source, 'location', {
      get() {
        if (duringPlanning === null) {
          try {
            server.transaction((tx) => {
              tx.update(events).set({ title: 'Erzählcafé im Stadtteilbüro' }).where(eq(events.id, cafe.eventId)).run();
            });
            lockImportedFields(server, { id: staffUser.id, role: staffUser.role }, cafe.eventId, ['title']);
            duringPlanning = 'written';
          } catch (error) {
            duringPlanning = (error as Error).message;
          }
        }
        return location;
      },
    });

    const run = syncParsedCalendar(db, id, parsed, later);
    server.$client.close();

    expect(duringPlanning).toBe('written');
    expect(run.outcome).toBe('imported');
    // The title staff locked while the sync planned stays; the plan had the source's new title for it.
    expect(db.select({ title: events.title }).from(events).where(eq(events.id, cafe.eventId)).get()!.title).toBe('Erzählcafé im Stadtteilbüro');
  });
});
