/**
 * Mails go out in the recipient's language, over real HTTP against the built server with the mails read from the
 * .eml files it writes: a guest in the language of the form they sent (also in mails that come later and are
 * caused by somebody else), a member in the language of their account whatever language staff use, and an Arabic
 * mail's link stays a clean link in the plain text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { eventOccurrences, events, signups, users } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { createMember, sessionCookieFor } from '../helpers/auth';
import { get, postAction } from '../helpers/http';
import { waitForMailFile } from '../helpers/mail-files';
import { startServer, type RunningServer } from '../helpers/server';
import { openServerDb } from '../volunteering/http-helpers';

const TITLE = 'Gemeinsam kochen: Suppen aus aller Welt';

interface Occurrence {
  id: number;
  eventId: number;
  recurrenceLocal: string;
  startsAt: Date;
}

function firstOccurrence(db: DbConnection): Occurrence {
  return db
    .select({ id: eventOccurrences.id, eventId: events.id, recurrenceLocal: eventOccurrences.recurrenceLocal, startsAt: eventOccurrences.startsAt })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(eq(events.title, TITLE))
    .get()!;
}

/** An admin using the German pages cancels the date, with a German note, through its confirmation step. */
function cancelAsGermanStaff(server: RunningServer, occurrence: Occurrence): Promise<Response> {
  const admin = `${sessionCookieFor(server.dbPath, 'admin@example.org')}; lang=de`;
  const day = DateTime.fromJSDate(occurrence.startsAt, { zone: 'Europe/Berlin' }).toISODate()!;
  return postAction(
    server,
    `/verwaltung/veranstaltungen/${occurrence.eventId}/termine/${day}/absagen`,
    'eventAdmin.cancelOccurrence',
    { id: String(occurrence.eventId), occurrence: occurrence.recurrenceLocal, note: 'Die Küche ist gesperrt.', confirm: 'ja' },
    admin,
  );
}

describe('the language of the mails to a person', () => {
  let server: RunningServer;
  let db: DbConnection;
  let occurrence: Occurrence;
  let page: string;

  beforeAll(async () => {
    server = await startServer();
    db = openServerDb(server);
    occurrence = firstOccurrence(db);
    page = `/anmeldung/termin/${occurrence.id}`;
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  /** A visitor without an account registers on the event page shown in `lang`. */
  async function registerAsGuest(name: string, email: string, lang: string): Promise<void> {
    const response = await postAction(
      server,
      page,
      'volunteering.registerForEvent',
      { occurrenceId: String(occurrence.id), name, email, places: '1' },
      `lang=${lang}`,
    );
    expect(response.status).toBe(303);
  }

  /** The manage link of a registration mail, checked to stand on its own: whitespace or the text's ends around it. */
  function cleanLinkIn(text: string): string {
    const match = /(?:^|\s)(https?:\/\/\S+\/anmeldung\/\S+)(?:\s|$)/.exec(text);
    if (!match) throw new Error(`no /anmeldung/ link in:\n${text}`);
    const link = match[1]!;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/anmeldung\/[A-Za-z0-9_-]+$/);
    return link;
  }

  it('writes to a guest in the language of their form: the confirmation, and a cancellation staff send in German', async () => {
    await registerAsGuest('Ayşe Kaya', 'ayse.kaya@example.net', 'tr');
    const ask = await waitForMailFile(server.mailDir, 'ayse.kaya@example.net', /^Lütfen kaydınızı onaylayın: /);
    expect(ask.subject).toBe(`Lütfen kaydınızı onaylayın: ${TITLE}`);
    // The link is opened later, on another device without the language cookie: the stored language counts.
    const link = new URL(cleanLinkIn(ask.text)).pathname;
    const confirmed = await postAction(server, link, 'volunteering.confirmRegistration', { token: link.split('/').pop()! });
    expect(confirmed.status).toBe(303);
    const registered = await waitForMailFile(server.mailDir, 'ayse.kaya@example.net', /^Kaydınız yapıldı: /);
    expect(registered.text).toContain('Ayşe Kaya');
    expect(db.select({ locale: signups.locale }).from(signups).where(eq(signups.email, 'ayse.kaya@example.net')).get()?.locale).toBe('tr');

    // Staff, using the German pages, cancel the date.
    expect((await cancelAsGermanStaff(server, occurrence)).status).toBe(303);
    const cancellation = await waitForMailFile(server.mailDir, 'ayse.kaya@example.net', /^İptal: /, 45_000);
    expect(cancellation.subject).toBe(`İptal: ${TITLE}`);
    expect(cancellation.text).toContain('iptal edildi: Die Küche ist gesperrt.');
  });
});

describe('the language of a member’s mails', () => {
  let server: RunningServer;
  let db: DbConnection;
  let occurrence: Occurrence;

  beforeAll(async () => {
    server = await startServer();
    db = openServerDb(server);
    occurrence = firstOccurrence(db);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('follows the account’s language, not the one of the page the member or staff used', async () => {
    const id = await createMember(server.dbPath, 'olena@example.org', 'Sonnenblumen am Kanal 7', 'Olena Koval');
    db.update(users).set({ locale: 'uk' }).where(eq(users.id, id)).run();
    const member = `${sessionCookieFor(server.dbPath, 'olena@example.org')}; lang=de`;
    const page = `/anmeldung/termin/${occurrence.id}`;
    const registered = await postAction(
      server,
      page,
      'volunteering.registerForEvent',
      { occurrenceId: String(occurrence.id), asMember: 'true', places: '1' },
      member,
    );
    expect(registered.status).toBe(303);
    await waitForMailFile(server.mailDir, 'olena@example.org', /^Ви зареєстровані: /);

    expect((await cancelAsGermanStaff(server, occurrence)).status).toBe(303);
    const cancellation = await waitForMailFile(server.mailDir, 'olena@example.org', /^Скасовано: /, 45_000);
    expect(cancellation.subject).toBe(`Скасовано: ${TITLE}`);
    expect(cancellation.text).toContain('Добрий день, Olena Koval!');
    const stored = db
      .select({ locale: signups.locale })
      .from(signups)
      .where(and(eq(signups.occurrenceId, occurrence.id), eq(signups.userId, id)))
      .get();
    expect(stored?.locale).toBe('de');
  });
});

describe('links in Arabic mails', () => {
  let server: RunningServer;
  let db: DbConnection;
  let occurrenceId: number;

  beforeAll(async () => {
    server = await startServer();
    db = openServerDb(server);
    occurrenceId = firstOccurrence(db).id;
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('stand in the plain text on their own line without direction marks, and open the registration', async () => {
    const page = `/anmeldung/termin/${occurrenceId}`;
    const response = await postAction(
      server,
      page,
      'volunteering.registerForEvent',
      { occurrenceId: String(occurrenceId), name: 'Nour Haddad', email: 'nour@example.net', places: '1' },
      'lang=ar',
    );
    expect(response.status).toBe(303);
    const mail = await waitForMailFile(server.mailDir, 'nour@example.net', /./);
    expect(mail.subject).toContain('يرجى');
    const link = /\n(http:\/\/127\.0\.0\.1:\d+\/anmeldung\/[A-Za-z0-9_-]+)\n/.exec(mail.text)?.[1];
    expect(link, mail.text).toBeDefined();
    expect(mail.text).not.toMatch(/[\u2068\u2069]https?:|\/anmeldung\/[A-Za-z0-9_-]+[\u2068\u2069]/);
    const opened = await get(server, new URL(link!).pathname);
    expect(opened.status).toBe(200);
  });

  it('leave the portal’s address in the footer of a composed mail as it is', async () => {
    const response = await postAction(
      server,
      '/registrieren',
      'accounts.register',
      { displayName: 'Nour', email: 'nour.konto@example.net', password: 'Kastanien im Oktober' },
      'lang=ar',
    );
    expect(response.status).toBe(303);
    const mail = await waitForMailFile(server.mailDir, 'nour.konto@example.net', /./);
    expect(mail.text).toMatch(/\nhttp:\/\/127\.0\.0\.1:\d+\/konto\/bestaetigen\?token=[a-z0-9]+\n/);
    expect(mail.text).toContain(`(${server.url}).`);
    expect(mail.text).not.toMatch(/[\u2068\u2069]https?:/);
  });
});
