import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb } from '../../db/client';
import { openingExceptions, openingHours, places } from '../../db/schema';
import { berlinDate } from '../../src/lib/time';
import { shiftDate } from '../../src/lib/server/places/opening-hours';
import { startServer, type RunningServer } from '../helpers/server';
import { insertClockFixtures, type ClockFixtures } from './fixtures';

const text = (html: string): string =>
  html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

function jsonLd(html: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no JSON-LD on the page');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

describe('place pages over HTTP', () => {
  let server: RunningServer;
  let clock: ClockFixtures;
  beforeAll(async () => {
    server = await startServer();
    clock = insertClockFixtures(server.dbPath);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const get = (path: string): Promise<Response> => fetch(server.url + path);

  it('lists every place on /orte, grouped under its Quartier', async () => {
    const response = await get('/orte');
    expect(response.status).toBe(200);
    const html = await response.text();
    const headings = [...html.matchAll(/<h2 id="q-([a-z-]+)"/g)].map((m) => m[1]);
    expect(headings).toEqual(['kray', 'bergmannsfeld-hoersterfeld', 'karnap', 'frohnhausen']);
    for (const name of ['Stadtteilbüro Kray', 'Treff am Gervinuspark', 'Stadtteilbüro Karnap', 'Kita Regenbogen']) expect(html).toContain(name);
    // Kray's places come before the Bergmannsfeld heading.
    expect(html.indexOf('Quartierstreff Kray-Nord')).toBeLessThan(html.indexOf('id="q-bergmannsfeld-hoersterfeld"'));
  });

  it('filters /orte by Quartier with a plain GET parameter', async () => {
    const html = await (await get('/orte?quartier=karnap')).text();
    expect(html).toContain('Stadtteilbüro Karnap');
    expect(html).not.toContain('Stadtteilbüro Kray');
    expect(html).toMatch(/<option value="karnap" selected/);
  });

  it('answers an unknown Quartier filter with 404 and a German explanation', async () => {
    const response = await get('/orte?quartier=atlantis');
    expect(response.status).toBe(404);
    expect(text(await response.text())).toContain('Das Quartier „atlantis“ gibt es nicht.');
  });

  it('answers an unknown place with the German 404 page', async () => {
    const response = await get('/orte/gibt-es-nicht');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Seite nicht gefunden');
  });

  it('shows address, accessibility facts, contact, weekly hours and the OpenStreetMap link of a place', async () => {
    const response = await get('/orte/stadtteilbuero-bergmannsfeld');
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toContain('Bonifaciusring 12 45309 Essen');
    expect(page).toContain('Stufenloser Zugang ja');
    expect(page).toContain('Induktionsschleife für Hörgeräte ja');
    expect(page).toContain('Aufzug im Haus.');
    expect(page).toContain('Telefon: 0201 123 45 20');
    // Today's row carries "(heute)" after the weekday.
    expect(page.match(/ \(heute\)/g)?.length).toBe(1);
    expect(page.replace(' (heute)', '')).toContain('Montag 10:00–16:00 Uhr Dienstag geschlossen Mittwoch 10:00–16:00 Uhr Donnerstag 13:00–19:00 Uhr');
    expect(page).toContain('An gesetzlichen Feiertagen ist geschlossen');
  });

  it('links to OpenStreetMap but loads nothing from other hosts and ships no JavaScript', async () => {
    const html = await (await get('/orte/stadtteilbuero-kray')).text();
    expect(html).toContain('href="https://www.openstreetmap.org/?mlat=51.4641&amp;mlon=7.0786');
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    expect(scripts).toEqual([' type="application/ld+json"']);
    expect(html).not.toMatch(/<(img|link|iframe|script|source|video|audio)\b[^>]*\b(src|href|srcset)="(https?:)?\/\//i);
  });

  it('publishes schema.org opening hours that match the stored weekly rules, with the Christmas closure', async () => {
    const db = createDb(server.dbPath);
    const place = db.select().from(places).where(eq(places.slug, 'stadtteilbuero-kray')).get()!;
    const rules = db.select().from(openingHours).where(eq(openingHours.placeId, place.id)).all();
    const exceptions = db.select().from(openingExceptions).where(eq(openingExceptions.placeId, place.id)).all();
    db.$client.close();
    const data = jsonLd(await (await get('/orte/stadtteilbuero-kray')).text());
    expect(data['@context']).toBe('https://schema.org');
    expect(data['@type']).toBe('CivicStructure');
    const specs = data.openingHoursSpecification as { dayOfWeek: string; opens: string; closes: string }[];
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    expect(specs.map((s) => `${s.dayOfWeek}|${s.opens}|${s.closes}`).sort()).toEqual(
      rules.map((r) => `https://schema.org/${days[r.weekday - 1]}|${r.opens}|${r.closes}`).sort(),
    );
    const special = data.specialOpeningHoursSpecification as { validFrom: string; validThrough: string; opens: string; closes: string; name?: string }[];
    const today = berlinDate(new Date());
    const expected = exceptions
      .filter((e) => e.dateTo >= today && e.dateFrom <= shiftDate(today, 60))
      .map((e) => ({ validFrom: e.dateFrom, validThrough: e.dateTo, opens: e.opens ?? '00:00', closes: e.closes ?? '00:00', name: e.reason }));
    expect(
      special.filter((s) => !s.name || !/^(Neujahr|Karfreitag|Oster|Tag der|Christi|Pfingst|Fronleich|Allerheiligen|\d\. Weihnacht)/.test(s.name)),
    ).toEqual(expected.map((e) => ({ '@type': 'OpeningHoursSpecification', ...e })));
  });

  it('says "open now until …" for a place that is open at this moment', async () => {
    const page = text(await (await get(`/orte/${clock.openSlug}`)).text());
    expect(page).toContain(clock.openLine);
  });

  it('says "closed today (reason)" and when it opens next', async () => {
    const page = text(await (await get(`/orte/${clock.closedSlug}`)).text());
    expect(page).toContain(clock.closedLine);
    expect(page).toContain('Inventur');
  });

  it('shows the status line on the Quartier page and on /orte', async () => {
    for (const path of ['/quartiere/kray', '/orte?quartier=kray']) {
      const page = text(await (await get(path)).text());
      expect(page).toContain(clock.openLine);
      expect(page).toContain(clock.closedLine);
    }
  });

  it('tells that a venue without opening hours opens for events', async () => {
    const page = text(await (await get('/orte/kita-regenbogen')).text());
    expect(page).toContain('Dieser Ort hat keine festen Öffnungszeiten');
    expect(page).not.toContain('Regelmäßige Öffnungszeiten');
  });

  it('lists the upcoming events held at the place', async () => {
    const page = text(await (await get('/orte/stadtteilbuero-kray')).text());
    expect(page).toContain('Offene Sprechstunde des Quartiersmanagements');
  });

  it('has the Treffs entry in the main navigation', async () => {
    const html = await (await get('/')).text();
    expect(html).toMatch(/<a href="\/orte"[^>]*>\s*Treffs und Stadtteilbüros\s*<\/a>/);
  });
});
