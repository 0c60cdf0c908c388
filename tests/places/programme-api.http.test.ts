import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb } from '../../db/client';
import { eventOccurrences, events, places } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { ZONE } from '../../src/lib/time';

const text = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

interface ApiPlace {
  '@type': string;
  identifier: string;
  name: string;
  url: string;
  address: { streetAddress: string; postalCode: string; addressLocality: string };
  geo?: { latitude: number; longitude: number };
  quartier: { slug: string };
  accessibility: { stepFree: boolean; accessibleWc: boolean; hearingLoop: boolean };
  hasOpeningHours: boolean;
  openingHoursSpecification: { dayOfWeek: string; opens: string; closes: string }[];
  specialOpeningHoursSpecification: { validFrom: string; validThrough: string; opens: string; closes: string }[];
  weeklyHours: { weekday: number; periods: { opens: string; closes: string }[] }[];
  upcomingExceptions: { dateFrom: string; dateTo: string; kind: string }[];
}

describe('printable programmes and /api/places.json over HTTP', () => {
  let server: RunningServer;
  const nextMonth = DateTime.now().setZone(ZONE).plus({ months: 1 }).startOf('month');
  const monthKey = nextMonth.toFormat('yyyy-LL');
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const get = (path: string, init?: RequestInit): Promise<Response> => fetch(server.url + path, init);

  it('lists every occurrence of the month at the Treff, one table row each, with the month’s hours', async () => {
    const db = createDb(server.dbPath);
    const place = db.select().from(places).where(eq(places.slug, 'treff-am-gervinuspark')).get()!;
    const expected = db
      .select({ title: events.title })
      .from(eventOccurrences)
      .innerJoin(events, eq(events.id, eventOccurrences.eventId))
      .where(
        and(
          eq(events.placeId, place.id),
          inArray(events.status, ['published', 'cancelled']),
          gte(eventOccurrences.startsAt, nextMonth.toJSDate()),
          lt(eventOccurrences.startsAt, nextMonth.plus({ months: 1 }).toJSDate()),
        ),
      )
      .all();
    db.$client.close();
    expect(expected.length).toBeGreaterThan(0);
    const response = await get(`/orte/treff-am-gervinuspark/programm?monat=${monthKey}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const table = /<table class="programme-events[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table.match(/<tr/g)!.length - 1).toBe(expected.length);
    for (const { title } of expected) expect(text(table)).toContain(title);
    expect(text(html)).toContain('Montag 09:30–17:00 Uhr');
    // One small module only: it shows the print button (the sheet itself needs no script; see tests/journeys).
    expect(html.match(/<script(?![^>]*application\/ld\+json)[^>]*>/g)).toEqual([expect.stringMatching(/^<script type="module"/)]);
  });

  it.each([`/orte/stadtteilbuero-kray/programm?monat=${monthKey}`, `/quartiere/kray/programm?monat=${monthKey}`])(
    'says the holiday rule right before the list of the month’s changes it refers to on %s',
    async (path) => {
      const page = text(await (await get(path)).text());
      const rule = 'An gesetzlichen Feiertagen ist geschlossen, außer die folgende Liste sagt etwas anderes.';
      const rules = page.split(rule).length - 1;
      expect(rules).toBeGreaterThan(0);
      expect(page.match(/Abweichende Öffnungszeiten im /g)?.length).toBe(rules);
      for (const after of page.split(rule).slice(1)) expect(after.trimStart()).toMatch(/^Abweichende Öffnungszeiten im /);
    },
  );

  it('shows the current month when no month is given', async () => {
    const label = DateTime.now().setZone(ZONE).setLocale('de-DE').toLocaleString({ month: 'long', year: 'numeric' });
    const html = await (await get('/orte/stadtteilbuero-kray/programm')).text();
    expect(text(html)).toContain(`Stadtteilbüro Kray: Programm ${label}`);
  });

  it('shows the Quartier programme with every Treff and its opening hours', async () => {
    const response = await get(`/quartiere/kray/programm?monat=${monthKey}`);
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toContain('Öffnungszeiten: Stadtteilbüro Kray');
    expect(page).toContain('Öffnungszeiten: Quartierstreff Kray-Nord');
    expect(page).not.toContain('Öffnungszeiten: Gemeindehaus');
  });

  it.each([
    ['/orte/stadtteilbuero-kray/programm?monat=Dezember', 400, 'Mit „Dezember“ können wir nichts anfangen.'],
    ['/orte/stadtteilbuero-kray/programm?monat=2026-13', 400, 'können wir nichts anfangen'],
    ['/quartiere/kray/programm?monat=1999-01', 404, 'Ein Programm gibt es für die Monate von'],
    ['/orte/gibt-es-nicht/programm', 404, 'Seite nicht gefunden'],
    ['/quartiere/gibt-es-nicht/programm', 404, 'Seite nicht gefunden'],
  ])('answers %s with %i and a German explanation', async (path, status, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(text(await response.text())).toContain(message);
  });

  it('publishes every place with address, coordinates, accessibility and opening hours', async () => {
    const response = await get('/api/places.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toContain('max-age=300');
    const data = (await response.json()) as { '@context': string; places: ApiPlace[] };
    expect(data['@context']).toBe('https://schema.org');
    const db = createDb(server.dbPath);
    const stored = db.select().from(places).all();
    db.$client.close();
    expect(data.places.map((p) => p.identifier).sort()).toEqual(stored.map((p) => p.slug).sort());
    const kray = data.places.find((p) => p.identifier === 'stadtteilbuero-kray')!;
    expect(kray).toMatchObject({
      '@type': 'CivicStructure',
      url: `${server.url}/orte/stadtteilbuero-kray`,
      address: { streetAddress: 'Krayer Markt 4', postalCode: '45307', addressLocality: 'Essen' },
      geo: { latitude: 51.4641, longitude: 7.0786 },
      quartier: { slug: 'kray' },
      accessibility: { stepFree: true, accessibleWc: true, hearingLoop: false },
      hasOpeningHours: true,
    });
    expect(kray.openingHoursSpecification).toContainEqual({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: 'https://schema.org/Tuesday',
      opens: '14:00',
      closes: '18:00',
    });
    expect(kray.weeklyHours.find((d) => d.weekday === 2)?.periods).toEqual([
      { opens: '09:00', closes: '13:00', note: '' },
      { opens: '14:00', closes: '18:00', note: '' },
    ]);
    const venue = data.places.find((p) => p.identifier === 'kita-regenbogen')!;
    expect(venue).toMatchObject({ '@type': 'Place', hasOpeningHours: false, openingHoursSpecification: [], weeklyHours: [] });
  });

  it('filters the places by Quartier and answers an unknown one with a German JSON 404', async () => {
    const karnap = (await (await get('/api/places.json?quartier=karnap')).json()) as { places: ApiPlace[] };
    expect(karnap.places.length).toBeGreaterThan(0);
    expect(karnap.places.every((p) => p.quartier.slug === 'karnap')).toBe(true);
    const unknown = await get('/api/places.json?quartier=atlantis');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'unknown_quartier', message: expect.stringContaining('„atlantis“ gibt es nicht') });
  });

  it('answers a repeat request with If-None-Match with 304 and no body', async () => {
    const first = await get('/api/places.json');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get('/api/places.json', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await get('/api/places.json?quartier=karnap', { headers: { 'If-None-Match': etag! } });
    expect(other.status).toBe(200);
  });
});
