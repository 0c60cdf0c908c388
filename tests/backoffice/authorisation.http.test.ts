/**
 * Every back-office route and action of the events area × every role, over real HTTP against the built server.
 * Visitors are sent to the login; members, organisation members and staff of another Quartier get 403;
 * staff of the event's Quartier and admins are let in. Refused actions change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createDb, type DbConnection } from '../../db/client';
import { eventExceptions, eventOccurrences, events, openingExceptions, outbox, places } from '../../db/schema';
import { DateTime } from 'luxon';
import { sessionCookieFor } from '../helpers/auth';
import { createEvent, getEventLinks } from '../../src/lib/server/events/commands';
import { idOf, krayEventForm, userByEmail } from './fixtures';
import { eventToForm } from '../../src/lib/server/events/event-form';
import { startServer, type RunningServer } from '../helpers/server';

type Role = 'visitor' | 'member' | 'orgMember' | 'otherStaff' | 'staff' | 'admin';
const emails: Record<Exclude<Role, 'visitor'>, string> = {
  member: 'bewohnerin@example.org',
  orgMember: 'verein@example.org',
  otherStaff: 'frohnhausen@example.org',
  staff: 'kray@example.org',
  admin: 'admin@example.org',
};
const roles: Role[] = ['visitor', 'member', 'orgMember', 'otherStaff', 'staff', 'admin'];

describe('back office for events: who may do what', () => {
  let server: RunningServer;
  let db: DbConnection;
  const cookies = {} as Record<Role, string>;
  let wandercafe: { id: number; occurrence: string };
  let treff: { id: number; slug: string };

  beforeAll(async () => {
    server = await startServer();
    db = createDb(server.dbPath);
    cookies.visitor = '';
    for (const [role, email] of Object.entries(emails)) cookies[role as Role] = sessionCookieFor(server.dbPath, email);
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    const occurrence = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, event.id), eq(eventOccurrences.status, 'scheduled')))
      .orderBy(eventOccurrences.startsAt)
      .limit(1)
      .get()!;
    wandercafe = { id: event.id, occurrence: occurrence.recurrenceLocal };
    treff = db.select({ id: places.id, slug: places.slug }).from(places).where(eq(places.slug, 'quartierstreff-kray-nord')).get()!;
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  const get = (path: string, role: Role): Promise<Response> => fetch(server.url + path, { headers: { cookie: cookies[role] }, redirect: 'manual' });
  const post = (path: string, role: Role, body: Record<string, string | string[]>): Promise<Response> => {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(body)) for (const v of [value].flat()) form.append(key, v);
    return fetch(server.url + path, { method: 'POST', body: form, headers: { cookie: cookies[role], origin: server.url }, redirect: 'manual' });
  };

  const expectations: Record<string, Record<Role, 'login' | 403 | 200>> = {};
  const general = { visitor: 'login', member: 403, orgMember: 403, otherStaff: 200, staff: 200, admin: 200 } as const;
  const krayOnly = { visitor: 'login', member: 403, orgMember: 403, otherStaff: 403, staff: 200, admin: 200 } as const;
  for (const path of ['/verwaltung', '/verwaltung/veranstaltungen', '/verwaltung/veranstaltungen/neu', '/verwaltung/vorschlaege', '/verwaltung/orte']) {
    expectations[path] = general;
  }

  for (const role of roles) {
    it(`answers the back-office pages for a ${role} as the role allows`, async () => {
      const paths = {
        ...expectations,
        [`/verwaltung/veranstaltungen/${wandercafe.id}`]: krayOnly,
        [`/verwaltung/veranstaltungen/${wandercafe.id}/termine/${wandercafe.occurrence.slice(0, 10)}`]: krayOnly,
        [`/verwaltung/orte/${treff.id}`]: krayOnly,
      };
      for (const [path, byRole] of Object.entries(paths)) {
        const response = await get(path, role);
        const expected = byRole[role];
        if (expected === 'login') {
          expect(response.status, path).toBe(302);
          expect(response.headers.get('location'), path).toBe(`/anmelden?zurueck=${encodeURIComponent(path)}`);
        } else {
          expect(response.status, `${path} as ${role}`).toBe(expected);
          const html = await response.text();
          if (expected === 403) expect(html).toContain('Kein Zugriff');
        }
      }
    });
  }

  const exceptionCount = (): number =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(eventExceptions)
      .where(eq(eventExceptions.eventId, wandercafe.id))
      .get()!.n;

  for (const role of roles) {
    it(`lets a ${role} cancel and restore one Wandercafé only when responsible for Kray`, async () => {
      const before = exceptionCount();
      const sequence = db.select().from(events).where(eq(events.id, wandercafe.id)).get()!.sequence;
      const body = { id: String(wandercafe.id), occurrence: wandercafe.occurrence, note: 'Test', confirm: 'ja' };
      const response = await post('/_actions/eventAdmin.cancelOccurrence', role, body);
      const allowed = role === 'staff' || role === 'admin';
      expect(response.status).toBe(role === 'visitor' ? 401 : allowed ? 200 : 403);
      expect(exceptionCount()).toBe(allowed ? before + 1 : before);
      if (allowed) {
        const restored = await post('/_actions/eventAdmin.restoreOccurrence', role, body);
        expect(restored.status).toBe(200);
        expect(exceptionCount()).toBe(before);
        expect(db.select().from(events).where(eq(events.id, wandercafe.id)).get()!.sequence).toBe(sequence + 2);
      }
    });
  }

  it.each([
    ['eventAdmin.update', { title: 'Übernommen' }],
    ['eventAdmin.publish', {}],
    ['eventAdmin.cancel', { reason: 'Übernommen', confirm: 'ja' }],
    ['eventAdmin.remove', { confirm: 'on' }],
    ['eventAdmin.moveOccurrence', { date: '2030-01-01' }],
    ['proposals.returnProposal', { reason: 'Übernommen' }],
  ])('refuses %s on a Kray event to staff of Frohnhausen and to an organisation member, changing nothing', async (action, extra) => {
    const before = db.select().from(events).where(eq(events.id, wandercafe.id)).get()!;
    for (const role of ['otherStaff', 'orgMember', 'member'] as const) {
      const response = await post(`/_actions/${action}`, role, { id: String(wandercafe.id), occurrence: wandercafe.occurrence, ...extra });
      expect(response.status, `${action} as ${role}`).toBe(403);
    }
    expect(db.select().from(events).where(eq(events.id, wandercafe.id)).get()).toEqual(before);
  });

  it('refuses event creation to members and organisation members', async () => {
    const count = db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .get()!.n;
    for (const role of ['member', 'orgMember'] as const) {
      const response = await post('/_actions/eventAdmin.create', role, { title: 'Nicht erlaubt', intent: 'publish' });
      expect(response.status).toBe(403);
    }
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(events)
        .get()!.n,
    ).toBe(count);
  });

  it('sends visitors of the propose form to the login and refuses members without an organisation', async () => {
    const visitor = await get('/veranstaltungen/vorschlagen', 'visitor');
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get('location')).toBe('/anmelden?zurueck=%2Fveranstaltungen%2Fvorschlagen');
    expect((await get('/veranstaltungen/vorschlagen', 'member')).status).toBe(403);
    expect((await get('/veranstaltungen/vorschlagen', 'orgMember')).status).toBe(200);
    const proposal = await post('/_actions/proposals.propose', 'member', { title: 'Nicht erlaubt' });
    expect(proposal.status).toBe(403);
  });

  it('answers bad input with 400, German messages next to the fields and the input kept, storing nothing', async () => {
    const count = db
      .select({ n: sql<number>`count(*)` })
      .from(events)
      .get()!.n;
    const response = await post('/verwaltung/veranstaltungen/neu?_action=eventAdmin.create', 'staff', {
      title: 'Kiezspaziergang "Alt-Kray" mit Tee',
      startDate: '2030-05-07',
      startTime: '15:00',
      endTime: '14:00',
      placeId: '99999',
      quartierIds: '1',
      categoryIds: '1',
      languages: 'de',
      isFree: 'on',
      intent: 'publish',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Das Ende muss nach dem Beginn liegen.');
    expect(html).toContain('Diesen Ort gibt es nicht.');
    expect(html).toMatch(/<input id="f-endTime"[^>]*aria-invalid="true"[^>]*aria-describedby="f-endTime-error"/);
    expect(html).toMatch(/<input id="f-title"[^>]*value="Kiezspaziergang &quot;Alt-Kray&quot; mit Tee"/);
    expect(html).toMatch(/<input id="f-startDate"[^>]*value="2030-05-07"/);
    expect(
      db
        .select({ n: sql<number>`count(*)` })
        .from(events)
        .get()!.n,
    ).toBe(count);
  });

  it('keeps the event unchanged when an edit has an unknown place', async () => {
    const before = db.select().from(events).where(eq(events.id, wandercafe.id)).get()!;
    const response = await post(`/verwaltung/veranstaltungen/${wandercafe.id}?_action=eventAdmin.update`, 'staff', {
      id: String(wandercafe.id),
      title: 'Wandercafé (geändert)',
      startDate: before.startLocal.slice(0, 10),
      startTime: '15:00',
      endTime: '17:00',
      placeId: 'abc',
      quartierIds: '1',
      categoryIds: '1',
      languages: 'de',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Diesen Ort gibt es nicht.');
    expect(html).toContain('value="Wandercafé (geändert)"');
    expect(db.select().from(events).where(eq(events.id, wandercafe.id)).get()).toEqual(before);
  });

  it('creates an event and redirects to it (post/redirect/get)', async () => {
    const response = await post('/verwaltung/veranstaltungen/neu?_action=eventAdmin.create', 'staff', {
      title: 'Repair-Café im Treff',
      startDate: '2030-05-07',
      startTime: '15:00',
      endTime: '18:00',
      locationName: 'Hof des Treffs',
      quartierIds: '1',
      categoryIds: '7',
      languages: ['de', 'tr'],
      isFree: 'on',
      intent: 'publish',
    });
    expect(response.status).toBe(303);
    const created = db.select().from(events).where(eq(events.title, 'Repair-Café im Treff')).get()!;
    expect(response.headers.get('location')).toBe(`/verwaltung/veranstaltungen/${created.id}?hinweis=bo.eventCreated`);
    expect([created.status, created.languages, created.locationName]).toEqual(['published', 'de,tr', 'Hof des Treffs']);
  });

  it('lets staff return a proposal with a reason that reaches the proposer, who resubmits it', async () => {
    const proposal = db.select().from(events).where(eq(events.status, 'proposed')).get()!;
    const empty = await post(`/verwaltung/veranstaltungen/${proposal.id}?_action=proposals.returnProposal`, 'staff', { id: String(proposal.id), reason: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Bitte geben Sie einen Grund an.');
    const returned = await post(`/verwaltung/veranstaltungen/${proposal.id}?_action=proposals.returnProposal`, 'staff', {
      id: String(proposal.id),
      reason: 'Bitte die Uhrzeit ergänzen.',
    });
    expect(returned.status).toBe(303);
    const mail = db.select().from(outbox).where(eq(outbox.kind, 'proposal-returned')).get()!;
    expect(mail.toAddress).toBe('kirche@example.org');
    expect(mail.textBody).toContain('Bitte die Uhrzeit ergänzen.');
    const proposerCookie = sessionCookieFor(server.dbPath, 'kirche@example.org');
    const page = await fetch(`${server.url}/veranstaltungen/vorschlagen/${proposal.id}`, { headers: { cookie: proposerCookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Bitte die Uhrzeit ergänzen.');
    // Another organisation's member cannot see or change it.
    expect((await get(`/veranstaltungen/vorschlagen/${proposal.id}`, 'orgMember')).status).toBe(403);

    const form = eventToForm(db.select().from(events).where(eq(events.id, proposal.id)).get()!, getEventLinks(db, proposal.id));
    const body = new URLSearchParams({ id: String(proposal.id) });
    for (const [key, value] of Object.entries({ ...form, startTime: '16:00', endTime: '18:00' })) {
      if (Array.isArray(value)) value.forEach((v) => body.append(key, v));
      else if (value === true) body.append(key, 'on');
      else if (typeof value === 'string') body.append(key, value);
    }
    const resubmitted = await fetch(`${server.url}/veranstaltungen/vorschlagen/${proposal.id}?_action=proposals.resubmit`, {
      method: 'POST',
      body,
      headers: { cookie: proposerCookie, origin: server.url },
      redirect: 'manual',
    });
    expect(resubmitted.status).toBe(303);
    const after = db.select().from(events).where(eq(events.id, proposal.id)).get()!;
    expect([after.status, after.statusNote, after.startLocal.slice(11)]).toEqual(['proposed', '', '16:00']);
  });

  it('keeps a draft staff wrote naming an organisation away from its members: no page, no resubmit, not listed', async () => {
    const organisationId = String(idOf.organisation(db, 'buergerverein-kray'));
    const draft = createEvent(
      db,
      userByEmail(db, 'kray@example.org'),
      krayEventForm(db, { organisationId, title: 'Interner Entwurf des Quartiersmanagements' }),
      false,
    );
    expect((await get(`/veranstaltungen/vorschlagen/${draft.id}`, 'orgMember')).status).toBe(403);
    expect(await (await get('/veranstaltungen/vorschlagen', 'orgMember')).text()).not.toContain('Interner Entwurf des Quartiersmanagements');
    const resubmitted = await post(`/veranstaltungen/vorschlagen/${draft.id}?_action=proposals.resubmit`, 'orgMember', {
      id: String(draft.id),
      title: 'Übernommen',
      organisationId,
      startDate: '2030-05-07',
      startTime: '15:00',
      endTime: '17:00',
      locationName: 'Hof des Treffs',
      quartierIds: String(idOf.quartier(db, 'kray')),
      categoryIds: String(idOf.category(db, 'cafe-treffpunkt')),
      languages: 'de',
      isFree: 'on',
    });
    expect(resubmitted.status).toBe(403);
    expect(db.select().from(events).where(eq(events.id, draft.id)).get()).toEqual(draft);
  });

  for (const role of roles) {
    it(`lets a ${role} add a closure to the Kray Treff only when responsible for Kray, shown publicly at once`, async () => {
      const count = (): number =>
        db
          .select({ n: sql<number>`count(*)` })
          .from(openingExceptions)
          .where(eq(openingExceptions.placeId, treff.id))
          .get()!.n;
      const before = count();
      const day = DateTime.now()
        .setZone('Europe/Berlin')
        .plus({ days: 10 + roles.indexOf(role) })
        .toISODate()!;
      const reason = `Teamfortbildung ${role}`;
      const response = await post('/_actions/placeAdmin.addException', role, { id: String(treff.id), dateFrom: day, kind: 'closed', reason });
      const allowed = role === 'staff' || role === 'admin';
      expect(response.status).toBe(role === 'visitor' ? 401 : allowed ? 200 : 403);
      expect(count()).toBe(allowed ? before + 1 : before);
      const publicPage = await (await fetch(`${server.url}/orte/${treff.slug}`)).text();
      expect(publicPage.includes(reason)).toBe(allowed);
    });
  }

  it('answers a bad opening period with 400 and a German message, keeping the input', async () => {
    const response = await post(`/verwaltung/orte/${treff.id}?_action=placeAdmin.addPeriod`, 'staff', {
      id: String(treff.id),
      weekday: '3',
      opens: '10:00',
      closes: '10:00',
      note: 'Frühstück',
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Öffnen und Schließen dürfen nicht zur selben Uhrzeit sein.');
    expect(html).toMatch(/<input id="period-f-note"[^>]*value="Frühstück"/);
  });

  it('lists at once what a new closure affects: the Wandercafé planned on the closed day, with a link to handle it', async () => {
    const occurrence = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, wandercafe.id), eq(eventOccurrences.status, 'scheduled')))
      .orderBy(eventOccurrences.startsAt)
      .all()
      .find((o) => o.startsAt.getTime() > Date.now() + 40 * 86_400_000)!;
    const day = DateTime.fromJSDate(occurrence.startsAt, { zone: 'Europe/Berlin' }).toISODate()!;
    const pageBefore = await (await get(`/verwaltung/orte/${treff.id}`, 'staff')).text();
    expect(pageBefore).not.toContain(`/verwaltung/veranstaltungen/${wandercafe.id}/termine/${day}`);
    const saved = await post(`/verwaltung/orte/${treff.id}?_action=placeAdmin.addException`, 'staff', {
      id: String(treff.id),
      dateFrom: day,
      kind: 'closed',
      reason: 'Wasserschaden',
    });
    expect(saved.status).toBe(303);
    const html = await (await get(saved.headers.get('location')!, 'staff')).text();
    const section = html.slice(html.indexOf('data-closure-conflicts'));
    expect(section).toContain('Geplant, während das Haus geschlossen ist');
    expect(section).toContain(`href="/verwaltung/veranstaltungen/${wandercafe.id}/termine/${day}"`);
    expect(section).toContain('Wandercafé');
    expect(section).toContain('geschlossen: Wasserschaden');
    // Nothing was changed silently: the occurrence is still planned until staff decide.
    expect(db.select().from(eventOccurrences).where(eq(eventOccurrences.id, occurrence.id)).get()!.status).toBe('scheduled');
  });
});
