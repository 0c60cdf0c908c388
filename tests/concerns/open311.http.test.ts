/**
 * Open311 GeoReport v2 against the specification's field names (wiki.open311.org/GeoReport_v2): the service
 * list and definition, service requests with their filters and limits, JSON and XML, the error shape, creating a
 * request with an api_key (as a program does it: form-encoded, no Origin header), and never any contact data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startServer, type RunningServer } from '../helpers/server';
import { createDb, type DbConnection } from '../../db/client';
import { concerns, open311Clients, users } from '../../db/schema';
import { issueApiKey } from '../../src/lib/server/concerns/api-clients';
import { reviewConcern } from '../../src/lib/server/concerns/workflow';

const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const W3 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

type Json = Record<string, unknown>;

describe('Open311 GeoReport v2', () => {
  let server: RunningServer;
  let db: DbConnection;
  let apiKey: string;
  beforeAll(async () => {
    // Seeding the demo city can take long on a machine shared with other suites.
    server = await startServer({ timeoutMs: 150_000 });
    db = createDb(server.dbPath);
    const admin = db.select().from(users).where(eq(users.email, 'admin@example.org')).get()!;
    apiKey = issueApiKey(db, admin, 'Mängelmelder-App').key;
  }, 180_000);
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  const json = async (path: string): Promise<{ status: number; type: string | null; body: unknown; text: string }> => {
    const res = await fetch(server.url + path);
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null,
      text,
    };
  };
  const post = (format: 'json' | 'xml', fields: Record<string, string>): Promise<Response> =>
    fetch(`${server.url}/georeport/v2/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams(fields),
    });

  it('lists the services with exactly the spec’s fields, in JSON and XML', async () => {
    const { status, type, body } = await json('/georeport/v2/services.json');
    expect([status, type]).toEqual([200, 'application/json; charset=utf-8']);
    const services = body as Json[];
    expect(services.map((s) => s.service_code)).toEqual(['spielplatz', 'muell', 'strasse-gehweg', 'gruen', 'beleuchtung', 'sonstiges']);
    for (const service of services) expect(Object.keys(service)).toEqual(SERVICE_FIELDS);
    expect(services[1]).toMatchObject({ service_name: 'Müll', metadata: true, type: 'realtime', group: 'Sauberkeit' });
    const xml = await json('/georeport/v2/services.xml');
    expect(xml.type).toBe('text/xml; charset=utf-8');
    expect(xml.text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>spielplatz<\/service_code><service_name>Spielplatz<\/service_name>/,
    );
  });

  it('defines a service with the Quartier attribute; an unknown service_code is a 404 in the spec’s error shape', async () => {
    const { body } = await json('/georeport/v2/services/muell.json');
    const definition = body as { service_code: string; attributes: Json[] };
    expect(definition.service_code).toBe('muell');
    expect(Object.keys(definition.attributes[0]!)).toEqual([
      'variable',
      'code',
      'datatype',
      'required',
      'datatype_description',
      'order',
      'description',
      'values',
    ]);
    expect(definition.attributes[0]).toMatchObject({
      code: 'quartier',
      datatype: 'singlevaluelist',
      values: expect.arrayContaining([{ key: 'karnap', name: 'Karnap' }]),
    });
    const missing = await json('/georeport/v2/services/gibt-es-nicht.json');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual([{ code: 404, description: 'service_code gibt-es-nicht was not found.' }]);
    const missingXml = await json('/georeport/v2/services/gibt-es-nicht.xml');
    expect(missingXml.text).toContain('<errors><error><code>404</code><description>service_code gibt-es-nicht was not found.</description></error></errors>');
  });

  it('lists only public, reviewed concerns with the spec’s fields, open/closed states and no contact data', async () => {
    const { status, body, text } = await json('/georeport/v2/requests.json');
    expect(status).toBe(200);
    const requests = body as Json[];
    expect(requests.length).toBeGreaterThan(8);
    for (const r of requests) {
      expect(Object.keys(r)).toEqual(REQUEST_FIELDS);
      expect(r.status === 'open' || r.status === 'closed').toBe(true);
      expect(r.requested_datetime).toMatch(W3);
      expect(r.updated_datetime).toMatch(W3);
    }
    const publicIds = db
      .select()
      .from(concerns)
      .all()
      .filter((c) => c.isPublic && c.reviewedAt)
      .map((c) => String(c.id))
      .sort();
    expect(requests.map((r) => r.service_request_id).sort()).toEqual(publicIds);
    // Contact data never appear: no e-mail address, no phone number, no reporter name.
    expect(text).not.toMatch(/@example\.net|0201 55 12 34|Sabine K\./);
    const schaukel = requests.find((r) => String(r.description).includes('Schaukel'))!;
    expect(schaukel).toMatchObject({
      status: 'open',
      service_code: 'spielplatz',
      agency_responsible: 'Grünflächenamt',
      status_notes: 'Die Schaukel ist gesperrt; die Kette wird in der nächsten Woche ersetzt.',
      lat: 51.4659,
      long: 7.0812,
      zipcode: '45307',
    });
    expect(schaukel.service_notice).toMatch(/^In Arbeit, erledigt bis \d{2}\.\d{2}\.\d{4}$/);
    expect(schaukel.expected_datetime).toMatch(W3);
    const duplicate = requests.find((r) => String(r.description).includes('Höhe der Apotheke'))!;
    expect(duplicate).toMatchObject({ status: 'closed', status_notes: expect.stringMatching(/^Dublette von Anliegen \d+$/) });
  });

  it('filters by service_request_id, service_code, status and dates; bad arguments get a 400', async () => {
    const all = (await json('/georeport/v2/requests.json')).body as Json[];
    const two = all.slice(0, 2).map((r) => r.service_request_id);
    const byId = (await json(`/georeport/v2/requests.json?service_request_id=${two.join(',')}&status=closed&service_code=nothing`)).body as Json[];
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([...two].sort());
    const muell = (await json('/georeport/v2/requests.json?service_code=muell,gruen')).body as Json[];
    expect(muell.length).toBeGreaterThan(1);
    expect(new Set(muell.map((r) => r.service_code))).toEqual(new Set(['muell', 'gruen']));
    const closed = (await json('/georeport/v2/requests.json?status=closed')).body as Json[];
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect(((await json('/georeport/v2/requests.json?status=open,closed&service_code=')).body as Json[]).length).toBe(all.length);
    const week = new Date(Date.now() - 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const recent = (await json(`/georeport/v2/requests.json?start_date=${week}`)).body as Json[];
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((r) => Date.parse(String(r.requested_datetime)) >= Date.parse(week))).toBe(true);
    expect((await json('/georeport/v2/requests.json?end_date=2020-01-01T00:00:00Z')).body).toEqual([]);
    for (const bad of [
      'start_date=gestern',
      'end_date=2026-01-01',
      'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
      'status=offen',
      'service_request_id=1;drop',
    ]) {
      const res = await json(`/georeport/v2/requests.json?${bad}`);
      expect(res.status, bad).toBe(400);
      expect((res.body as Json[])[0]).toMatchObject({ code: 400 });
    }
  });

  it('answers one request in JSON and XML; unknown and non-public ones are 404', async () => {
    const one = (await json('/georeport/v2/requests.json')).body as Json[];
    const id = one[0]!.service_request_id as string;
    const single = await json(`/georeport/v2/requests/${id}.json`);
    expect((single.body as Json[])[0]).toEqual(one[0]);
    const xml = await json(`/georeport/v2/requests/${id}.xml`);
    expect(xml.text).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><status>`);
    expect(xml.text).toMatch(/<address_id\/>/);
    const hidden = db
      .select()
      .from(concerns)
      .all()
      .find((c) => !c.isPublic)!;
    expect((await json(`/georeport/v2/requests/${hidden.id}.json`)).status).toBe(404);
    expect((await json('/georeport/v2/requests/999999.json')).status).toBe(404);
    expect((await json(`/georeport/v2/requests/${id}.csv`)).status).toBe(404);
  });

  it('creates a request with a valid api_key; no or a wrong key is 403, an unknown service 404, a missing location 400', async () => {
    const fields = {
      api_key: apiKey,
      service_code: 'muell',
      lat: '51.5275',
      long: '7.0050',
      description: 'Illegal entsorgte Autoreifen am Kanal.',
      email: 'app.user@example.net',
      first_name: 'Ali',
      last_name: 'K.',
    };
    const before = db.select().from(concerns).all().length;
    expect((await post('json', { ...fields, api_key: '' })).status).toBe(403);
    const wrong = await post('json', { ...fields, api_key: 'abcdefghijklmnopqrstuvwxyz234567' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual([{ code: 403, description: 'Invalid api_key received.' }]);
    expect((await post('json', { ...fields, service_code: '' })).status).toBe(400);
    expect((await post('json', { ...fields, service_code: 'schnee' })).status).toBe(404);
    const nowhere = await post('json', { ...fields, lat: '', long: '' });
    expect(nowhere.status).toBe(400);
    expect(await nowhere.json()).toEqual([{ code: 400, description: 'A location is required: lat and long, or address_string.' }]);
    const outside = await post('json', { ...fields, lat: '48.1', long: '11.5', 'attribute[quartier]': 'karnap' });
    expect(outside.status).toBe(400);
    // A request is a few text fields; 100 KB of description is refused in the spec's error shape.
    const huge = await post('json', { ...fields, description: 'x'.repeat(100 * 1024) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual([{ code: 413, description: 'The request body is too large.' }]);
    expect(db.select().from(concerns).all().length).toBe(before);

    const created = await post('json', fields);
    expect(created.status).toBe(201);
    const [answer] = (await created.json()) as Json[];
    expect(Object.keys(answer!)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    const concern = db
      .select()
      .from(concerns)
      .where(eq(concerns.id, Number(answer!.service_request_id)))
      .get()!;
    const client = db.select().from(open311Clients).get()!;
    expect(concern).toMatchObject({
      source: 'open311',
      isPublic: true,
      status: 'neu',
      apiClientId: client.id,
      reporterEmail: 'app.user@example.net',
      reporterName: 'Ali K.',
    });
    // The nearest Stadtteilbüro to the point is Karnap's.
    expect(concern.quartierId).toBe(
      db
        .select()
        .from(concerns)
        .all()
        .find((c) => c.description.includes('Kanalufer'))!.quartierId,
    );
    expect((await json(`/georeport/v2/requests/${concern.id}.json`)).status).toBe(404);
    reviewConcern(db, db.select().from(users).where(eq(users.email, 'admin@example.org')).get()!, concern.id);
    const shown = (await json(`/georeport/v2/requests/${concern.id}.json`)).body as Json[];
    expect(shown[0]).toMatchObject({ status: 'open', service_code: 'muell', description: 'Illegal entsorgte Autoreifen am Kanal.' });
    expect(JSON.stringify(shown)).not.toContain('app.user@example.net');

    const xml = await post('xml', { ...fields, address_string: 'Karnaper Straße 80', lat: '', long: '', 'attribute[quartier]': 'karnap' });
    expect([xml.status, xml.headers.get('content-type')]).toEqual([201, 'text/xml; charset=utf-8']);
    expect(await xml.text()).toMatch(
      /<service_requests><request><service_request_id>\d+<\/service_request_id><service_notice>[^<]+<\/service_notice><account_id\/><\/request><\/service_requests>/,
    );
  });

  it('keeps the reporter’s language for the mails: the request’s locale field, else its Accept-Language, else German', async () => {
    const fields = { api_key: apiKey, service_code: 'gruen', lat: '51.5275', long: '7.0050', description: 'Umgestürzter Baum am Weg.' };
    const send = async (extra: Record<string, string>, headers: Record<string, string> = {}): Promise<string | undefined> => {
      const response = await fetch(`${server.url}/georeport/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
        body: new URLSearchParams({ ...fields, ...extra }),
      });
      expect(response.status).toBe(201);
      const [answer] = (await response.json()) as Json[];
      return db
        .select({ locale: concerns.reporterLocale })
        .from(concerns)
        .where(eq(concerns.id, Number(answer!.service_request_id)))
        .get()?.locale;
    };
    expect(await send({ email: 'tr.user@example.net', locale: 'tr-TR' }, { 'accept-language': 'en' })).toBe('tr');
    expect(await send({ email: 'uk.user@example.net' }, { 'accept-language': 'fr-FR, uk;q=0.8, de;q=0.5' })).toBe('uk');
    expect(await send({ email: 'de.user@example.net' })).toBe('de');
  });
});
