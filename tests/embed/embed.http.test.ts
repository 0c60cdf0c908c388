import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { mf2 } from 'microformats-parser';
import { createDb, type DbConnection } from '../../db/client';
import { eventQuartiere, events, quartiere } from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { DateTime } from 'luxon';
import { eventPath } from '../../src/lib/paths';
import { ZONE } from '../../src/lib/time';

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

describe('open data /api/events.json names the Quartiere', () => {
  it('gives every event its Quartiere (slug, name, page) as in the database, and keeps the schema.org fields', async () => {
    const response = await get('/api/events.json');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { events: { identifier: string; name: string; startDate: string; quartiere: { '@type': string; identifier: string; name: string; url: string }[] }[] };
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
    const body = (await (await get('/api/events.json?quartier=karnap')).json()) as { events: { name: string; quartiere: { identifier: string }[] }[] };
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
