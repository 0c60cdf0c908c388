/**
 * Forms anyone can send without an account (issue 11, finding 5): a visitor's registration takes a place only once
 * the address is confirmed, a mail to an address nobody has confirmed carries nothing the visitor typed, and each
 * such form is limited per address, per network and per e-mail address.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, gt } from 'drizzle-orm';
import { eventOccurrences, events, outbox, signups, volunteerProgrammes } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { demoDb } from '../helpers/db';
import {
  confirmRegistrationByToken,
  getOccurrenceRegistration,
  getRegistrationByToken,
  purgeUnconfirmedRegistrations,
  registerForOccurrence,
} from '../../src/lib/server/registrations/events';
import { limitStranger, RateLimitedError } from '../../src/lib/server/ratelimit';
import { submitApplication } from '../../src/lib/server/volunteering/applications';
import { submitHelpRequest } from '../../src/lib/server/volunteering/help-requests';
import { registerAccount } from '../../src/lib/server/accounts';
import { reportConcern } from '../../src/lib/server/concerns/reporting';

const HOUR = 60 * 60 * 1000;
let db: DbConnection;
let now: Date;
let occurrenceId: number;
let capacity: number;
const ctx = () => ({ baseUrl: 'https://portal.example', locale: 'de' as const, now });

// One instant for the whole file: the demo city is seeded once for it and copied for every test.
const SEEDED_AT = new Date();

beforeEach(async () => {
  now = SEEDED_AT;
  db = (await demoDb(now)).db;
  const row = db
    .select({ id: eventOccurrences.id, capacity: events.capacity })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    // Two days ahead at least, so a registration confirmed a day later is still open.
    .where(and(eq(events.registrationRequired, true), eq(events.status, 'published'), gt(eventOccurrences.startsAt, new Date(now.getTime() + 48 * HOUR))))
    .orderBy(eventOccurrences.startsAt)
    .get()!;
  occurrenceId = row.id;
  capacity = row.capacity!;
});
afterEach(() => db.$client.close());

function visitor(name: string, email: string, places = 1) {
  return registerForOccurrence(db, { occurrenceId, user: null, name, email, places }, ctx());
}

function mailsTo(address: string) {
  return db.select().from(outbox).where(eq(outbox.toAddress, address)).all();
}

describe("a visitor's registration", () => {
  it('takes no place until the address is confirmed, and the mail before that carries nothing the visitor typed', () => {
    const placesBefore = getOccurrenceRegistration(db, occurrenceId, now)!.placesLeft;
    const { status, manageToken } = visitor('Visit http://phish.example to claim your prize', 'opfer@example.net', 2);
    expect(status).toBe('pending');
    expect(getOccurrenceRegistration(db, occurrenceId, now)!.placesLeft).toBe(placesBefore);
    const [ask] = mailsTo('opfer@example.net');
    expect(ask!.kind).toBe('registration-confirm-address');
    expect(ask!.textBody).not.toContain('phish');
    expect(ask!.textBody).toContain('/anmeldung/');

    const confirmed = confirmRegistrationByToken(db, manageToken!, ctx());
    expect(confirmed?.status).toBe('confirmed');
    expect(getOccurrenceRegistration(db, occurrenceId, now)!.placesLeft).toBe(placesBefore - 2);
    // Now the address is the visitor's own: the confirmation greets them by the name they gave.
    expect(mailsTo('opfer@example.net').map((m) => m.kind)).toEqual(['registration-confirm-address', 'registration-confirmed']);
    // A second click on the link changes nothing.
    expect(confirmRegistrationByToken(db, manageToken!, ctx())).toBeNull();
  });

  it('cannot fill an event with made-up addresses', () => {
    for (let i = 0; i < capacity + 3; i++) visitor(`Niemand ${i}`, `ausgedacht-${i}@example.net`);
    const reg = getOccurrenceRegistration(db, occurrenceId, now)!;
    expect(reg.occupancy).toEqual({ confirmedPlaces: 0, confirmedPeople: 0, waitingPeople: 0 });
    expect(reg.placesLeft).toBe(capacity);
  });

  it('goes on the waiting list when the event filled up before the address was confirmed', () => {
    const late = visitor('Spät Bestätigt', 'spaet@example.net');
    for (let i = 0; i < capacity; i++) confirmRegistrationByToken(db, visitor(`Gast ${i}`, `gast-${i}@example.net`).manageToken!, ctx());
    expect(getOccurrenceRegistration(db, occurrenceId, now)!.placesLeft).toBe(0);
    expect(confirmRegistrationByToken(db, late.manageToken!, ctx())).toEqual({ status: 'waiting', position: 1, manageToken: null });
    expect(mailsTo('spaet@example.net').map((m) => m.kind)).toEqual(['registration-confirm-address', 'registration-waiting']);
  });

  it('is replaced by a second try with the same address, so nobody can block an address by registering it first', () => {
    const first = visitor('Erster Versuch', 'zweimal@example.net');
    const second = visitor('Zweiter Versuch', 'ZWEIMAL@example.net', 2);
    expect(getRegistrationByToken(db, first.manageToken!, now)).toBeNull();
    expect(confirmRegistrationByToken(db, second.manageToken!, ctx())?.status).toBe('confirmed');
    const rows = db.select().from(signups).where(eq(signups.email, 'zweimal@example.net')).all();
    expect(rows.map((r) => [r.name, r.status, r.places])).toEqual([['Zweiter Versuch', 'confirmed', 2]]);
  });

  it('lapses when not confirmed within 24 hours and is then deleted', () => {
    const { manageToken } = visitor('Vergesslich', 'vergesslich@example.net');
    const later = new Date(now.getTime() + 25 * HOUR);
    expect(getRegistrationByToken(db, manageToken!, new Date(now.getTime() + 23 * HOUR))).not.toBeNull();
    expect(getRegistrationByToken(db, manageToken!, later)).toBeNull();
    expect(confirmRegistrationByToken(db, manageToken!, { ...ctx(), now: later })).toBeNull();
    expect(purgeUnconfirmedRegistrations(db, new Date(now.getTime() + 23 * HOUR))).toBe(0);
    expect(purgeUnconfirmedRegistrations(db, later)).toBe(1);
    expect(db.select().from(signups).where(eq(signups.email, 'vergesslich@example.net')).all()).toEqual([]);
  });
});

describe('mails to addresses nobody has confirmed', () => {
  it('greet without the name a stranger typed: application, request for help, new account, concern', async () => {
    const programme = db.select().from(volunteerProgrammes).where(eq(volunteerProgrammes.acceptsHelpRequests, true)).get()!;
    const typed = 'Klicken Sie auf http://phish.example';
    submitApplication(
      db,
      {
        programmeId: programme.id,
        name: typed,
        email: 'bewerbung@example.net',
        phone: null,
        quartierId: null,
        availability: [],
        languages: ['de'],
        motivation: '',
      },
      { user: null, ...ctx() },
    );
    submitHelpRequest(
      db,
      {
        programmeId: programme.id,
        requesterName: typed,
        requesterPhone: null,
        requesterEmail: 'anfrage@example.net',
        onBehalfOf: null,
        relationship: null,
        quartierId: null,
        languages: ['de'],
        availability: [],
        message: typed,
      },
      ctx(),
    );
    await registerAccount(db, { email: 'konto@example.net', password: 'Sonnenblumen am Kanal 7', displayName: typed, locale: 'de' });
    await reportConcern(
      db,
      {
        description: typed,
        category: 'spielplatz',
        quartier: 'kray',
        locationText: 'Spielplatz Kamblickweg',
        isPublic: false,
        reporterName: typed,
        reporterEmail: 'anliegen@example.net',
      },
      { locale: 'de', source: 'web', now },
    );
    for (const address of ['bewerbung@example.net', 'anfrage@example.net', 'konto@example.net', 'anliegen@example.net']) {
      const mails = mailsTo(address);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.textBody).not.toContain('phish');
      expect(mails[0]!.subject).not.toContain('phish');
      expect(mails[0]!.textBody).toMatch(/^Guten Tag,/m);
    }
  });
});

describe('the limits of forms anyone can send', () => {
  const tryOnce = (address: string, email?: string) => () => limitStranger(db, 'register-event', { address, email }, now);

  it('allow three mails an hour to one e-mail address, from wherever they are asked for', () => {
    for (let i = 1; i <= 3; i++) tryOnce(`198.51.${i}.7`, 'ziel@example.net')();
    expect(tryOnce('203.0.113.99', 'Ziel@Example.net')).toThrow(RateLimitedError);
    expect(tryOnce('203.0.113.99', 'andere@example.net')).not.toThrow();
  });

  it('allow ten submissions an hour from one address and thirty from one network', () => {
    for (let i = 0; i < 10; i++) tryOnce('198.51.100.1')();
    expect(tryOnce('198.51.100.1')).toThrow(RateLimitedError);
    // The refused eleventh counts for the network too: 11 + 19 from the same /24 use up its thirty, and the next
    // attempt from a fresh address of that network is refused as well.
    for (let i = 2; i < 21; i++) tryOnce(`198.51.100.${i}`)();
    expect(tryOnce('198.51.100.200')).toThrow(RateLimitedError);
    expect(tryOnce('192.0.2.1')).not.toThrow();
    // An hour later the windows have passed.
    now = new Date(now.getTime() + HOUR + 1000);
    expect(tryOnce('198.51.100.1')).not.toThrow();
  });
});
