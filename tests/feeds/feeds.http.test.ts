/**
 * The feeds over real HTTP, parsed back with ical.js (an independent RFC 5545 implementation): every
 * occurrence a calendar app would compute from the feed must match `event_occurrences` in the database —
 * times, cancellations and moves included — with the server running in UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { and, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb, type DbConnection } from '../../db/client';
import { eventOccurrences, eventQuartiere, events, quartiere } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { berlinDate, instantToLocal } from '../../src/lib/time';
import { FEED_HISTORY_DAYS } from '../../src/lib/server/feeds/ical';
import { eventPath, occurrencePath } from '../../src/lib/paths';

let server: RunningServer;
let db: DbConnection;

interface FeedOccurrence {
  uid: string;
  recurrenceLocal: string;
  start: string;
  end: string;
  cancelled: boolean;
  summary: string;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url + path, { headers, redirect: 'manual' });
}

function parseCalendar(text: string): ICAL.Component {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return calendar;
}

/** What a calendar app shows: every master expanded up to `until`, with overrides applied. */
function expandFeed(calendar: ICAL.Component, until: Date): FeedOccurrence[] {
  const vevents = calendar.getAllSubcomponents('vevent');
  const masters = new Map<string, ICAL.Event>();
  for (const component of vevents) {
    // An override belongs to the series of its own UID, as in calendar apps. Without `exceptions`, ical.js hands
    // every master all overrides of the calendar, whatever their UID, and two series with an override at the same
    // local time mix; the overrides are related by UID below instead.
    if (!component.hasProperty('recurrence-id')) {
      masters.set(String(component.getFirstPropertyValue('uid')), new ICAL.Event(component, { strictExceptions: true, exceptions: [] }));
    }
  }
  for (const component of vevents) {
    if (component.hasProperty('recurrence-id')) masters.get(String(component.getFirstPropertyValue('uid')))!.relateException(component);
  }
  const result: FeedOccurrence[] = [];
  for (const [uid, master] of masters) {
    const push = (item: ICAL.Event, recurrenceId: ICAL.Time, start: ICAL.Time, end: ICAL.Time): void => {
      // All-day dates are floating in iCalendar: compare them as dates, not instants.
      const allDay = start.isDate;
      result.push({
        uid,
        recurrenceLocal: allDay ? recurrenceId.toString().slice(0, 10) : recurrenceId.toString().slice(0, 16),
        start: allDay ? start.toString() : start.toJSDate().toISOString(),
        end: allDay ? end.toString() : end.toJSDate().toISOString(),
        cancelled: item.component.getFirstPropertyValue('status') === 'CANCELLED',
        summary: item.summary,
      });
    };
    if (!master.isRecurring()) {
      push(master, master.startDate, master.startDate, master.endDate);
      continue;
    }
    const iterator = master.iterator();
    for (let next = iterator.next(); next && next.toJSDate() <= until; next = iterator.next()) {
      const details = master.getOccurrenceDetails(next);
      push(details.item, details.recurrenceId, details.startDate, details.endDate);
    }
  }
  return result.sort((a, b) => (a.uid + a.recurrenceLocal).localeCompare(b.uid + b.recurrenceLocal));
}

/** The same from the database: public events' occurrences up to `until`, optionally for some events only. */
/** The feed leaves out events that ended more than FEED_HISTORY_DAYS ago (the demo city has a year of past events). */
function inFeedHistory() {
  const historyStart = DateTime.now().minus({ days: FEED_HISTORY_DAYS }).toJSDate();
  return or(isNull(events.lastEndsAt), gte(events.lastEndsAt, historyStart));
}

function occurrencesInDb(until: Date, eventIds?: number[]): FeedOccurrence[] {
  const rows = db
    .select({ occurrence: eventOccurrences, uid: events.uid, eventStatus: events.status, title: events.title, allDay: events.allDay })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(and(inArray(events.status, ['published', 'cancelled']), inFeedHistory(), eventIds ? inArray(events.id, eventIds) : undefined))
    .all()
    .filter((r) => r.occurrence.startsAt <= until);
  return rows
    .map((r) => ({
      uid: r.uid,
      recurrenceLocal: r.occurrence.recurrenceLocal,
      start: r.allDay ? berlinDate(r.occurrence.startsAt) : r.occurrence.startsAt.toISOString(),
      end: r.allDay ? berlinDate(r.occurrence.endsAt) : r.occurrence.endsAt.toISOString(),
      cancelled: r.occurrence.status === 'cancelled' || r.eventStatus === 'cancelled',
      summary: expect.stringContaining(r.title) as unknown as string,
    }))
    .sort((a, b) => (a.uid + a.recurrenceLocal).localeCompare(b.uid + b.recurrenceLocal));
}

/** The database expands open-ended series up to a horizon; compare up to the last expanded start. */
function lastExpandedStart(): Date {
  return new Date(
    Math.max(
      ...db
        .select({ s: eventOccurrences.startsAt })
        .from(eventOccurrences)
        .all()
        .map((r) => r.s.getTime()),
    ),
  );
}

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe('/kalender.ics', () => {
  it('is text/calendar even for an odd Accept header, with VTIMEZONE, name and refresh hints', async () => {
    const response = await get('/kalender.ics', { Accept: 'text/html;q=0.9, */*;q=0.1, application/x-thunderbird' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const calendar = parseCalendar(text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Quartiersportal: Alle Veranstaltungen');
    expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    // Calendar properties come before the first component (RFC 5545 icalbody).
    expect(text.indexOf('X-WR-TIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
  });

  it('yields exactly the occurrences of the database, cancellations and moves included', async () => {
    const calendar = parseCalendar(await (await get('/kalender.ics')).text());
    const until = lastExpandedStart();
    const fromFeed = expandFeed(calendar, until);
    const fromDb = occurrencesInDb(until);
    expect(fromFeed.length).toBeGreaterThan(50);
    expect(fromFeed).toEqual(fromDb);
    expect(fromFeed.some((o) => o.cancelled && o.summary.startsWith('Fällt aus: '))).toBe(true);
  });

  it('writes Berlin wall-clock times with TZID although the server runs in UTC', async () => {
    const text = await (await get('/kalender.ics')).text();
    const wandercafe = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    const block = text.slice(text.indexOf(`UID:${wandercafe.uid}`));
    const expectedStart = wandercafe.startLocal.replace(/[-:]/g, '') + '00';
    expect(block).toContain(`DTSTART;TZID=Europe/Berlin:${expectedStart}`);
    expect(block).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(block).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=TU/);
  });

  it('keeps DESCRIPTION plain text ending with the event link, and UIDs stable', async () => {
    const calendar = parseCalendar(await (await get('/kalender.ics')).text());
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      const description = String(vevent.getFirstPropertyValue('description'));
      expect(description).not.toMatch(/<[a-z/][^>]*>/i);
      const url = String(vevent.getFirstPropertyValue('url'));
      expect(description.endsWith(url)).toBe(true);
      expect(url.startsWith(server.url + '/veranstaltungen/')).toBe(true);
    }
    const uids = new Set(calendar.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('uid'))));
    const dbUids = new Set(
      db
        .select({ uid: events.uid })
        .from(events)
        .where(and(inArray(events.status, ['published', 'cancelled']), inFeedHistory()))
        .all()
        .map((r) => r.uid),
    );
    expect(uids).toEqual(dbUids);
  });

  it('filters by Quartier, repeatable or comma-separated, and names the filter', async () => {
    const inQuartiere = (slugs: string[]): number[] =>
      db
        .selectDistinct({ id: eventQuartiere.eventId })
        .from(eventQuartiere)
        .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
        .where(inArray(quartiere.slug, slugs))
        .all()
        .map((r) => r.id);
    const until = lastExpandedStart();
    const karnap = parseCalendar(await (await get('/kalender.ics?quartier=karnap')).text());
    expect(karnap.getFirstPropertyValue('x-wr-calname')).toBe('Quartiersportal: Veranstaltungen in Karnap');
    expect(expandFeed(karnap, until)).toEqual(occurrencesInDb(until, inQuartiere(['karnap'])));

    const repeated = await (await get('/kalender.ics?quartier=kray&quartier=karnap')).text();
    const commas = await (await get('/kalender.ics?quartier=karnap,kray')).text();
    const both = parseCalendar(repeated);
    expect(both.getFirstPropertyValue('x-wr-calname')).toBe('Quartiersportal: Veranstaltungen in Karnap und Kray');
    expect(expandFeed(both, until)).toEqual(occurrencesInDb(until, inQuartiere(['kray', 'karnap'])));
    expect(expandFeed(parseCalendar(commas), until)).toEqual(expandFeed(both, until));
  });

  it('filters by category, target group and place', async () => {
    const calendar = parseCalendar(await (await get('/kalender.ics?kategorie=reparieren&zielgruppe=alle&ort=stadtteilbuero-karnap')).text());
    // Cancelled occurrences of the series (a holiday Saturday) come as overrides titled "Fällt aus: …".
    const titles = calendar.getAllSubcomponents('vevent').map((v) => String(v.getFirstPropertyValue('summary')).replace(/^Fällt aus: /, ''));
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles)).toEqual(new Set(['Fahrradwerkstatt zum Mitmachen']));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toContain('Reparieren/Fahrradwerkstatt');
  });

  it('answers an unknown slug with 404 and a German explanation', async () => {
    const response = await get('/kalender.ics?quartier=kray&kategorie=tanzen');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Eine Veranstaltungsart mit der Kennung „tanzen“ gibt es nicht');
  });

  it('answers 304 to If-None-Match and If-Modified-Since when nothing changed, 200 after a change', async () => {
    const first = await get('/kalender.ics?quartier=kray');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect((await get('/kalender.ics?quartier=kray', { 'If-None-Match': etag })).status).toBe(304);
    expect((await get('/kalender.ics?quartier=kray', { 'If-Modified-Since': lastModified })).status).toBe(304);
    const wandercafe = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    db.update(events)
      .set({ sequence: wandercafe.sequence + 1, updatedAt: new Date() })
      .where(eq(events.id, wandercafe.id))
      .run();
    const after = await get('/kalender.ics?quartier=kray', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await after.text()).toContain(`UID:${wandercafe.uid}\r\nSEQUENCE:${wandercafe.sequence + 1}`);
  });
});

describe('.ics of one event and one occurrence', () => {
  it('offers the whole series at the page URL + .ics', async () => {
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    const response = await get(`${eventPath({ eventId: event.id, slug: event.slug })}.ics`, { Accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = parseCalendar(await response.text());
    const until = lastExpandedStart();
    expect(expandFeed(calendar, until)).toEqual(occurrencesInDb(until, [event.id]));
  });

  it('offers one occurrence with its own stable UID and the moved time', async () => {
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    const moved = db
      .select()
      .from(eventOccurrences)
      .where(eq(eventOccurrences.eventId, event.id))
      .all()
      .find((o) => o.exceptionId !== null && o.status === 'scheduled')!;
    const path = `${occurrencePath({ eventId: event.id, slug: event.slug, recurrenceLocal: moved.recurrenceLocal })}.ics`;
    const text = await (await get(path)).text();
    const vevent = parseCalendar(text).getFirstSubcomponent('vevent')!;
    const ev = new ICAL.Event(vevent);
    expect(ev.uid).toBe(`${moved.recurrenceLocal.slice(0, 10).replace(/-/g, '')}-${event.uid}`);
    expect(instantToLocal(ev.startDate.toJSDate())).toBe(instantToLocal(moved.startsAt));
    expect(ev.isRecurring()).toBe(false);
    expect(await (await get(path)).text()).toContain(`UID:${ev.uid}`);
  });

  it('gives 404 for proposals, unknown events and dates without an occurrence', async () => {
    const proposal = db.select().from(events).where(eq(events.status, 'proposed')).get()!;
    expect((await get(`${eventPath({ eventId: proposal.id, slug: proposal.slug })}.ics`)).status).toBe(404);
    expect((await get('/veranstaltungen/987654-nichts.ics')).status).toBe(404);
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    expect((await get(`${eventPath({ eventId: event.id, slug: event.slug })}/1999-01-01.ics`)).status).toBe(404);
  });
});

describe('RSS of upcoming events', () => {
  it('lists the next occurrences with links to their pages', async () => {
    const response = await get('/veranstaltungen/rss.xml?quartier=kray');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const xml = await response.text();
    const links = [...xml.matchAll(/<item><title>[^<]*<\/title><link>([^<]+)<\/link>/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    expect(links.every((l) => l.startsWith(`${server.url}/veranstaltungen/`))).toBe(true);
    expect(xml).toContain('<title>Quartiersportal: Veranstaltungen in Kray</title>');
    expect(xml).not.toContain('Fahrradwerkstatt');
    expect((await get('/veranstaltungen/rss.xml?ort=nirgendwo')).status).toBe(404);
  });
});
