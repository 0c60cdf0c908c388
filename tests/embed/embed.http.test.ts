import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { mf2 } from 'microformats-parser';
import { createDb, type DbConnection } from '../../db/client';
import { eventQuartiere, events, organisations, quartiere } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { DateTime } from 'luxon';
import { eventPath } from '../../src/lib/paths';
import { ZONE } from '../../src/lib/time';
import { notEndedAt, type OpenDataEvent } from '../helpers/open-data';

let server: RunningServer;
let db: DbConnection;

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url + path, { headers, redirect: 'manual' });
}

function eventByTitle(title: string): { id: number; slug: string; uid: string } {
  const row = db.select().from(events).where(eq(events.title, title)).get();
  if (!row) throw new Error(`no event ${title}`);
  return row;
}

/** The Quartier slugs of every event, by UID, straight from the database. */
function quartiereByUid(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const row of db
    .select({ uid: events.uid, slug: quartiere.slug })
    .from(events)
    .innerJoin(eventQuartiere, eq(eventQuartiere.eventId, events.id))
    .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
    .all()) {
    result.set(row.uid, [...(result.get(row.uid) ?? []), row.slug].sort());
  }
  return result;
}

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

/** The `from` and `to` parameters of the coming three months (Berlin dates). */
function threeMonths(): string {
  const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
  return `from=${day(0)}&to=${day(90)}`;
}

describe('open data /api/events.json names the Quartiere', () => {
  it('gives every event its Quartiere (slug, name, page) as in the database, and keeps the schema.org fields', async () => {
    // Three months ahead: the demo's training for volunteers (in Kray and Karnap) is planned on an open Thursday
    // a few weeks out, later still around Christmas.
    const response = await get(`/api/events.json?${threeMonths()}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      events: { identifier: string; name: string; startDate: string; quartiere: { '@type': string; identifier: string; name: string; url: string }[] }[];
    };
    expect(body.events.length).toBeGreaterThan(5);
    const expected = quartiereByUid();
    for (const event of body.events) {
      expect(event.name).toBeTruthy();
      expect(event.startDate).toMatch(/^\d{4}-\d{2}-\d{2}/);
      expect(event.quartiere.map((q) => q.identifier).sort(), event.name).toEqual(expected.get(event.identifier) ?? []);
      for (const q of event.quartiere) {
        expect(q['@type']).toBe('Place');
        expect(q.url).toBe(`${server.url}/quartiere/${q.identifier}`);
        expect(q.name).not.toBe('');
      }
    }
    const training = body.events.find((e) => e.name === 'Ehrenamtsschulung: Grundlagen der Seniorenbegleitung');
    expect(training?.quartiere.map((q) => q.name)).toEqual(expect.arrayContaining(['Kray', 'Karnap']));
  });

  it('keeps every Quartier of an event even when the list is filtered by one of them', async () => {
    const body = (await (await get(`/api/events.json?quartier=karnap&${threeMonths()}`)).json()) as {
      events: { name: string; quartiere: { identifier: string }[] }[];
    };
    expect(body.events.length).toBeGreaterThan(0);
    for (const event of body.events) expect(event.quartiere.map((q) => q.identifier)).toContain('karnap');
    const training = body.events.find((e) => e.name.startsWith('Ehrenamtsschulung'));
    expect(training?.quartiere.map((q) => q.identifier).sort()).toEqual(['karnap', 'kray']);
  });
});

describe('h-event microformats on event pages', () => {
  it('an independent microformats parser reads name, times, place, summary, address and categories of an event page', async () => {
    const event = eventByTitle('Wandercafé');
    const path = eventPath({ eventId: event.id, slug: event.slug });
    const html = await (await get(path)).text();
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;
    const parsed = mf2(html, { baseUrl: server.url });
    const hEvents = parsed.items.filter((item) => item.type?.includes('h-event'));
    expect(hEvents).toHaveLength(1);
    const props = hEvents[0]!.properties;
    expect(props.name).toEqual(['Wandercafé']);
    expect(props.start).toEqual([jsonLd.startDate]);
    expect(props.end).toEqual([jsonLd.endDate]);
    expect(String(props.start![0])).toMatch(/^\d{4}-\d{2}-\d{2}T15:00:00\+0[12]:00$/);
    expect(props.url).toEqual([`${server.url}${path}`]);
    const place = jsonLd.location as { name: string; address: { streetAddress: string } };
    expect(String(props.location![0])).toContain(place.name);
    expect(String(props.location![0])).toContain(place.address.streetAddress);
    expect(String(props.summary![0])).toMatch(/^Kaffee, Kuchen und Gespräche/);
    expect(props.category).toEqual(['Café/Treffpunkt']);
  });

  it('an occurrence page names the occurrence itself: the moved Wandercafé starts at 14:30 at the Gemeindehaus', async () => {
    const event = eventByTitle('Wandercafé');
    const listing = (await (await get(`/api/events.json?to=${DateTime.now().setZone(ZONE).plus({ days: 60 }).toISODate()}`)).json()) as {
      events: { name: string; url: string; startDate: string; eventStatus: string }[];
    };
    const moved = listing.events.find((e) => e.name === 'Wandercafé' && e.eventStatus === 'https://schema.org/EventRescheduled');
    expect(moved).toBeDefined();
    const html = await (await get(new URL(moved!.url).pathname)).text();
    const props = mf2(html, { baseUrl: server.url }).items.find((item) => item.type?.includes('h-event'))!.properties;
    expect(props.name).toEqual(['Wandercafé']);
    expect(props.start).toEqual([moved!.startDate]);
    expect(String(props.start![0])).toContain('T14:30:00');
    expect(String(props.location![0])).toContain('Gemeindehaus');
    expect(String(props.url![0])).toContain(eventPath({ eventId: event.id, slug: event.slug }) + '/');
  });
});

/** The occurrence paths the widget links to, in order. */
function widgetLinks(html: string): string[] {
  const list = html.slice(html.indexOf('<ul class="embed-list"'), html.indexOf('</ul>'));
  return [...list.matchAll(/<a class="p-name u-url" href="([^"]+)"/g)].map((m) => m[1]!);
}

function eventIdOf(path: string): number {
  return Number(/^\/veranstaltungen\/(\d+)-/.exec(path)![1]);
}

describe('embeddable calendar /einbetten/kalender', () => {
  it('may be framed by any website, while every other page and its 404 keep frame-ancestors none and X-Frame-Options DENY', async () => {
    // Twice: the second answer comes from the page cache and must carry the same policy.
    for (let round = 0; round < 2; round++) {
      const embed = await get('/einbetten/kalender?quartier=kray');
      expect(embed.status).toBe(200);
      const csp = embed.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/frame-ancestors \*(;|$)/);
      expect(csp).not.toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/default-src 'self'/);
      expect(embed.headers.get('x-frame-options')).toBeNull();
    }
    for (const path of [
      '/einbetten',
      '/einbetten?quartier=kray',
      '/veranstaltungen',
      '/',
      '/api/events.json',
      '/einbetten/kalender/extra',
      '/EINBETTEN/kalender',
    ]) {
      const response = await get(path);
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
  });

  it('has no script, no header or footer, opens links in the top window and links to the portal', async () => {
    const html = await (await get('/einbetten/kalender')).text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<header|<footer|<nav/i);
    expect(html).toMatch(/<head>[\s\S]*<base target="_top">[\s\S]*<\/head>/);
    expect(widgetLinks(html)).toHaveLength(5);
    expect(html).toContain('class="embed-place p-location"');
    expect(html).toContain('href="/veranstaltungen"');
  });

  it('shows the same first occurrences as the calendar query for a Quartier, as many as asked for', async () => {
    const html = await (await get('/einbetten/kalender?quartier=karnap&anzahl=4')).text();
    const links = widgetLinks(html);
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThanOrEqual(4);
    const openData = (await (await get('/api/events.json?quartier=karnap&to=' + DateTime.now().setZone(ZONE).plus({ days: 200 }).toISODate())).json()) as {
      events: OpenDataEvent[];
    };
    const notEnded = notEndedAt(openData.events, DateTime.now());
    expect(links).toEqual(notEnded.slice(0, links.length).map((e) => new URL(e.url).pathname));
    const karnapEvents = new Set(
      db
        .select({ id: eventQuartiere.eventId })
        .from(eventQuartiere)
        .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
        .where(eq(quartiere.slug, 'karnap'))
        .all()
        .map((r) => r.id),
    );
    for (const link of links) expect(karnapEvents.has(eventIdOf(link)), link).toBe(true);
    expect(html).toContain('Nächste Termine: Karnap');
    expect(html).toContain('href="/veranstaltungen?quartier=karnap"');
  });

  it('filters by organisation, category and target group', async () => {
    const verein = db.select().from(organisations).where(eq(organisations.slug, 'buergerverein-kray')).get()!;
    const links = widgetLinks(await (await get('/einbetten/kalender?organisation=buergerverein-kray&anzahl=20')).text());
    expect(links.length).toBeGreaterThan(0);
    for (const link of links)
      expect(
        db
          .select()
          .from(events)
          .where(eq(events.id, eventIdOf(link)))
          .get()?.organisationId,
        link,
      ).toBe(verein.id);
    const all = widgetLinks(await (await get('/einbetten/kalender?anzahl=30')).text());
    const festOnly = widgetLinks(await (await get('/einbetten/kalender?kategorie=fest&zielgruppe=familien&anzahl=30')).text());
    expect(festOnly.length).toBeLessThan(all.length);
    const calendar = await (await get('/veranstaltungen?kategorie=fest&zielgruppe=familien')).text();
    for (const link of festOnly) expect(calendar).toContain(`href="${link}"`);
  });

  it('falls back to the default look for unknown or malicious look values and never puts them into the page', async () => {
    const response = await get('/einbetten/kalender?anzahl=999&ansicht=gross&akzent=red%3B%7Dbody%7Bdisplay%3Anone&schrift=%3Cscript%3E');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('class="embed embed-akzent-blau embed-ansicht-liste"');
    expect(html).toContain('class="embed-schrift-normal"');
    expect(html).not.toContain('display:none');
    expect(html).not.toMatch(/<script/i);
    expect(widgetLinks(html)).toHaveLength(5);
    const chosen = await (await get('/einbetten/kalender?anzahl=2&ansicht=kompakt&akzent=gruen&schrift=gross')).text();
    expect(chosen).toContain('class="embed embed-akzent-gruen embed-ansicht-kompakt"');
    expect(chosen).toContain('class="embed-schrift-gross"');
    expect(widgetLinks(chosen)).toHaveLength(2);
    expect(chosen).not.toContain('class="embed-place');
  });

  it('answers an unknown filter slug with a 404 that explains itself and can still be framed', async () => {
    const response = await get('/einbetten/kalender?organisation=gibt-es-nicht');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    const html = await response.text();
    expect(html).toContain('Eine Organisation mit der Kennung „gibt-es-nicht“ gibt es nicht.');
    expect(html).not.toMatch(/<script/i);
  });
});

describe('embed builder /einbetten', () => {
  it('builds the iframe snippet, a link list of the same events and the feed addresses for the chosen filters', async () => {
    const response = await get('/einbetten?quartier=kray&anzahl=3&ansicht=kompakt&akzent=rot');
    expect(response.status).toBe(200);
    const html = await response.text();
    const widgetSrc = `${server.url}/einbetten/kalender?quartier=kray&amp;anzahl=3&amp;ansicht=kompakt&amp;akzent=rot`;
    const iframeCode = /<textarea id="iframe-code"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!;
    // The textarea shows the code as text, so its markup arrives escaped once more.
    expect(iframeCode).toContain(`&lt;iframe src=&quot;${widgetSrc.replace(/&/g, '&amp;')}&quot; title=&quot;Termine aus dem Quartiersportal&quot;`);
    expect(html).toContain(
      '<iframe class="embed-preview" src="/einbetten/kalender?quartier=kray&amp;anzahl=3&amp;ansicht=kompakt&amp;akzent=rot" title="Termine aus dem Quartiersportal"',
    );
    const linkList = /<textarea id="link-list"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!;
    expect(linkList).toContain('aktualisiert sich nicht selbst');
    const listed = [...linkList.matchAll(/&lt;li&gt;&lt;a href=&quot;([^&]+)&quot;/g)].map((m) => new URL(m[1]!).pathname);
    const widget = widgetLinks(await (await get('/einbetten/kalender?quartier=kray&anzahl=3&ansicht=kompakt&akzent=rot')).text());
    expect(listed).toHaveLength(3);
    expect(listed).toEqual(widget);
    expect(html).toContain(`value="${server.url}/kalender.ics?quartier=kray"`);
    expect(html).toMatch(/href="webcal:\/\/127\.0\.0\.1:\d+\/kalender\.ics\?quartier=kray"/);
    expect(html).toContain('href="/veranstaltungen/rss.xml?quartier=kray"');
    const feed = await get('/kalender.ics?quartier=kray');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
  });

  it('keeps the choice in the form, offers organisations with events, and explains an unknown slug with a 404', async () => {
    const html = await (await get('/einbetten?organisation=buergerverein-kray&schrift=gross')).text();
    expect(html).toMatch(/<input type="checkbox" name="organisation" value="buergerverein-kray" checked/);
    expect(html).toMatch(/<option value="gross" selected>/);
    expect(html).toContain('/kalender.ics?organisation=buergerverein-kray');
    const feed = await get('/kalender.ics?organisation=buergerverein-kray');
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('SUMMARY:Wandercafé');
    const unknown = await get('/einbetten?ort=nirgendwo');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Einen Ort mit der Kennung „nirgendwo“ gibt es nicht.');
  });

  it('is linked from the subscribe page and the footer', async () => {
    const subscribe = await (await get('/abonnieren?quartier=kray')).text();
    expect(subscribe).toContain('href="/einbetten?quartier=kray"');
    const home = await (await get('/')).text();
    expect(home.slice(home.indexOf('<footer'))).toContain('href="/einbetten"');
  });
});
