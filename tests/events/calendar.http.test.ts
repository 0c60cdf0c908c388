import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDb, type DbConnection } from '../../db/client';
import { eventExceptions, eventOccurrences, eventQuartiere, events, quartiere } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { eventPath, occurrencePath } from '../../src/lib/paths';
import { DateTime } from 'luxon';
import { ZONE } from '../../src/lib/time';

let server: RunningServer;
let db: DbConnection;

function eventByTitle(title: string): { id: number; slug: string; status: string } {
  const row = db.select().from(events).where(eq(events.title, title)).get();
  if (!row) throw new Error(`no event ${title}`);
  return row;
}

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url + path, { headers, redirect: 'manual' });
}

/** Visible text of the <main> element, scripts removed, whitespace collapsed. */
function mainText(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return main
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
});

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe('calendar list /veranstaltungen', () => {
  it('lists published and cancelled events but never proposals or drafts', async () => {
    const response = await get('/veranstaltungen?zeitraum=monat&seite=1');
    expect(response.status).toBe(200);
    const all = mainText(await (await get('/veranstaltungen?q=')).text());
    expect(all).toContain('Wandercafé');
    expect(all).not.toContain('Nikolausfeier');
    const cancelled = eventByTitle('Lesung im Treff');
    const lesung = mainText(await (await get('/veranstaltungen?q=Lesung')).text());
    expect(lesung).toContain('Lesung im Treff');
    expect(lesung).toContain('Fällt aus');
    expect(cancelled.status).toBe('cancelled');
  });

  it('offers single-choice filter lists, and keeps several values from a shared link as a multiple choice', async () => {
    const plain = await (await get('/veranstaltungen')).text();
    const selects = [...plain.matchAll(/<select id="filter-[a-z]+"[^>]*>/g)].map((m) => m[0]);
    expect(selects).toHaveLength(4);
    expect(selects.every((tag) => !/\bmultiple\b/.test(tag))).toBe(true);
    const two = await (await get('/veranstaltungen?quartier=kray&quartier=karnap')).text();
    expect(/<select id="filter-quartier"[^>]*\bmultiple\b/.test(two)).toBe(true);
    expect(/<select id="filter-kategorie"[^>]*\bmultiple\b/.test(two)).toBe(false);
  });

  it('finds events whatever the case, accents and umlaut spelling of the search words', async () => {
    for (const query of ['wandercafe', 'WANDERCAFÉ', 'Gespraeche', 'GESPRÄCHE kuchen']) {
      expect(mainText(await (await get(`/veranstaltungen?q=${encodeURIComponent(query)}`)).text()), query).toContain('Wandercafé');
    }
    expect(mainText(await (await get('/veranstaltungen?q=Gesprxche')).text())).not.toContain('Wandercafé');
  });

  it('filters by Quartier and says so in the heading', async () => {
    const text = mainText(await (await get('/veranstaltungen?quartier=karnap')).text());
    expect(text).toContain('Veranstaltungen in Karnap');
    expect(text).toContain('Fahrradwerkstatt zum Mitmachen');
    expect(text).not.toContain('Wandercafé');
  });

  it('combines category, free-of-charge and full-text search', async () => {
    const repair = mainText(await (await get('/veranstaltungen?kategorie=reparieren&kostenlos=1')).text());
    expect(repair).toContain('Repair-Café');
    expect(repair).not.toContain('Sprachcafé');
    const search = mainText(await (await get('/veranstaltungen?q=Baldeneysee')).text());
    expect(search).toContain('Ausflug zum Baldeneysee');
    expect(search).not.toContain('Wandercafé');
    // The Ausflug costs money: the free filter removes it.
    const freeSearch = mainText(await (await get('/veranstaltungen?q=Baldeneysee&kostenlos=1')).text());
    expect(freeSearch).not.toContain('Ausflug zum Baldeneysee');
  });

  it('answers an unknown slug with 404 and a German explanation', async () => {
    const response = await get('/veranstaltungen?kategorie=gibtsnicht');
    expect(response.status).toBe(404);
    expect(mainText(await response.text())).toContain('Eine Veranstaltungsart mit der Kennung „gibtsnicht“ gibt es nicht');
    const quartier = await get('/veranstaltungen?quartier=atlantis');
    expect(quartier.status).toBe(404);
  });

  it('answers malformed dates, months and pages with 400 and an explanation', async () => {
    for (const query of ['datum=2026-13-45', 'datum=morgen', 'ansicht=monat&monat=2026-1', 'seite=0', 'seite=abc', 'zeitraum=jahr']) {
      const response = await get(`/veranstaltungen?${query}`);
      expect(response.status, query).toBe(400);
      expect(mainText(await response.text()), query).toMatch(/verstehen wir nicht/);
    }
  });

  it("points from a quick range without dates to the next date, in the reader's language", async () => {
    // Some series of the demo city has no date today, whatever the hour; its search under "Heute" is empty.
    const titles = db
      .select({ title: events.title })
      .from(events)
      .where(eq(events.status, 'published'))
      .all()
      .map((r) => r.title);
    let found: { query: string; html: string } | null = null;
    for (const title of titles) {
      const query = `q=${encodeURIComponent(title)}&zeitraum=heute`;
      const html = await (await get(`/veranstaltungen?${query}`)).text();
      if (html.includes('Für diese Auswahl gibt es keine Termine.') && html.includes('Nächster Termin:')) {
        found = { query, html };
        break;
      }
    }
    expect(found, 'a series without a date today').not.toBeNull();
    const link = /<a href="(\/veranstaltungen\?q=[^"]*&amp;datum=(\d{4}-\d{2}-\d{2}))"[^>]*>Nächster Termin: ([^<]+)<\/a>/.exec(found!.html);
    expect(link, 'the next-date link keeps the search and names the day').not.toBeNull();
    const [, href, day, label] = link!;
    expect(DateTime.fromISO(day!, { zone: ZONE }) > DateTime.now().setZone(ZONE).startOf('day')).toBe(true);
    expect(label).toBe(
      DateTime.fromISO(day!, { zone: ZONE }).setLocale('de-DE').toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    );
    const dayPage = await (await get(href!.replace(/&amp;/g, '&'))).text();
    expect(dayPage).toContain(`id="tag-${day}"`);
    const english = await (await get(`/veranstaltungen?${found!.query}`, { 'accept-language': 'en' })).text();
    expect(english).toContain('>Next date: ');
  });

  it('shows the month grid with a table and links to the days', async () => {
    const html = await (await get('/veranstaltungen?ansicht=monat')).text();
    expect(html).toContain('<table');
    expect(html).toMatch(/<th scope="col"[^>]*>/);
    expect(html).toMatch(/href="\/veranstaltungen\?datum=\d{4}-\d{2}-\d{2}"/);
  });

  it('sends validators and answers 304 to a matching If-None-Match', async () => {
    const first = await get('/veranstaltungen');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect(first.headers.get('cache-control')).toContain('must-revalidate');
    const second = await get('/veranstaltungen', { 'If-None-Match': etag! });
    expect(second.status).toBe(304);
    const other = await get('/veranstaltungen?quartier=kray', { 'If-None-Match': etag! });
    expect(other.status).toBe(200);
  });

  it('ships no client JavaScript', async () => {
    for (const path of ['/veranstaltungen', '/veranstaltungen?ansicht=monat', eventPath({ eventId: eventByTitle('Wandercafé').id, slug: 'wandercafe' })]) {
      const html = await (await get(path)).text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(
        scripts.every((s) => s.includes('application/ld+json')),
        path,
      ).toBe(true);
    }
  });
});

describe('event and occurrence pages', () => {
  it('shows an event with its facts and schema.org JSON-LD', async () => {
    const event = eventByTitle('Wandercafé');
    const response = await get(eventPath({ eventId: event.id, slug: event.slug }));
    expect(response.status).toBe(200);
    const html = await response.text();
    const text = mainText(html);
    expect(text).toContain('jeden Dienstag, 15:00–17:00 Uhr');
    expect(text).toContain('Rotthauser Straße 17');
    expect(html).toContain('href="/orte/');
    expect(html).toContain('https://www.openstreetmap.org/');
    // A series is offered as a subscription of its .ics (webcal://), so later changes reach the calendar app.
    expect(html).toMatch(new RegExp(`href="webcal://127\\.0\\.0\\.1:\\d+${eventPath({ eventId: event.id, slug: event.slug })}\\.ics"`));
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(jsonLd['@type']).toBe('Event');
    expect(jsonLd.name).toBe('Wandercafé');
    expect(jsonLd.startDate).toMatch(/T15:00:00\+0[12]:00$/);
    expect(jsonLd.location.address.streetAddress).toBe('Rotthauser Straße 17');
  });

  it('redirects an outdated slug to the current address', async () => {
    const event = eventByTitle('Wandercafé');
    const response = await get(`/veranstaltungen/${event.id}-altes-cafe`);
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toMatch(new RegExp(`/veranstaltungen/${event.id}-wandercafe$`));
  });

  it('hides proposed events and unknown ids behind a 404', async () => {
    const proposal = eventByTitle('Nikolausfeier im Gemeindehaus');
    expect((await get(eventPath({ eventId: proposal.id, slug: proposal.slug }))).status).toBe(404);
    expect((await get('/veranstaltungen/999999-nichts')).status).toBe(404);
    expect((await get('/veranstaltungen/abc')).status).toBe(404);
  });

  it('shows a cancelled event with a banner and its reason', async () => {
    const event = eventByTitle('Lesung im Treff');
    const text = mainText(await (await get(eventPath({ eventId: event.id, slug: event.slug }))).text());
    expect(text).toContain('Diese Veranstaltung fällt aus.');
    expect(text).toContain('Ein neuer Termin folgt.');
  });

  it('gives each occurrence its own page with cancelled and moved banners', async () => {
    const event = eventByTitle('Wandercafé');
    const exceptions = db.select().from(eventExceptions).where(eq(eventExceptions.eventId, event.id)).all();
    const cancelled = exceptions.find((e) => e.kind === 'cancelled')!;
    const moved = exceptions.find((e) => e.kind === 'changed')!;
    const ref = { eventId: event.id, slug: event.slug };
    const cancelledText = mainText(await (await get(occurrencePath({ ...ref, recurrenceLocal: cancelled.recurrenceLocal }))).text());
    expect(cancelledText).toMatch(/Der Termin am .+ fällt aus\./);
    expect(cancelledText).toContain('Fällt wegen Krankheit aus.');
    const movedText = mainText(await (await get(occurrencePath({ ...ref, recurrenceLocal: moved.recurrenceLocal }))).text());
    expect(movedText).toContain('Achtung, dieser Termin ist geändert.');
    expect(movedText).toContain('14:30–17:00 Uhr');
    expect(movedText).toContain('Ursprünglich geplant war:');
    expect(movedText).toContain('15:00–17:00 Uhr');
    expect(movedText).toContain('Gemeindehaus St. Barbara');
  });

  it('answers 404 for a date on which the series has no occurrence', async () => {
    const event = eventByTitle('Wandercafé');
    const first = db.select().from(eventOccurrences).where(eq(eventOccurrences.eventId, event.id)).get()!;
    const dayAfter = DateTime.fromJSDate(first.startsAt, { zone: ZONE }).plus({ days: 1 }).toISODate();
    const path = `${eventPath({ eventId: event.id, slug: event.slug })}/${dayAfter}`;
    expect((await get(path)).status).toBe(404);
    expect((await get(`${eventPath({ eventId: event.id, slug: event.slug })}/2026-02-30`)).status).toBe(404);
  });
});

describe('open data /api/events.json', () => {
  it('returns schema.org events in the range with a Quartier filter, matching the database', async () => {
    const from = DateTime.now().setZone(ZONE).toISODate()!;
    const to = DateTime.now().setZone(ZONE).plus({ days: 20 }).toISODate()!;
    const response = await get(`/api/events.json?from=${from}&to=${to}&quartier=kray`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { '@context': string; count: number; events: Record<string, unknown>[] };
    expect(body['@context']).toBe('https://schema.org');
    expect(body.count).toBe(body.events.length);
    expect(body.events.length).toBeGreaterThan(3);
    for (const event of body.events) {
      expect(event['@type']).toBe('Event');
      expect(String(event.startDate) >= from).toBe(true);
      expect(String(event.startDate).slice(0, 10) <= to).toBe(true);
      expect(String(event.url)).toMatch(/\/veranstaltungen\/\d+-[a-z0-9-]+\/\d{4}-\d{2}-\d{2}$/);
    }
    const krayIds = db
      .selectDistinct({ uid: events.uid })
      .from(events)
      .innerJoin(eventQuartiere, eq(eventQuartiere.eventId, events.id))
      .innerJoin(quartiere, eq(quartiere.id, eventQuartiere.quartierId))
      .where(eq(quartiere.slug, 'kray'))
      .all()
      .map((r) => r.uid);
    expect(body.events.every((e) => krayIds.includes(String(e.identifier)))).toBe(true);
    const cancelled = body.events.find((e) => e.eventStatus === 'https://schema.org/EventCancelled');
    expect(cancelled).toBeDefined();
  });

  it('answers malformed dates with a 400 JSON error and caps long ranges', async () => {
    for (const query of ['from=2026-02-30', 'from=heute', 'to=2026-1-1', 'from=2026-12-10&to=2026-12-01']) {
      const response = await get(`/api/events.json?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, query).toMatch(/^invalid_/);
    }
    const capped = (await (await get('/api/events.json?from=2026-01-01&to=2030-12-31')).json()) as { capped: boolean; to: string };
    expect(capped.capped).toBe(true);
    // 366 days from 1 January 2026, both ends included.
    expect(capped.to).toBe('2027-01-01');
    const unknown = await get('/api/events.json?quartier=atlantis');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { parameter: string } }).error.parameter).toBe('quartier');
  });
});

describe('subscribe page /abonnieren', () => {
  it('builds a short filtered address with webcal:// and explains the apps', async () => {
    const response = await get('/abonnieren?quartier=kray&quartier=karnap&kategorie=fest');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('value="http://127.0.0.1');
    expect(html).toContain('/kalender.ics?quartier=karnap%2Ckray&amp;kategorie=fest"');
    expect(html).toMatch(/href="webcal:\/\/127\.0\.0\.1:\d+\/kalender\.ics\?quartier=karnap%2Ckray&amp;kategorie=fest"/);
    const text = mainText(html);
    for (const app of ['Google Kalender', 'Apple Kalender', 'Outlook', 'Thunderbird']) expect(text).toContain(app);
    expect(text).toContain('Quartiersportal: Veranstaltungen in Karnap und Kray – Fest');
    // The address the page offers is a working feed.
    const feed = await get('/kalender.ics?quartier=karnap%2Ckray&kategorie=fest');
    expect(feed.status).toBe(200);
  });

  it('answers an unknown slug with 404 and a German explanation', async () => {
    const response = await get('/abonnieren?zielgruppe=hunde');
    expect(response.status).toBe(404);
    expect(mainText(await response.text())).toContain('Eine Zielgruppe mit der Kennung „hunde“ gibt es nicht');
  });
});

describe('public pages kept in memory (PAGE_CACHE)', () => {
  it('shows a change to an event to the very next anonymous visitor', async () => {
    const before = await (await get('/veranstaltungen?q=Wandercaf')).text();
    expect(mainText(before)).toContain('Wandercafé');
    expect(mainText(await (await get('/veranstaltungen?q=Wandercaf')).text())).not.toContain('Wandercafé am Wasserturm');
    const wandercafe = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    db.update(events).set({ title: 'Wandercafé am Wasserturm' }).where(eq(events.id, wandercafe.id)).run();
    try {
      expect(mainText(await (await get('/veranstaltungen?q=Wandercaf')).text())).toContain('Wandercafé am Wasserturm');
    } finally {
      db.update(events).set({ title: 'Wandercafé' }).where(eq(events.id, wandercafe.id)).run();
    }
    expect(mainText(await (await get('/veranstaltungen?q=Wandercaf')).text())).not.toContain('Wasserturm');
  });

  it('never gives a logged-in resident the page kept for anonymous visitors, nor the other way round', async () => {
    const anonymous = await (await get('/')).text();
    expect(anonymous).toContain('/anmelden');
    const cookie = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const personal = await (await get('/', { Cookie: cookie })).text();
    expect(personal).toContain('/abmelden');
    expect(personal).not.toContain('href="/anmelden');
    const anonymousAgain = await (await get('/')).text();
    expect(anonymousAgain).not.toContain('/abmelden');
  });

  it('sends kept feeds gzip-compressed to calendar apps that accept it, identical once unpacked', async () => {
    const plain = await (await get('/kalender.ics?quartier=kray')).text();
    const { request } = await import('node:http');
    const { gunzipSync } = await import('node:zlib');
    const compressed = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${server.url}/kalender.ics?quartier=kray`, { headers: { 'Accept-Encoding': 'gzip, deflate' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(compressed.encoding).toBe('gzip');
    expect(compressed.body.length).toBeLessThan(Buffer.byteLength(plain) / 3);
    expect(gunzipSync(compressed.body).toString('utf8')).toBe(plain);
  });
});
