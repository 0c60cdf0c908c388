import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, gt, isNotNull } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { createTestDb, type DbConnection } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';
import { bookings, eventOccurrences, events, organisations, outbox, signups, users, volunteerProgrammes } from '../../db/schema';
import { forgetBookingPeople } from '../../src/lib/server/privacy/cleanup';
import { toBerlin } from '../../src/lib/time';
import { registerAccount, verifyEmail, requestPasswordReset } from '../../src/lib/server/accounts';
import { consumeRateLimit, loginAccountKey, rateLimitRules } from '../../src/lib/server/ratelimit';
import { acceptInvitation, inviteToOrganisation } from '../../src/lib/server/organisations';
import { registerForOccurrence, anonymiseGuestRegistrations, confirmRegistrationByToken } from '../../src/lib/server/registrations/events';
import { submitHelpRequest } from '../../src/lib/server/volunteering/help-requests';
import { submitApplication } from '../../src/lib/server/volunteering/applications';
import { createFileTransport, sendDueMails } from '../../src/lib/server/mail/worker';
import { deleteUserData, exportMemberData } from '../../src/lib/server/privacy';
import { allText } from './database-text';

const EMAIL = 'zerlinde.quappendorf@example.net';
const NAME = 'Zerlinde Quappendorf';
const needles = [EMAIL, 'Zerlinde', 'Quappendorf'];

/** Everything a reader of the mail folder sees: headers, text and HTML of every .eml file. */
async function allMailText(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
    const raw = readFileSync(join(dir, name));
    const mail = await simpleParser(raw);
    parts.push(raw.toString('utf8'), mail.subject ?? '', mail.text ?? '', typeof mail.html === 'string' ? mail.html : '', JSON.stringify(mail.to ?? ''));
  }
  return parts.join('\n');
}

let db: DbConnection;
let dbPath: string;
let mailDir: string;
beforeEach(async () => {
  ({ db, path: dbPath } = createTestDb());
  await seedDemo(db);
  mailDir = mkdtempSync(join(tmpdir(), 'privacy-mails-'));
});
afterEach(() => db.$client.close());

const ctx = { baseUrl: 'https://portal.example', locale: 'de' as const };
const tokenIn = (text: string, path: string): string => new RegExp(`${path}\\?token=([a-z0-9]+)`).exec(text)![1]!;
const upcomingWithRegistration = (): number[] =>
  db
    .select({ id: eventOccurrences.id })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(and(eq(events.registrationRequired, true), eq(events.status, 'published'), gt(eventOccurrences.startsAt, new Date())))
    .orderBy(eventOccurrences.startsAt)
    .all()
    .map((o) => o.id);

/** A resident who uses everything the portal offers, with and without logging in. */
async function busyResident(): Promise<number> {
  await registerAccount(db, { email: EMAIL, password: 'Sonnenblumen am Kanal 7', displayName: NAME, locale: 'de' });
  const verifyMail = db.select().from(outbox).where(eq(outbox.toAddress, EMAIL)).get()!;
  const user = verifyEmail(db, tokenIn(verifyMail.textBody, '/konto/bestaetigen'));
  const [first, second] = upcomingWithRegistration() as [number, number];
  // Registered once while logged out with the same address (using the Turkish pages), once as a member.
  registerForOccurrence(db, { occurrenceId: first, user: null, name: NAME, email: EMAIL, places: 2 }, { ...ctx, locale: 'tr' });
  registerForOccurrence(db, { occurrenceId: second, user, name: '', email: '', places: 1 }, ctx);
  const helpProgramme = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.acceptsHelpRequests, true)).get()!;
  submitHelpRequest(
    db,
    {
      programmeId: helpProgramme.id,
      requesterName: NAME,
      requesterPhone: '0201 555 99',
      requesterEmail: EMAIL,
      onBehalfOf: null,
      relationship: null,
      quartierId: null,
      languages: ['de'],
      availability: [],
      message: `Ich bin ${NAME} und brauche Begleitung.`,
    },
    { ...ctx, locale: 'ar' },
  );
  const programme = db.select().from(volunteerProgrammes).get()!;
  submitApplication(
    db,
    { programmeId: programme.id, name: NAME, email: EMAIL, phone: null, quartierId: null, availability: [], languages: ['de'], motivation: 'Gern.' },
    { ...ctx, user: null },
  );
  // Invited to an organisation (the audit log records the address) and joined.
  const verein = db.select().from(users).where(eq(users.email, 'verein@example.org')).get()!;
  const organisation = db
    .select()
    .from(organisations)
    .all()
    .find((o) => o.name.startsWith('Bürgerverein Kray'))!;
  inviteToOrganisation(db, { id: verein.id, role: verein.role, displayName: verein.displayName }, organisation.id, {
    email: EMAIL,
    role: 'member',
    locale: 'en',
  });
  const invitation = db
    .select()
    .from(outbox)
    .where(and(eq(outbox.toAddress, EMAIL), eq(outbox.kind, 'organisation-invitation')))
    .get()!;
  acceptInvitation(db, user.id, tokenIn(invitation.textBody, '/konto/einladung'));
  requestPasswordReset(db, EMAIL);
  consumeRateLimit(db, loginAccountKey(EMAIL, '203.0.113.9'), rateLimitRules.loginAccount);
  // Named as the contact of an event.
  db.update(events)
    .set({ contactEmail: EMAIL })
    .where(eq(events.id, db.select().from(events).get()!.id))
    .run();
  // Mails go out as .eml files; one stays queued.
  await sendDueMails(db, createFileTransport(mailDir), { mailFrom: 'Portal <portal@example.org>', publicUrl: ctx.baseUrl });
  requestPasswordReset(db, EMAIL);
  return user.id;
}

describe('account deletion', () => {
  it('leaves neither the address nor the name anywhere in the database file or the mail folder', async () => {
    const userId = await busyResident();
    const before = allText(db);
    for (const needle of needles) expect(before).toContain(needle);
    expect(await allMailText(mailDir)).toContain('Quappendorf');

    deleteUserData(db, userId, new Date(), { mailDir });

    const after = allText(db).toLowerCase();
    for (const needle of needles) expect(after, needle).not.toContain(needle.toLowerCase());
    const mails = (await allMailText(mailDir)).toLowerCase();
    for (const needle of needles) expect(mails, needle).not.toContain(needle.toLowerCase());
    // Nothing can be read back from the file itself either (deleted content is zeroed).
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(dbPath).toString('latin1').toLowerCase();
    for (const needle of needles) expect(raw.includes(needle.toLowerCase()), `raw file contains ${needle}`).toBe(false);
    // Other people's records stay: the places of the guest registration are free again, the mails to others are kept.
    expect(db.select().from(outbox).where(eq(outbox.kind, 'help-request-notice')).all().length).toBeGreaterThan(0);
  });

  it('exports what deletion removes: audit entries, mails, invitations, requests for help, registrations and roles', async () => {
    const userId = await busyResident();
    const data = exportMemberData(db, userId)!;
    expect(data.auditEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'organisation.invite' }),
        expect.objectContaining({ action: 'organisation.invite.accept', byThisAccount: true }),
      ]),
    );
    expect((data.mails as { kind: string }[]).map((m) => m.kind)).toEqual(
      expect.arrayContaining(['account-verify', 'organisation-invitation', 'password-reset']),
    );
    // With each record the language stored for the mails about it (the language of the form).
    expect(data.invitations).toEqual([expect.objectContaining({ organisation: expect.stringContaining('Bürgerverein Kray'), locale: 'en' })]);
    expect(data.helpRequests).toEqual([expect.objectContaining({ requesterName: NAME, requesterPhone: '0201 555 99', locale: 'ar' })]);
    expect(data.registrationsWithoutAccount).toEqual([expect.objectContaining({ name: NAME, places: 2, locale: 'tr' })]);
    expect(data.eventRegistrations).toEqual([expect.objectContaining({ places: 1, locale: 'de' })]);
    expect(data.coordinatorOf).toEqual([]);
    const coordinator = db.select().from(users).where(eq(users.email, 'kray@example.org')).get()!;
    expect((exportMemberData(db, coordinator.id)!.coordinatorOf as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('guest registrations', () => {
  it('lose name, address and phone 30 days after the event; the places stay counted', () => {
    const [occurrenceId] = upcomingWithRegistration() as [number];
    const { manageToken } = registerForOccurrence(db, { occurrenceId, user: null, name: 'Gustav Gast', email: 'gustav@example.net', places: 3 }, ctx);
    expect(confirmRegistrationByToken(db, manageToken!, ctx)?.status).toBe('confirmed');
    const endsAt = db.select().from(eventOccurrences).where(eq(eventOccurrences.id, occurrenceId)).get()!.endsAt;
    expect(anonymiseGuestRegistrations(db, new Date(endsAt.getTime() + 29 * 86_400_000))).toBe(0);
    expect(anonymiseGuestRegistrations(db, new Date(endsAt.getTime() + 31 * 86_400_000))).toBeGreaterThanOrEqual(1);
    const row = db
      .select()
      .from(signups)
      .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.places, 3)))
      .get()!;
    expect(row).toMatchObject({ name: '', email: null, phone: null, places: 3 });
  });
});

describe('room bookings', () => {
  it('forget who asked, decided and cancelled at the end of the third calendar year after the booking', () => {
    const booking = db.select().from(bookings).where(isNotNull(bookings.requestedBy)).orderBy(bookings.endsAt).get()!;
    const year = toBerlin(booking.endsAt).year;
    expect(
      forgetBookingPeople(
        db,
        toBerlin(booking.endsAt)
          .set({ year: year + 3, month: 12, day: 31 })
          .toJSDate(),
      ),
    ).toBe(0);
    expect(
      forgetBookingPeople(
        db,
        toBerlin(booking.endsAt)
          .set({ year: year + 4, month: 1, day: 2 })
          .toJSDate(),
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(db.select().from(bookings).where(eq(bookings.id, booking.id)).get()).toMatchObject({ requestedBy: null, decidedBy: null, cancelledBy: null });
  });
});
