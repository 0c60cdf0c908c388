/**
 * Issue 12, "Residents on a phone", over real HTTP against the built server: the weekend range, subscribing to a
 * series, a place and a Quartier (and that a later cancellation reaches the subscribed feed, read back with
 * ical.js), the programme's QR code and print help, the order of the holiday rule, and dates written as people
 * write them in the back office. The browser side is tests/journeys/residents.browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb } from '../../db/client';
import { eventOccurrences, events, openingExceptions, places } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { get, postAction } from '../helpers/http';
import { sessionCookieFor } from '../helpers/auth';
import { eventPath } from '../../src/lib/paths';
import { qrSvg } from '../../src/lib/server/offers/qr';
import { ZONE } from '../../src/lib/time';
import { notEndedAt, type OpenDataEvent } from '../helpers/open-data';

const SUBSCRIBE = 'Im Handy-Kalender abonnieren – Änderungen kommen automatisch';

function mainText(html: string): string {
  return html
    .slice(html.indexOf('<main'), html.indexOf('</main>'))
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The href of the link whose text is `text`. */
function hrefOf(html: string, text: string): string | null {
  for (const match of html.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)) {
    if (match[2]!.replace(/<[^>]+>/g, '').trim() === text) return match[1]!.replace(/&amp;/g, '&');
  }
  return null;
}

/** The step lists of the calendar-app help, in order: the same text wherever the help is shown. */
function appHelp(html: string): string[] {
  const help = html.slice(html.indexOf('Google Kalender (am Computer)'));
  return [...help.matchAll(/<ol[^>]*>([\s\S]*?)<\/ol>/g)]
    .map((m) =>
      m[1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .slice(0, 4);
}

interface FeedEvent {
  summary: string;
  recurrenceId: string | null;
  status: string;
}

function readFeed(text: string): { name: string; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    name: String(calendar.getFirstPropertyValue('x-wr-calname')),
    events: calendar.getAllSubcomponents('vevent').map((e) => ({
      summary: String(e.getFirstPropertyValue('summary')),
      recurrenceId: e.hasProperty('recurrence-id') ? String(e.getFirstPropertyValue('recurrence-id')).slice(0, 16) : null,
      status: String(e.getFirstPropertyValue('status') ?? ''),
    })),
  };
}

describe('residents on a phone (issue 12) over HTTP', () => {
  let server: RunningServer;
  let wandercafe: { id: number; slug: string };
  let nextFree: string;
  let treffId: number;
  beforeAll(async () => {
    // Seeding the demo city takes long on a busy machine shared with other suites.
    server = await startServer({ timeoutMs: 150_000 });
    const db = createDb(server.dbPath);
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    wandercafe = { id: event.id, slug: event.slug };
    // The next Wandercafé that takes place: a staff member will cancel it after the feed was subscribed.
    const scheduled = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, event.id), eq(eventOccurrences.status, 'scheduled'), gt(eventOccurrences.startsAt, new Date())))
      .orderBy(eventOccurrences.startsAt)
      .all();
    nextFree = scheduled[1]!.recurrenceLocal;
    treffId = db.select().from(places).where(eq(places.slug, 'quartierstreff-kray-nord')).get()!.id;
    db.$client.close();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('item 1: lists only Saturday and Sunday under “Dieses Wochenende”', async () => {
    const response = await get(server, '/veranstaltungen?zeitraum=wochenende');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<a href="\/veranstaltungen\?zeitraum=wochenende" aria-current="page"[^>]*>\s*Dieses Wochenende\s*<\/a>/);
    const days = [...html.matchAll(/id="tag-(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]!);
    // Late on a Sunday the weekend's dates may all be over; then the list is empty, as open data says it must be.
    const now = DateTime.now().setZone(ZONE);
    const saturday = now.startOf('week').plus({ days: 5 });
    const weekend = (await (await get(server, `/api/events.json?from=${saturday.toISODate()}&to=${saturday.plus({ days: 1 }).toISODate()}`)).json()) as {
      events: OpenDataEvent[];
    };
    expect(days.length > 0).toBe(notEndedAt(weekend.events, now).length > 0);
    for (const day of days) expect([6, 7]).toContain(DateTime.fromISO(day, { zone: ZONE }).weekday);
  });

  it('item 2: offers the series as a webcal:// subscription with the /abonnieren help, one date second', async () => {
    const html = await (await get(server, eventPath({ eventId: wandercafe.id, slug: wandercafe.slug }))).text();
    const webcal = hrefOf(html, SUBSCRIBE);
    expect(webcal).toMatch(new RegExp(`^webcal://127\\.0\\.0\\.1:\\d+/veranstaltungen/${wandercafe.id}-${wandercafe.slug}\\.ics$`));
    const text = mainText(html);
    expect(text).toContain('Diese Reihe abonnieren');
    // The one date is the second choice, after the subscription, and says that it will not change.
    expect(text.indexOf('Nur den Termin am')).toBeGreaterThan(text.indexOf(SUBSCRIBE));
    expect(html).toMatch(/href="\/veranstaltungen\/\d+-wandercafe\/\d{4}-\d{2}-\d{2}\.ics" download/);
    const help = appHelp(await (await get(server, '/abonnieren')).text());
    expect(help).toHaveLength(4);
    expect(appHelp(html)).toEqual(help);
    expect(help[1]).toContain('„Im Handy-Kalender abonnieren“');
  });

  it('item 2: the subscribed series feed receives a cancellation made afterwards', async () => {
    const path = `${eventPath({ eventId: wandercafe.id, slug: wandercafe.slug })}.ics`;
    const before = readFeed(await (await get(server, path)).text());
    expect(before.name).toBe('Quartiersportal: Wandercafé');
    expect(before.events.find((e) => e.recurrenceId === nextFree)).toBeUndefined();
    const staff = sessionCookieFor(server.dbPath, 'kray@example.org');
    const cancelled = await postAction(
      server,
      '/verwaltung/veranstaltungen',
      'eventAdmin.cancelOccurrence',
      { id: String(wandercafe.id), occurrence: nextFree, note: 'Krank', confirm: 'ja' },
      staff,
    );
    expect(cancelled.status).toBeLessThan(400);
    const after = readFeed(await (await get(server, path)).text());
    const override = after.events.find((e) => e.recurrenceId === nextFree);
    expect(override?.status).toBe('CANCELLED');
    expect(override?.summary).toContain('Wandercafé');
  });

  it('item 2: offers a place and a Quartier as short subscriptions that ical.js reads', async () => {
    for (const [page, feed, name] of [
      ['/orte/quartierstreff-kray-nord', '/kalender.ics?ort=quartierstreff-kray-nord', 'Quartierstreff Kray-Nord'],
      ['/quartiere/kray', '/kalender.ics?quartier=kray', 'Kray'],
    ] as const) {
      const html = await (await get(server, page)).text();
      expect(hrefOf(html, SUBSCRIBE)).toBe(`${server.url.replace('http://', 'webcal://')}${feed}`);
      expect(html).toContain(`value="${server.url}${feed.replace('&', '&amp;')}"`);
      const calendar = readFeed(await (await get(server, feed)).text());
      expect(calendar.name).toContain(name);
      expect(calendar.events.length).toBeGreaterThan(0);
    }
  });

  it('item 2: keeps the plain download for a single event', async () => {
    const db = createDb(server.dbPath);
    const single = db
      .select()
      .from(events)
      .where(and(eq(events.status, 'published'), isNull(events.rrule)))
      .get()!;
    db.$client.close();
    const html = await (await get(server, eventPath({ eventId: single.id, slug: single.slug }))).text();
    expect(hrefOf(html, 'In meinen Kalender eintragen (.ics)')).toBe(`${eventPath({ eventId: single.id, slug: single.slug })}.ics`);
    expect(hrefOf(html, SUBSCRIBE)).toBeNull();
  });

  it('item 3: links the programme from the Quartier page, with a server-made QR code of the live page', async () => {
    const month = DateTime.now().setZone(ZONE).toFormat('yyyy-LL');
    const quartier = await (await get(server, '/quartiere/kray')).text();
    const path = `/quartiere/kray/programm?monat=${month}`;
    expect(quartier).toContain(`href="${path}"`);
    const html = await (await get(server, path)).text();
    const svg = /<div class="programme-qr__code"[^>]*>([\s\S]*?<\/svg>)/.exec(html)?.[1];
    // The code encodes exactly the live address of this month's programme.
    expect(svg).toBe((await qrSvg(server.url + path)).trim());
    expect(html).not.toMatch(/<img[^>]+src="https?:/);
    expect(html).toMatch(/<button type="button" data-print-button hidden[^>]*>\s*Programm drucken\s*<\/button>/);
    expect(mainText(html)).toContain('Am Handy: Öffnen Sie das Menü Ihres Browsers, tippen Sie auf „Teilen“ und dann auf „Drucken“.');
  });

  it('item 4: states the holiday rule right before the changes it refers to', async () => {
    for (const path of ['/orte/quartierstreff-kray-nord/programm', '/orte/quartierstreff-kray-nord', '/quartiere/kray/programm']) {
      const text = mainText(await (await get(server, path)).text());
      const rule = text.indexOf('An gesetzlichen Feiertagen ist geschlossen, außer die folgende Liste sagt etwas anderes.');
      expect(rule, path).toBeGreaterThan(text.indexOf('Sonntag'));
      const changes = text.search(/Abweichende Öffnungszeiten/);
      expect(changes, path).toBeGreaterThan(rule);
    }
  });

  it('item 5: writes the dates of the back office as people write them', async () => {
    const admin = sessionCookieFor(server.dbPath, 'admin@example.org');
    const db = createDb(server.dbPath);
    const closure = db
      .select()
      .from(openingExceptions)
      .where(eq(openingExceptions.placeId, treffId))
      .orderBy(openingExceptions.dateFrom)
      .all()
      .filter((e) => e.dateTo !== e.dateFrom)
      .at(-1)!;
    const roomId = db.$client.prepare('SELECT id FROM rooms ORDER BY id LIMIT 1').pluck().get() as number;
    db.$client.close();
    const numeric = (iso: string): string => DateTime.fromISO(iso).toFormat('d.M.yyyy');
    const place = mainText(await (await get(server, `/verwaltung/orte/${treffId}`, admin)).text());
    expect(place).toContain(`${numeric(closure.dateFrom)} – ${numeric(closure.dateTo)}`);
    for (const path of [`/verwaltung/orte/${treffId}`, `/verwaltung/veranstaltungen/${wandercafe.id}`, `/verwaltung/raeume/${roomId}`]) {
      const text = mainText(await (await get(server, path, admin)).text());
      expect(text.match(/\b\d{4}-\d{2}-\d{2}\b/g), path).toBeNull();
    }
  });
});
