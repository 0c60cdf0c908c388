/**
 * The confirmation step of destructive back-office actions over real HTTP against the built server: the step's page
 * says who is affected (with the real counts), a post without the step's confirmation is refused with a 400 and a
 * message and changes nothing, and with it the action goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createDb, type DbConnection } from '../../db/client';
import {
  bookings,
  eventOccurrences,
  events,
  openingExceptions,
  openingHours,
  organisationMembers,
  organisations,
  places,
  roomClosures,
  rooms,
  signups,
  users,
} from '../../db/schema';
import { createMember, sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { waitForMailFile } from '../helpers/mail-files';
import { startServer, type RunningServer } from '../helpers/server';

/** The page's text without tags, so a sentence split by markup still matches. */
const textOf = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('confirmation steps of destructive back-office actions', () => {
  let server: RunningServer;
  let db: DbConnection;
  let staff: string;
  let treffId: number;
  let wandercafe: { id: number; occurrenceId: number; recurrenceLocal: string; day: string };

  beforeAll(async () => {
    server = await startServer();
    db = createDb(server.dbPath);
    staff = sessionCookieFor(server.dbPath, 'kray@example.org');
    treffId = db.select({ id: places.id }).from(places).where(eq(places.slug, 'quartierstreff-kray-nord')).get()!.id;
    const event = db.select().from(events).where(eq(events.title, 'Wandercafé')).get()!;
    // The Wandercafé takes registrations here, so cancelling a date has people to tell.
    db.update(events).set({ registrationRequired: true, capacity: 20 }).where(eq(events.id, event.id)).run();
    const date = db
      .select()
      .from(eventOccurrences)
      .where(and(eq(eventOccurrences.eventId, event.id), eq(eventOccurrences.status, 'scheduled'), isNull(eventOccurrences.exceptionId)))
      .orderBy(eventOccurrences.startsAt)
      .all()
      .find((o) => o.startsAt.getTime() > Date.now() + 10 * 86_400_000)!;
    wandercafe = {
      id: event.id,
      occurrenceId: date.id,
      recurrenceLocal: date.recurrenceLocal,
      day: DateTime.fromJSDate(date.startsAt, { zone: 'Europe/Berlin' }).toISODate()!,
    };
    const person = { occurrenceId: date.id, places: 1, queuedAt: new Date() };
    db.insert(signups)
      .values([
        { ...person, name: 'Erika Brandt', email: 'erika.brandt@example.org', status: 'confirmed' as const },
        { ...person, name: 'Hans Peters', email: 'hans.peters@example.org', status: 'waiting' as const },
        // Unconfirmed: counted as registered, but gets no mail (the address may not be theirs).
        { ...person, name: 'Unbestätigt', email: 'unbestaetigt@example.org', status: 'pending' as const },
      ])
      .run();
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  const occurrenceStatus = (): string => db.select().from(eventOccurrences).where(eq(eventOccurrences.id, wandercafe.occurrenceId)).get()!.status;

  it('offers cancelling a date only as a link to its confirmation step, which names the registered and who gets a mail', async () => {
    const datePage = await (await get(server, `/verwaltung/veranstaltungen/${wandercafe.id}/termine/${wandercafe.day}`, staff)).text();
    expect(datePage).not.toContain('eventAdmin.cancelOccurrence');
    expect(datePage).toContain(`href="/verwaltung/veranstaltungen/${wandercafe.id}/termine/${wandercafe.day}/absagen"`);
    const response = await get(server, `/verwaltung/veranstaltungen/${wandercafe.id}/termine/${wandercafe.day}/absagen`, staff);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<button type="submit" class="button--danger"[^>]*>Ja, Termin absagen<\/button>/);
    expect(html).toMatch(/<input type="hidden" name="confirm" value="ja"/);
    const text = textOf(html);
    expect(text).toContain('3 Personen sind für diesen Termin angemeldet.');
    expect(text).toContain('2 Personen bekommen je eine E-Mail mit Ihrem Hinweis.');
    expect(occurrenceStatus()).toBe('scheduled');
  });

  it('refuses cancelling a date without the confirmation, with a 400 and a message, and changes nothing', async () => {
    const fields = { id: String(wandercafe.id), occurrence: wandercafe.recurrenceLocal, note: 'Krank' };
    const page = `/verwaltung/veranstaltungen/${wandercafe.id}/termine/${wandercafe.day}/absagen`;
    const refused = await postAction(server, page, 'eventAdmin.cancelOccurrence', fields, staff);
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain('Dieser Schritt muss erst bestätigt werden.');
    const bare = await fetch(`${server.url}/_actions/eventAdmin.cancelOccurrence`, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { cookie: staff, origin: server.url },
    });
    expect(bare.status).toBe(400);
    expect(occurrenceStatus()).toBe('scheduled');

    const done = await postAction(server, page, 'eventAdmin.cancelOccurrence', { ...fields, confirm: 'ja' }, staff);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/verwaltung/veranstaltungen/${wandercafe.id}?hinweis=bo.occurrenceChanged`);
    expect(occurrenceStatus()).toBe('cancelled');
    const mail = await waitForMailFile(server.mailDir, 'hans.peters@example.org', /Wandercafé/);
    expect(mail.text).toContain('Krank');
    await waitForMailFile(server.mailDir, 'erika.brandt@example.org', /Wandercafé/);
  });

  it('refuses cancelling or deleting a whole event without the confirmation', async () => {
    const base = `/verwaltung/veranstaltungen/${wandercafe.id}`;
    expect((await postAction(server, `${base}/absagen`, 'eventAdmin.cancel', { id: String(wandercafe.id), reason: 'Aus' }, staff)).status).toBe(400);
    expect((await postAction(server, `${base}/loeschen`, 'eventAdmin.remove', { id: String(wandercafe.id) }, staff)).status).toBe(400);
    expect(db.select().from(events).where(eq(events.id, wandercafe.id)).get()?.status).toBe('published');
  });

  it('asks before deleting a closure, says which days open again, and deletes it only with the confirmation', async () => {
    const from = DateTime.now().setZone('Europe/Berlin').plus({ days: 40 });
    const added = await postAction(
      server,
      `/verwaltung/orte/${treffId}`,
      'placeAdmin.addException',
      {
        id: String(treffId),
        dateFrom: from.toISODate()!,
        dateTo: from.plus({ days: 2 }).toISODate()!,
        kind: 'closed',
        reason: 'Renovierung',
      },
      staff,
    );
    expect(added.status).toBe(303);
    const closure = db
      .select()
      .from(openingExceptions)
      .where(and(eq(openingExceptions.placeId, treffId), eq(openingExceptions.reason, 'Renovierung')))
      .get()!;
    const placePage = await (await get(server, `/verwaltung/orte/${treffId}`, staff)).text();
    expect(placePage).not.toContain('placeAdmin.removeException');
    const confirmPath = `/verwaltung/orte/${treffId}/ausnahme/${closure.id}/loeschen`;
    expect(placePage).toContain(`href="${confirmPath}"`);
    const text = textOf(await (await get(server, confirmPath, staff)).text());
    expect(text).toMatch(/Schließzeit .+ löschen\?/);
    expect(text).toContain('An diesen 3 Tagen gilt in Quartierstreff Kray-Nord wieder der normale Wochenplan.');
    expect(text).toContain('Was wegen der Schließzeit abgesagt wurde, bleibt abgesagt.');
    expect(text).toContain('Schließzeit löschen');

    const fields = { id: String(treffId), exceptionId: String(closure.id) };
    const refused = await postAction(server, confirmPath, 'placeAdmin.removeException', fields, staff);
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain('Dieser Schritt muss erst bestätigt werden.');
    expect(db.select().from(openingExceptions).where(eq(openingExceptions.id, closure.id)).get()).toBeDefined();
    const done = await postAction(server, confirmPath, 'placeAdmin.removeException', { ...fields, confirm: 'ja' }, staff);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/verwaltung/orte/${treffId}?hinweis=bo.exceptionRemoved`);
    expect(db.select().from(openingExceptions).where(eq(openingExceptions.id, closure.id)).get()).toBeUndefined();
  });

  it('asks before deleting weekly opening hours and deletes them only with the confirmation', async () => {
    const period = db.select().from(openingHours).where(eq(openingHours.placeId, treffId)).get()!;
    const confirmPath = `/verwaltung/orte/${treffId}/oeffnungszeit/${period.id}/loeschen`;
    const text = textOf(await (await get(server, confirmPath, staff)).text());
    expect(text).toContain(`ist Quartierstreff Kray-Nord dann von ${period.opens}–${period.closes} nicht mehr geöffnet.`);
    expect(text).toContain('Niemand bekommt eine E-Mail.');
    const fields = { id: String(treffId), periodId: String(period.id) };
    expect((await postAction(server, confirmPath, 'placeAdmin.removePeriod', fields, staff)).status).toBe(400);
    expect(db.select().from(openingHours).where(eq(openingHours.id, period.id)).get()).toBeDefined();
    expect((await postAction(server, confirmPath, 'placeAdmin.removePeriod', { ...fields, confirm: 'ja' }, staff)).status).toBe(303);
    expect(db.select().from(openingHours).where(eq(openingHours.id, period.id)).get()).toBeUndefined();
  });

  it('asks before removing a room closure and removes it only with the confirmation', async () => {
    const room = db
      .select()
      .from(rooms)
      .where(eq(rooms.placeId, db.select().from(places).where(eq(places.slug, 'stadtteilbuero-kray')).get()!.id))
      .get()!;
    const startsAt = DateTime.now().setZone('Europe/Berlin').plus({ days: 50 }).set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
    const closure = db
      .insert(roomClosures)
      .values({ roomId: room.id, startsAt: startsAt.toJSDate(), endsAt: startsAt.plus({ hours: 10 }).toJSDate(), reason: 'Malerarbeiten' })
      .returning()
      .get();
    const roomPage = await (await get(server, `/verwaltung/raeume/${room.id}`, staff)).text();
    expect(roomPage).not.toContain('rooms.removeClosure');
    const confirmPath = `/verwaltung/raeume/${room.id}/schliessung/${closure.id}/loeschen`;
    expect(roomPage).toContain(`href="${confirmPath}"`);
    const text = textOf(await (await get(server, confirmPath, staff)).text());
    expect(text).toContain(`Schließung von „${room.name}“ löschen?`);
    expect(text).toContain('(Malerarbeiten) kann');
    const fields = { closureId: String(closure.id) };
    const refused = await postAction(server, confirmPath, 'rooms.removeClosure', fields, staff);
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain('Dieser Schritt muss erst bestätigt werden.');
    expect(db.select().from(roomClosures).where(eq(roomClosures.id, closure.id)).get()).toBeDefined();
    expect((await postAction(server, confirmPath, 'rooms.removeClosure', { ...fields, confirm: 'ja' }, staff)).status).toBe(303);
    expect(db.select().from(roomClosures).where(eq(roomClosures.id, closure.id)).get()).toBeUndefined();
  });

  it('refuses cancelling a confirmed room booking without its confirmation step and keeps it confirmed', async () => {
    // A coming booking in Kray, which this staff member looks after. Staff are not bound by the room's cancelling
    // deadline, and the demo's bookings lie 2–8 days ahead depending on the day it is seeded.
    const booking = db
      .select({ id: bookings.id })
      .from(bookings)
      .innerJoin(rooms, eq(rooms.id, bookings.roomId))
      .innerJoin(places, eq(places.id, rooms.placeId))
      .where(and(eq(places.slug, 'stadtteilbuero-kray'), eq(bookings.status, 'confirmed'), gt(bookings.startsAt, new Date())))
      .get()!;
    const path = `/raeume/buchungen/${booking.id}`;
    expect(await (await get(server, `${path}?stornieren=1`, staff)).text()).toMatch(/<input type="hidden" name="confirm" value="ja"/);
    const fields = { bookingId: String(booking.id), reason: 'Wasserschaden' };
    expect((await postAction(server, path, 'rooms.cancelBooking', fields, staff)).status).toBe(400);
    expect(db.select().from(bookings).where(eq(bookings.id, booking.id)).get()!.status).toBe('confirmed');
    expect((await postAction(server, path, 'rooms.cancelBooking', { ...fields, confirm: 'ja' }, staff)).status).toBe(303);
    expect(db.select().from(bookings).where(eq(bookings.id, booking.id)).get()!.status).toBe('cancelled');
  });

  it('asks an organisation admin before removing a member, names what stays, and removes only with the confirmation', async () => {
    // An organisation admin and a new plain member of theirs (the demo organisations have admins only).
    const admin = db
      .select({ organisationId: organisationMembers.organisationId, email: users.email })
      .from(organisationMembers)
      .innerJoin(users, eq(users.id, organisationMembers.userId))
      .where(eq(organisationMembers.role, 'admin'))
      .get()!;
    const organisation = db.select().from(organisations).where(eq(organisations.id, admin.organisationId)).get()!;
    const member = { userId: await createMember(server.dbPath, 'kassenwartin@example.org', 'ein-langes-passwort-1', 'Karin Kassen'), name: 'Karin Kassen' };
    db.insert(organisationMembers).values({ organisationId: organisation.id, userId: member.userId, role: 'member' }).run();
    const cookie = sessionCookieFor(server.dbPath, admin.email);
    const isMember = (): boolean =>
      !!db
        .select()
        .from(organisationMembers)
        .where(and(eq(organisationMembers.organisationId, organisation.id), eq(organisationMembers.userId, member.userId)))
        .get();
    const ownPage = `/konto/organisationen/${organisation.id}`;
    const listing = await (await get(server, ownPage, cookie)).text();
    expect(listing).not.toContain('organisations.removeMember');
    const confirmPath = `${ownPage}/mitglied/${member.userId}/entfernen`;
    expect(listing).toContain(`href="${confirmPath}?zurueck=${encodeURIComponent(ownPage)}"`);
    const text = textOf(await (await get(server, confirmPath, cookie)).text());
    expect(text).toContain(`${member.name} aus „${organisation.name}“ entfernen?`);
    expect(text).toContain('Die Adresse des Buchungskalenders der Organisation ändert sich');
    expect(text).toMatch(/kommende Buchung|keine kommenden Buchungen/);
    const fields = { organisationId: String(organisation.id), userId: String(member.userId) };
    const refused = await postAction(server, confirmPath, 'organisations.removeMember', fields, cookie);
    expect(refused.status).toBe(400);
    expect(textOf(await refused.text())).toContain('Dieser Schritt muss erst bestätigt werden.');
    expect(isMember()).toBe(true);
    const done = await postAction(server, confirmPath, 'organisations.removeMember', { ...fields, confirm: 'ja' }, cookie);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${ownPage}?hinweis=account.memberRemoved`);
    expect(isMember()).toBe(false);
  });

  it('shows the confirmation steps to staff of another Quartier as forbidden', async () => {
    const other = sessionCookieFor(server.dbPath, 'frohnhausen@example.org');
    const response = await get(server, `/verwaltung/veranstaltungen/${wandercafe.id}/termine/${wandercafe.day}/absagen`, other);
    expect(response.status).toBe(403);
  });
});
