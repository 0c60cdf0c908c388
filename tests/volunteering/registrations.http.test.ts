import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { eventOccurrences, events, outbox, signups, users, volunteerSlots } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { occurrencePath } from '../../src/lib/paths';
import { get, linkIn, openServerDb, postAction } from './http-helpers';
import { receivedText } from '../helpers/mail-files';

describe('event registration with waiting list, participants export and personal calendar feed', () => {
  let server: RunningServer;
  let db: DbConnection;
  let occurrenceId: number;
  let page: string;
  let publicPage: string;

  beforeAll(async () => {
    server = await startServer();
    db = openServerDb(server);
    const row = db
      .select({ id: eventOccurrences.id, eventId: events.id, slug: events.slug, recurrenceLocal: eventOccurrences.recurrenceLocal })
      .from(eventOccurrences)
      .innerJoin(events, eq(events.id, eventOccurrences.eventId))
      .where(eq(events.title, 'Gemeinsam kochen: Suppen aus aller Welt'))
      .get()!;
    occurrenceId = row.id;
    page = `/anmeldung/termin/${occurrenceId}`;
    publicPage = occurrencePath(row);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  /** The link in the mail that asks a visitor to confirm the address. */
  async function confirmLinkFor(email: string): Promise<string> {
    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, email), eq(outbox.kind, 'registration-confirm-address')))
      .orderBy(desc(outbox.id))
      .get()!;
    return linkIn(await receivedText(server.mailDir, mail), '/anmeldung/');
  }

  /** Registers as a visitor and confirms through the mailed link, as a person does; returns where the confirmation led. */
  async function registerAndConfirm(name: string, email: string, places: number): Promise<string> {
    const registered = await postAction(server, page, 'volunteering.registerForEvent', {
      occurrenceId: String(occurrenceId),
      name,
      email,
      places: String(places),
    });
    expect(registered.headers.get('location')).toBe(`${page}?hinweis=registration.pending`);
    const link = await confirmLinkFor(email);
    const confirmed = await postAction(server, link, 'volunteering.confirmRegistration', { token: link.split('/').pop()! });
    expect(confirmed.status).toBe(303);
    return confirmed.headers.get('location')!;
  }

  it('shows places left on the event page and registers a visitor with a manage link', async () => {
    const before = await (await get(server, publicPage)).text();
    expect(before).toContain('Noch 12 von 12 Plätzen frei.');
    const bad = await postAction(server, page, 'volunteering.registerForEvent', {
      occurrenceId: String(occurrenceId),
      name: 'Ayşe Kaya',
      email: 'falsch',
      places: '2',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
    expect(badHtml).toContain('value="Ayşe Kaya"');
    const tooMany = await postAction(server, page, 'volunteering.registerForEvent', {
      occurrenceId: String(occurrenceId),
      name: 'Ayşe Kaya',
      email: 'ayse@example.net',
      places: '40',
    });
    expect(tooMany.status).toBe(400);
    expect(db.select().from(signups).where(eq(signups.occurrenceId, occurrenceId)).all()).toHaveLength(0);

    const ok = await postAction(server, page, 'volunteering.registerForEvent', {
      occurrenceId: String(occurrenceId),
      name: 'Ayşe Kaya',
      email: 'ayse@example.net',
      places: '2',
    });
    expect(ok.status).toBe(303);
    expect(await (await get(server, ok.headers.get('location')!)).text()).toContain('Fast geschafft: Wir haben Ihnen eine E-Mail geschickt.');
    // Until the address is confirmed the registration takes no place, and the mail to that address carries nothing
    // the visitor typed: anybody can type anybody's address.
    expect(await (await get(server, publicPage)).text()).toContain('Noch 12 von 12 Plätzen frei.');
    const link = await confirmLinkFor('ayse@example.net');
    const askMail = await receivedText(server.mailDir, db.select().from(outbox).where(eq(outbox.kind, 'registration-confirm-address')).get()!);
    expect(askMail).toContain('Gemeinsam kochen: Suppen aus aller Welt');
    expect(askMail).not.toContain('Ayşe');
    expect(askMail).not.toContain('Kaya');
    expect(await (await get(server, link)).text()).toContain('Ihre E-Mail-Adresse ist noch nicht bestätigt.');
    // Opening the link (as a mail scanner does) confirms nothing; the button does.
    expect(await (await get(server, publicPage)).text()).toContain('Noch 12 von 12 Plätzen frei.');
    const confirmed = await postAction(server, link, 'volunteering.confirmRegistration', { token: link.split('/').pop()! });
    expect(confirmed.headers.get('location')).toBe(`${link}?hinweis=registration.registered`);
    expect(await (await get(server, publicPage)).text()).toContain('Noch 10 von 12 Plätzen frei.');
    const confirmedMail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, 'ayse@example.net'), eq(outbox.kind, 'registration-confirmed')))
      .get()!;
    expect(await receivedText(server.mailDir, confirmedMail)).toContain('Guten Tag Ayşe Kaya');
    const again = await postAction(server, page, 'volunteering.registerForEvent', {
      occurrenceId: String(occurrenceId),
      name: 'Ayşe',
      email: 'AYSE@example.net',
      places: '1',
    });
    expect(again.status).toBe(409);
  });

  it('puts people on the waiting list when full and moves the first up when someone cancels through the link', async () => {
    for (let i = 0; i < 5; i++) expect(await registerAndConfirm(`Familie ${i}`, `familie${i}@example.net`, 2)).toMatch(/\?hinweis=registration\.registered$/);
    expect(await (await get(server, publicPage)).text()).toContain('Ausgebucht');
    expect(await registerAndConfirm('Jonas Berg', 'jonas@example.net', 1)).toMatch(/^\/anmeldung\/[^/?]+\?hinweis=registration\.waiting$/);
    // A visitor has no account to show the place on: the mail tells it.
    const waitingMail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, 'jonas@example.net'), eq(outbox.kind, 'registration-waiting')))
      .get()!;
    expect(waitingMail.textBody).toContain('Sie stehen auf Platz 1 der Warteliste');
    const member = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const asMember = await postAction(
      server,
      page,
      'volunteering.registerForEvent',
      { occurrenceId: String(occurrenceId), asMember: 'true', places: '1' },
      member,
    );
    expect(asMember.headers.get('location')).toBe(`${page}?hinweis=registration.waiting`);
    expect(await (await get(server, page, member)).text()).toContain('Sie stehen auf Platz 2 der Warteliste.');

    const mail = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.toAddress, 'ayse@example.net'), eq(outbox.kind, 'registration-confirmed')))
      .get()!;
    const manage = linkIn(await receivedText(server.mailDir, mail), '/anmeldung/');
    expect(await (await get(server, manage)).text()).toContain('Sie haben einen Platz.');
    const cancelled = await postAction(server, manage, 'volunteering.cancelRegistration', { token: manage.split('/').pop()! });
    expect(cancelled.status).toBe(303);
    expect(await (await get(server, manage)).text()).toContain('Diese Anmeldung ist storniert.');
    // Two places came free: Jonas (1) and the member (1) both move up, in queue order, and are told by mail.
    const moved = db.select().from(outbox).where(eq(outbox.kind, 'registration-moved-up')).all();
    expect(moved.map((m) => m.toAddress).sort()).toEqual(['bewohnerin@example.org', 'jonas@example.net']);
    expect(
      db
        .select()
        .from(signups)
        .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.status, 'waiting')))
        .all(),
    ).toHaveLength(0);
    expect((await get(server, '/anmeldung/ungueltiger-link-123')).status).toBe(404);
  });

  it('refuses a visitor who keeps registering from one address with 429, the reason and the input kept', async () => {
    // Runs after the tests above, which registered from this address too: the limit (ten an hour) is reached soon.
    let refused: Response | null = null;
    for (let i = 0; i < 11 && !refused; i++) {
      const res = await postAction(server, page, 'volunteering.registerForEvent', {
        occurrenceId: String(occurrenceId),
        name: 'Serien Anmelder',
        email: `serie${i}@example.net`,
        places: '1',
      });
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(303);
    }
    expect(refused?.status).toBe(429);
    const html = await refused!.text();
    expect(html).toMatch(/Zu viele Versuche\. Bitte warten Sie \d+ Minuten/);
    expect(html).toContain('value="Serien Anmelder"');
  });

  it('shows and exports the participants only to staff of the event’s Quartier', async () => {
    const frohnhausen = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    const list = await get(server, `/verwaltung/anmeldungen/${occurrenceId}`, frohnhausen);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Jonas Berg');
    const csv = await get(server, `/verwaltung/anmeldungen/${occurrenceId}.csv`, frohnhausen);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Nr.;Name;E-Mail;Telefon;Plätze;Angemeldet am;Status');
    expect(lines).toHaveLength(1 + 7);
    expect(text).not.toContain('ayse@example.net');
    const kray = sessionCookieFor(server.dbPath, 'kray@example.org');
    expect((await get(server, `/verwaltung/anmeldungen/${occurrenceId}`, kray)).status).toBe(404);
    expect((await get(server, `/verwaltung/anmeldungen/${occurrenceId}.csv`, kray)).status).toBe(404);
    expect((await get(server, `/verwaltung/anmeldungen/${occurrenceId}.csv`, sessionCookieFor(server.dbPath, 'bewohnerin@example.org'))).status).toBe(403);
  });

  it('serves the member’s own slots and registrations as a valid iCal feed in Berlin time, and stops after revoking', async () => {
    const cookie = sessionCookieFor(server.dbPath, 'bewohnerin@example.org');
    const mine = await (await get(server, '/mitmachen/meine-einsaetze', cookie)).text();
    expect(mine).toContain('Gemeinsam kochen');
    expect(mine).not.toContain('Aufbau Adventsmarkt');
    const issued = await postAction(server, '/mitmachen/meine-einsaetze', 'volunteering.issueCalendarToken', {}, cookie);
    expect(issued.status).toBe(303);
    // Only a hash is stored; the address is read where the member sees it.
    const withFeed = await (await get(server, '/mitmachen/meine-einsaetze', cookie)).text();
    const token = /\/kalender\/([a-z0-9]+)\.ics/.exec(withFeed)![1]!;
    expect(db.select().from(users).where(eq(users.email, 'bewohnerin@example.org')).get()!.calendarTokenHash).not.toBe(token);
    const feed = await get(server, `/kalender/${token}.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const body = await feed.text();
    expect(body).toContain('BEGIN:VTIMEZONE');
    const component = new ICAL.Component(ICAL.parse(body));
    const vevents = component.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(vevents.map((e) => e.summary)).toEqual(['Gemeinsam kochen: Suppen aus aller Welt']);
    const start = vevents[0]!.startDate;
    expect(body).toMatch(/DTSTART;TZID=Europe\/Berlin:\d{8}T170000/);
    expect(`${String(start.hour).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`).toBe('17:00');
    // Somebody else's slot never appears in this member's feed.
    expect(body).not.toContain('Aufbau Adventsmarkt');
    expect(db.select().from(volunteerSlots).where(eq(volunteerSlots.title, 'Aufbau Adventsmarkt')).all()).toHaveLength(1);

    await postAction(server, '/mitmachen/meine-einsaetze', 'volunteering.revokeCalendarToken', {}, cookie);
    expect((await get(server, `/kalender/${token}.ics`)).status).toBe(404);
  });
});
