import { describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import {
  calendarSubscriptions,
  calendarSyncRuns,
  categories,
  eventCategories,
  eventExceptions,
  eventOccurrences,
  events,
  importedEvents,
  places,
  users,
} from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { parseCalendar, NotACalendarError } from '../../src/lib/server/calendar-import/parse';
import { resolveZone } from '../../src/lib/server/calendar-import/zones';
import { detachImportedEvent, importCalendarText, lockImportedFields, syncLog } from '../../src/lib/server/calendar-import/subscriptions';
import { importSourceOf } from '../../src/lib/server/calendar-import/credit';
import { buildCalendarFeed } from '../../src/lib/server/feeds/ical';
import { emptyFilter, resolveEventFilter } from '../../src/lib/server/events/filters';
import { demoDb } from '../helpers/db';
import { demoCalendarIcs } from '../../db/seed/demo/calendar-subscription';
import { fixture, icaljsOccurrences, subscribe } from './helpers';

const now = new Date('2026-12-01T10:00:00Z');
const horizon = DateTime.fromJSDate(now).plus({ months: 18 }).toJSDate();

function importedRows(db: DbConnection, subscriptionId: number) {
  return db
    .select({ key: importedEvents.sourceKey, event: events })
    .from(importedEvents)
    .innerJoin(events, eq(events.id, importedEvents.eventId))
    .where(eq(importedEvents.subscriptionId, subscriptionId))
    .all();
}

function eventByTitle(db: DbConnection, subscriptionId: number, title: string) {
  const row = importedRows(db, subscriptionId).find((r) => r.event.title === title);
  if (!row) throw new Error(`no imported event "${title}"`);
  return row.event;
}

const staffId = (db: DbConnection, email: string): { id: number; role: 'staff' | 'admin' | 'member' } => {
  const user = db.select().from(users).where(eq(users.email, email)).get()!;
  return { id: user.id, role: user.role };
};

describe('reading calendars as programs export them', () => {
  const read = (name: string) => parseCalendar(fixture(name), { horizon });
  const byTitle = (name: string, title: string) => {
    const found = read(name).events.find((e) => e.title === title);
    if (!found) throw new Error(`${title} not in ${name}`);
    return found;
  };

  it.each([
    // file, title, start (Berlin), end (Berlin), all-day, portal RRULE
    ['google.ics', 'Erzählcafé', '2026-12-01T15:00', '2026-12-01T17:00', false, 'FREQ=WEEKLY;BYDAY=TU'],
    ['google.ics', 'Krayer Frühlingsfest', '2027-05-22', '2027-05-24', true, null], // all-day over three days, DTEND exclusive
    ['google.ics', 'Mitgliederversammlung', '2027-03-18T18:30', '2027-03-18T20:00', false, null], // UTC times
    ['nextcloud.ics', 'Seniorennachmittag', '2026-12-10T14:30', '2026-12-10T16:30', false, 'FREQ=MONTHLY;COUNT=8;BYDAY=2TH'],
    ['nextcloud.ics', 'Taizé-Gebet', '2026-11-27T19:00', '2026-11-27T20:30', false, 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630T215959Z'], // DURATION
    ['nextcloud.ics', 'Gemeindefrühstück', '2027-02-14T11:00', '2027-02-14T11:00', false, null], // no DTEND: no length
    ['nextcloud.ics', 'Kleidersammlung für die Kleiderkammer', '2027-03-06', '2027-03-06', true, null], // all-day without DTEND: one day
    ['outlook.ics', 'Sozialberatung', '2026-12-03T10:00', '2026-12-03T12:00', false, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270624T090000Z'],
    ['outlook.ics', 'Elterncafé', '2026-12-15T18:00', '2026-12-15T19:30', false, 'FREQ=MONTHLY;COUNT=6;BYMONTHDAY=15'], // display-name zone
    [
      'thunderbird.ics',
      'Partnerschaftstreffen mit der Gemeinde in Pittsburgh (online)',
      '2026-12-02T18:00',
      '2026-12-02T19:00',
      false,
      'FREQ=WEEKLY;BYDAY=WE;UNTIL=20270428T160000Z',
    ],
    ['thunderbird.ics', 'Lesung im Pfarrgarten', '2027-01-20T18:00', '2027-01-20T19:30', false, null], // floating time → Berlin
    ['thunderbird.ics', 'Stand auf dem Wochenmarkt', '2027-01-09', '2027-01-09', true, 'FREQ=WEEKLY;COUNT=10'],
    ['thunderbird.ics', 'Chorprobe', '2026-12-04T19:30', '2026-12-04T21:15', false, 'FREQ=WEEKLY;BYDAY=FR'], // Mozilla TZID path
  ])('%s: %s', (file, title, start, end, allDay, rrule) => {
    const event = byTitle(file, title);
    expect({ start: event.startLocal, end: event.endLocal, allDay: event.allDay, rrule: event.rrule }).toEqual({ start, end, allDay, rrule });
  });

  it('unfolds folded lines and reads CRLF and LF files alike', () => {
    expect(byTitle('google.ics', 'Erzählcafé').description).toBe(
      'Kaffee, Kuchen und Gespräche für alle Nachbarinnen und Nachbarn. Wer mag, bringt ein Spiel mit. Der Eintritt ist frei, Spenden für den Kuchen sind willkommen.',
    );
    expect(fixture('google.ics')).toContain('\r\n');
    expect(fixture('nextcloud.ics')).not.toContain('\r\n');
    const lf = parseCalendar(fixture('google.ics').replace(/\r\n/g, '\n'), { horizon });
    expect(lf).toEqual(read('google.ics'));
  });

  it('keeps wall-clock time across DST in Windows zones, and follows a foreign zone’s own DST dates', () => {
    const beratung = byTitle('outlook.ics', 'Sozialberatung').occurrences!;
    expect(beratung.find((o) => o.recurrenceLocal.startsWith('2027-04-08'))?.startLocal).toBe('2027-04-08T10:00');
    const pittsburgh = byTitle('thunderbird.ics', 'Partnerschaftstreffen mit der Gemeinde in Pittsburgh (online)').occurrences!;
    // New York moves its clocks on 14 March, Berlin on 28 March: for two weeks the call is an hour earlier here.
    expect(pittsburgh.filter((o) => o.startLocal.slice(0, 7) === '2027-03').map((o) => o.startLocal)).toEqual([
      '2027-03-03T18:00',
      '2027-03-10T18:00',
      '2027-03-17T17:00',
      '2027-03-24T17:00',
      '2027-03-31T18:00',
    ]);
  });

  it('applies EXDATE, RDATE, moved and cancelled RECURRENCE-IDs', () => {
    const cafe = byTitle('google.ics', 'Erzählcafé').occurrences!;
    const at = (local: string) => cafe.find((o) => o.recurrenceLocal === local);
    expect(at('2026-12-22T15:00')).toBeUndefined();
    expect(at('2026-12-08T15:00')).toMatchObject({ startLocal: '2026-12-10T16:00', endLocal: '2026-12-10T18:00', title: 'Erzählcafé (am Donnerstag)' });
    expect(at('2027-01-12T15:00')).toMatchObject({ cancelled: true });
    const taize = byTitle('nextcloud.ics', 'Taizé-Gebet').occurrences!.map((o) => o.startLocal);
    expect(taize).toContain('2027-01-08T19:00');
    expect(taize).not.toContain('2026-12-25T19:00');
    expect(taize.at(-1)).toBe('2027-06-25T19:00');
  });

  it('reads X-WR-TIMEZONE for floating times and resolves the zone names calendar programs write', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'X-WR-TIMEZONE:America/New_York',
      'BEGIN:VEVENT',
      'UID:x1',
      'SUMMARY:Floating',
      'DTSTART:20270120T120000',
      'DTEND:20270120T130000',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseCalendar(ics, { horizon }).events[0]).toMatchObject({ startLocal: '2027-01-20T18:00', endLocal: '2027-01-20T19:00' });
    expect(resolveZone('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(resolveZone('"(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien"')).toBe('Europe/Berlin');
    expect(resolveZone('/mozilla.org/20070129_1/Europe/Berlin')).toBe('Europe/Berlin');
    expect(resolveZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(resolveZone('Nowhere Standard Time')).toBeNull();
  });

  it('refuses what is not a calendar, and lists an event it cannot read while reading the rest', () => {
    expect(() => parseCalendar('<!doctype html><html><body>Termine</body></html>', { horizon })).toThrow(NotACalendarError);
    const broken = fixture('nextcloud.ics').replace('RRULE:FREQ=MONTHLY;BYDAY=2TH;COUNT=8', 'RRULE:FREQ=SOMETIMES;BYDAY=2TH');
    const parsed = parseCalendar(broken, { horizon });
    expect(parsed.refused).toEqual([expect.objectContaining({ uid: '0f3c2a14-8d1e-4c1b-9a57-2f6d2b9e7c01', summary: 'Seniorennachmittag' })]);
    expect(parsed.events.map((e) => e.title)).toContain('Taizé-Gebet');
  });
});

describe('syncing a subscription', () => {
  it('maps a Google calendar onto the portal’s series with its exceptions, place and credit', async () => {
    const { db } = await demoDb(now);
    const id = subscribe(db, 'buergerverein-kray', 'https://kalender.example.org/bv.ics');
    const run = importCalendarText(db, id, fixture('google.ics'), now);
    expect(run).toMatchObject({ outcome: 'imported', added: 3, changed: 0, cancelled: 0 });
    const cafe = eventByTitle(db, id, 'Erzählcafé');
    const buero = db.select().from(places).where(eq(places.slug, 'stadtteilbuero-kray')).get()!;
    expect(cafe).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      startLocal: '2026-12-01T15:00',
      placeId: buero.id,
      status: 'published',
      organiserName: 'Bürgerverein Kray e.V.',
    });
    const exceptions = db.select().from(eventExceptions).where(eq(eventExceptions.eventId, cafe.id)).orderBy(eventExceptions.recurrenceLocal).all();
    expect(exceptions.map((e) => [e.recurrenceLocal, e.kind, e.startLocal, e.title])).toEqual([
      ['2026-12-08T15:00', 'changed', '2026-12-10T16:00', 'Erzählcafé (am Donnerstag)'],
      ['2026-12-22T15:00', 'cancelled', null, null],
      ['2026-12-29T15:00', 'cancelled', null, null],
      ['2027-01-12T15:00', 'cancelled', null, null],
    ]);
    const fest = eventByTitle(db, id, 'Krayer Frühlingsfest');
    expect(fest).toMatchObject({
      allDay: true,
      startLocal: '2027-05-22',
      endLocal: '2027-05-24',
      placeId: null,
      locationName: 'Krayer Markt',
      locationAddress: '45307 Essen',
    });
    expect(eventByTitle(db, id, 'Mitgliederversammlung').placeId).toBe(db.select().from(places).where(eq(places.slug, 'gemeindehaus-st-barbara')).get()!.id);
    expect(importSourceOf(db, cafe.id)).toMatchObject({ organisationName: 'Bürgerverein Kray e.V.', detached: false });
  });

  it('changes nothing when the same file comes twice', async () => {
    const { db } = await demoDb(now);
    const id = subscribe(db, 'kirchengemeinde-st-barbara', 'https://cloud.example.org/barbara.ics');
    importCalendarText(db, id, fixture('nextcloud.ics'), now);
    const before = JSON.stringify({
      events: importedRows(db, id).map((r) => r.event),
      exceptions: db.select().from(eventExceptions).all(),
      occurrences: db.select().from(eventOccurrences).all(),
    });
    const later = new Date(now.getTime() + 3_600_000);
    expect(importCalendarText(db, id, fixture('nextcloud.ics'), later)).toMatchObject({
      outcome: 'imported',
      added: 0,
      changed: 0,
      cancelled: 0,
      refused: '[]',
    });
    const after = JSON.stringify({
      events: importedRows(db, id).map((r) => r.event),
      exceptions: db.select().from(eventExceptions).all(),
      occurrences: db.select().from(eventOccurrences).all(),
    });
    expect(after).toBe(before);
  });

  it('updates a changed event, cancels a removed one, adds a new one — and maps categories', async () => {
    const { db } = await demoDb(now);
    const id = subscribe(db, 'kirchengemeinde-st-barbara', 'https://cloud.example.org/barbara.ics');
    importCalendarText(db, id, fixture('nextcloud.ics'), now);
    const categoryOf = (eventId: number) =>
      db
        .select({ slug: categories.slug })
        .from(eventCategories)
        .innerJoin(categories, eq(categories.id, eventCategories.categoryId))
        .where(eq(eventCategories.eventId, eventId))
        .all()
        .map((c) => c.slug);
    expect(categoryOf(eventByTitle(db, id, 'Seniorennachmittag').id)).toEqual(['cafe-treffpunkt']);
    expect(categoryOf(eventByTitle(db, id, 'Taizé-Gebet').id)).toEqual(['kultur-film']);
    const fruehstueck = eventByTitle(db, id, 'Gemeindefrühstück');
    const changed = fixture('nextcloud.ics')
      .replace('SUMMARY:Seniorennachmittag', 'SUMMARY:Seniorennachmittag mit Adventsliedern')
      .replace('SEQUENCE:1\nUID:0f3c2a14', 'SEQUENCE:2\nUID:0f3c2a14')
      .replace(/BEGIN:VEVENT\nCREATED:20261101T080000Z\nDTSTAMP:20261101T080000Z\nLAST-MODIFIED:20261101T080000Z\nUID:9c8b7a65[\s\S]*?END:VEVENT\n/, '')
      .replace(
        'END:VCALENDAR',
        'BEGIN:VEVENT\nUID:neu-1\nDTSTART;TZID=Europe/Berlin:20270301T180000\nDTEND;TZID=Europe/Berlin:20270301T200000\nSUMMARY:Fastenessen\nEND:VEVENT\nEND:VCALENDAR',
      );
    const before = eventByTitle(db, id, 'Seniorennachmittag');
    const run = importCalendarText(db, id, changed, new Date(now.getTime() + 3_600_000));
    expect(run).toMatchObject({ added: 1, changed: 1, cancelled: 1 });
    const after = db.select().from(events).where(eq(events.id, before.id)).get()!;
    expect(after.title).toBe('Seniorennachmittag mit Adventsliedern');
    expect(after.sequence).toBe(before.sequence + 1);
    const removed = db.select().from(events).where(eq(events.id, fruehstueck.id)).get()!;
    expect(removed.status).toBe('cancelled');
    expect(removed.sequence).toBe(fruehstueck.sequence + 1);
    expect(eventByTitle(db, id, 'Fastenessen').status).toBe('published');
  });

  it('keeps fields staff locked and leaves a detached event alone', async () => {
    const { db } = await demoDb(now);
    const id = subscribe(db, 'buergerverein-kray', 'https://kalender.example.org/bv.ics');
    importCalendarText(db, id, fixture('google.ics'), now);
    const staff = staffId(db, 'kray@example.org');
    const cafe = eventByTitle(db, id, 'Erzählcafé');
    db.update(events).set({ title: 'Erzählcafé im Stadtteilbüro' }).where(eq(events.id, cafe.id)).run();
    lockImportedFields(db, staff, cafe.id, ['title', 'nonsense']);
    const fest = eventByTitle(db, id, 'Krayer Frühlingsfest');
    detachImportedEvent(db, staff, fest.id);
    const next = fixture('google.ics')
      .replace('SUMMARY:Erzählcafé\r\nTRANSP:OPAQUE\r\nBEGIN:VALARM', 'SUMMARY:Erzählcafé neu\r\nTRANSP:OPAQUE\r\nBEGIN:VALARM')
      .replace(
        'DTSTART;TZID=Europe/Berlin:20261201T150000\r\nDTEND;TZID=Europe/Berlin:20261201T170000',
        'DTSTART;TZID=Europe/Berlin:20261201T150000\r\nDTEND;TZID=Europe/Berlin:20261201T173000',
      )
      .replace(/BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270522[\s\S]*?END:VEVENT\r\n/, '');
    const run = importCalendarText(db, id, next, new Date(now.getTime() + 3_600_000));
    expect(run).toMatchObject({ changed: 1, cancelled: 0 });
    expect(db.select().from(events).where(eq(events.id, cafe.id)).get()).toMatchObject({ title: 'Erzählcafé im Stadtteilbüro', endLocal: '2026-12-01T17:30' });
    expect(db.select().from(events).where(eq(events.id, fest.id)).get()!.status).toBe('published');
    expect(() => lockImportedFields(db, staffId(db, 'frohnhausen@example.org'), cafe.id, ['title'])).toThrow();
  });

  it('imports nothing when writing fails part-way, and says so in the log', async () => {
    const { db } = await demoDb(now);
    const id = subscribe(db, 'buergerverein-kray', 'https://kalender.example.org/bv.ics');
    db.$client.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON events WHEN NEW.title = 'Mitgliederversammlung' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const run = importCalendarText(db, id, fixture('google.ics'), now);
    expect(run).toMatchObject({ outcome: 'failed', errorKey: 'calendarImport.error.sync', added: 0 });
    expect(importedRows(db, id)).toEqual([]);
    expect(
      db
        .select()
        .from(events)
        .where(inArray(events.title, ['Erzählcafé', 'Krayer Frühlingsfest']))
        .all(),
    ).toEqual([]);
    expect(syncLog(db, id)[0]).toMatchObject({ outcome: 'failed', errorDetail: expect.stringContaining('disk full') });
  });

  it('logs a file that is no calendar and a broken rule, and keeps the events it had', async () => {
    const { db } = await demoDb(now);
    const id = subscribe(db, 'kirchengemeinde-st-barbara', 'https://cloud.example.org/barbara.ics');
    importCalendarText(db, id, fixture('nextcloud.ics'), now);
    const html = importCalendarText(db, id, '<!DOCTYPE html><html><head><title>Kalender</title></head></html>', now);
    expect(html).toMatchObject({ outcome: 'failed', errorKey: 'calendarImport.error.notCalendar' });
    const broken = fixture('nextcloud.ics').replace('RRULE:FREQ=MONTHLY;BYDAY=2TH;COUNT=8', 'RRULE:FREQ=SOMETIMES;BYDAY=2TH');
    const run = importCalendarText(db, id, broken, now);
    expect(run).toMatchObject({ outcome: 'imported', cancelled: 0 });
    expect(syncLog(db, id)[0]!.refused).toEqual([expect.objectContaining({ summary: 'Seniorennachmittag', reason: 'calendarImport.refused.unreadable' })]);
    expect(eventByTitle(db, id, 'Seniorennachmittag').status).toBe('published');
    expect(
      db
        .select()
        .from(calendarSyncRuns)
        .where(and(eq(calendarSyncRuns.subscriptionId, id)))
        .all(),
    ).toHaveLength(3);
  });
});

describe('the portal’s feed gives back what the source calendar says', () => {
  it.each(['google.ics', 'nextcloud.ics', 'outlook.ics', 'thunderbird.ics'])('%s: every occurrence of the next six months, DST included', async (file) => {
    const { db } = await demoDb(now);
    const id = subscribe(db, 'awo-stadtteilarbeit', `https://example.org/${file}`);
    const run = importCalendarText(db, id, fixture(file), now);
    expect(run.outcome).toBe('imported');
    const portalUids = new Set(importedRows(db, id).map((r) => r.event.uid));
    const feed = buildCalendarFeed(db, resolveEventFilter(db, emptyFilter), {
      publicUrl: `https://${file}.portal.example`,
      siteName: 'Quartiersportal',
      name: 'Test',
      now,
    });
    const to = DateTime.fromJSDate(now).plus({ months: 6 }).toJSDate();
    const fromPortal = icaljsOccurrences(feed.toString('utf8'), now, to, portalUids);
    const fromSource = icaljsOccurrences(fixture(file), now, to);
    expect(fromSource.length).toBeGreaterThan(5);
    expect(fromPortal).toEqual(fromSource);
  });
});

describe('the demo city', () => {
  it('has the Bürgerverein’s calendar subscribed and imported, and the same file again changes nothing', async () => {
    const { db } = await demoDb(now);
    const [subscription] = db.select().from(calendarSubscriptions).all();
    expect(subscription!.url).toMatch(/\/demo\/vereinskalender\.ics$/);
    expect(syncLog(db, subscription!.id)[0]).toMatchObject({ outcome: 'imported', added: 4, refused: [] });
    expect(
      importedRows(db, subscription!.id)
        .map((r) => r.event.title)
        .sort(),
    ).toEqual(['Boule im Krayer Volksgarten', 'Kray putzt sich raus', 'Krayer Stadtteilfest', 'Stammtisch des Bürgervereins']);
    expect(importCalendarText(db, subscription!.id, demoCalendarIcs(now), now)).toMatchObject({ added: 0, changed: 0, cancelled: 0 });
  });
});
