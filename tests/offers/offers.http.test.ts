import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import Ajv from 'ajv';
import { createDb } from '../../db/client';
import * as s from '../../db/schema';
import { startServer, type RunningServer } from '../helpers/server';
import { get, postAction, type FormFields } from '../helpers/http';
import { sessionCookieFor } from '../helpers/auth';
import { hsdsServicePageSchema } from './hsds-schema';

let server: RunningServer;

function read<T>(run: (db: ReturnType<typeof createDb>) => T): T {
  const db = createDb(server.dbPath);
  try {
    return run(db);
  } finally {
    db.$client.close();
  }
}

function offerByTitle(title: string): s.Offer {
  return read((db) => db.select().from(s.offers).where(eq(s.offers.title, title)).get()!);
}

function actorBySlug(slug: string): s.ActorRecord {
  return read((db) => db.select().from(s.actors).where(eq(s.actors.slug, slug)).get()!);
}

/** The edit form's fields of a stored offer, as the browser sends them. */
function formOf(offer: s.Offer): FormFields {
  const schedules = read((db) => db.select().from(s.offerSchedules).where(eq(s.offerSchedules.offerId, offer.id)).all());
  const fields: FormFields = {
    offerId: String(offer.id),
    title: offer.title,
    description: offer.description,
    type: offer.type,
    languages: offer.languages.split(','),
    targetGroupIds: [],
    placeId: offer.placeId === null ? '' : String(offer.placeId),
    street: offer.street ?? '',
    postalCode: offer.postalCode ?? '',
    // What the form shows for an offer at a place: the city field is prefilled.
    city: offer.city ?? 'Essen',
    quartierId: String(offer.quartierId),
  };
  if (offer.isFree) fields.isFree = 'ja';
  schedules.forEach((row, i) => {
    fields[`s${i}_opensAt`] = row.opensAt;
    fields[`s${i}_closesAt`] = row.closesAt;
    if (row.freq === 'weekly') {
      fields[`s${i}_freq`] = 'weekly';
      fields[`s${i}_days`] = row.byday.split(',');
      fields[`s${i}_interval`] = String(row.interval);
    } else {
      fields[`s${i}_freq`] = 'monthly';
      const match = /^(-1|\d)(\w\w)$/.exec(row.byday)!;
      fields[`s${i}_week`] = match[1]!;
      fields[`s${i}_weekday`] = match[2]!;
    }
  });
  return fields;
}

beforeAll(async () => {
  server = await startServer({ timeoutMs: 150_000 });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('editing over HTTP', () => {
  it('a member of Bürgerverein Kray can never change another organisation’s offer or profile', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'verein@example.org');
    const foreign = offerByTitle('Kleiderkammer St. Barbara');
    const response = await postAction(server, `/konto/angebote/angebot/${foreign.id}`, 'offers.saveOffer', { ...formOf(foreign), title: 'Gekapert' }, cookie);
    expect(response.status).toBe(403);
    expect(offerByTitle('Kleiderkammer St. Barbara').title).toBe('Kleiderkammer St. Barbara');
    // The same post aimed at the member's own page with the other id in the form: still refused.
    const own = offerByTitle('Seniorengymnastik');
    const sneaky = await postAction(server, `/konto/angebote/angebot/${own.id}`, 'offers.saveOffer', { ...formOf(foreign), title: 'Gekapert' }, cookie);
    expect(sneaky.status).toBe(403);
    const kirche = actorBySlug('kath-kirchengemeinde-st-barbara');
    const profile = await postAction(
      server,
      `/konto/angebote/${kirche.id}`,
      'offers.saveActor',
      { actorId: String(kirche.id), name: 'Gekapert', kind: 'initiative', languages: 'de', quartierIds: '1' },
      cookie,
    );
    expect(profile.status).toBe(403);
    expect(actorBySlug('kath-kirchengemeinde-st-barbara').name).toBe('Kath. Kirchengemeinde St. Barbara');
    const withdraw = await postAction(
      server,
      `/konto/angebote/angebot/${foreign.id}/zurueckziehen`,
      'offers.withdrawOffer',
      { offerId: String(foreign.id), confirm: 'ja' },
      cookie,
    );
    expect(withdraw.status).toBe(403);
    expect(offerByTitle('Kleiderkammer St. Barbara').status).toBe('published');
  });

  it('refuses bad input with 400 and the messages next to the fields, and saves good input with a notice', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'verein@example.org');
    const own = offerByTitle('Seniorengymnastik');
    const bad = await postAction(
      server,
      `/konto/angebote/angebot/${own.id}`,
      'offers.saveOffer',
      { ...formOf(own), validFrom: '2027-05-01', validUntil: '2027-04-01', type: 'zauberei', languages: ['de', 'xx'] },
      cookie,
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('id="f-type-error"');
    expect(html).toMatch(/<title>Fehler: /);
    const badLanguage = await postAction(
      server,
      `/konto/angebote/angebot/${own.id}`,
      'offers.saveOffer',
      { ...formOf(own), languages: ['de', 'xx'], validFrom: '2027-05-01', validUntil: '2027-04-01' },
      cookie,
    );
    expect(badLanguage.status).toBe(400);
    const text = await badLanguage.text();
    expect(text).toContain('id="f-languages-error"');
    expect(text).toContain('id="f-validUntil-error"');
    const good = await postAction(
      server,
      `/konto/angebote/angebot/${own.id}`,
      'offers.saveOffer',
      { ...formOf(own), title: 'Seniorengymnastik am Mittwoch', s0_days: ['WE', 'FR'] },
      cookie,
    );
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toContain('hinweis=offers.saved');
    expect(offerByTitle('Seniorengymnastik am Mittwoch').id).toBe(own.id);
    // Every ticked weekday arrives, not only the first one.
    expect(read((db) => db.select().from(s.offerSchedules).where(eq(s.offerSchedules.offerId, own.id)).get()!.byday)).toBe('WE,FR');
  });

  it('refuses a schedule that never occurs and one outside the Treff’s opening hours', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'verein@example.org');
    const own = read((db) =>
      db
        .select()
        .from(s.offers)
        .where(and(eq(s.offers.title, 'Bürgersprechstunde des Bürgervereins')))
        .get()!,
    );
    const never = await postAction(
      server,
      `/konto/angebote/angebot/${own.id}`,
      'offers.saveOffer',
      { ...formOf(own), validFrom: '2027-01-07', validUntil: '2027-01-08' },
      cookie,
    );
    expect(never.status).toBe(400);
    expect(await never.text()).toContain('id="f-s0_freq-error"');
    const closed = await postAction(
      server,
      `/konto/angebote/angebot/${own.id}`,
      'offers.saveOffer',
      { ...formOf(own), s0_opensAt: '19:00', s0_closesAt: '21:00' },
      cookie,
    );
    expect(closed.status).toBe(400);
    expect(await closed.text()).toContain('id="f-s0_opensAt-error"');
  });
});

describe('open data', () => {
  it('/api/angebote.json is valid HSDS 3 (JSON schema, ajv 8) and answers 304 to its ETag', async () => {
    const response = await get(server, '/api/angebote.json?per_page=200');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { total_items: number; contents: { name: string; schedules: { freq?: string; byday?: string }[] }[] };
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(hsdsServicePageSchema);
    const valid = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(body.total_items).toBeGreaterThanOrEqual(40);
    const monthly = body.contents.find((service) => service.name === 'Repair-Café')!;
    expect(monthly.schedules[0]).toMatchObject({ freq: 'MONTHLY', byday: '1SA' });
    // The check can fail: a service without its required status is refused by the same schema.
    expect(validate({ ...body, contents: [{ ...body.contents[0], status: undefined, extra: 1 }] })).toBe(false);
    const etag = response.headers.get('etag')!;
    const again = await fetch(`${server.url}/api/angebote.json?per_page=200`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const other = await fetch(`${server.url}/api/angebote.json?per_page=5`, { headers: { 'if-none-match': etag } });
    expect(other.status).toBe(200);
    expect((await get(server, '/api/angebote.json?quartier=gibtsnicht')).status).toBe(404);
    expect((await get(server, '/api/angebote.json?per_page=100000')).status).toBe(400);
  });

  it('the CSV export lists the public offers with a header row', async () => {
    const response = await get(server, '/api/angebote.csv?quartier=karnap');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await response.arrayBuffer());
    // A byte order mark first, so spreadsheet programs read the umlauts as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Quartier;Akteur;Angebot/);
    expect(lines.some((line) => line.includes('Repair-Café'))).toBe(true);
    expect(lines.some((line) => line.includes('Sprachcafé'))).toBe(false);
  });
});
