/**
 * Crash safety: the server is killed with SIGKILL (no chance to clean up) while organisations book rooms,
 * volunteers sign up for slots, visitors register for an event and people apply as volunteers, all at once.
 * After a restart on the same file the database must be intact and every write the server had acknowledged
 * (answered with its redirect) must be there exactly once, with exactly one mail in the outbox.
 */
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../helpers/server';
import { newMemberCookies, sessionCookieFor } from '../helpers/auth';
import {
  applicantEmail,
  applyAsVolunteer,
  FAULT_SERVER_ENV,
  bookingIdInMail,
  bookingIdOf,
  bookingPurpose,
  BOOKER,
  demoTargets,
  guestEmail,
  registerForEvent,
  MOST_BOOKINGS,
  requestBooking,
  signUpForSlot,
} from './writes';

interface Stream {
  name: string;
  /** How many different writes this stream has (each sign-up needs its own member). */
  limit: number;
  send(i: number): Promise<Response>;
  next: number;
  attempted: number;
  acknowledged: { i: number; location: string | null }[];
}

function stream(name: string, limit: number, send: (i: number) => Promise<Response>): Stream {
  return { name, limit, send, next: 0, attempted: 0, acknowledged: [] };
}

/** Stored rows are unique, every acknowledged one is among them, and each has exactly one mail. */
function expectEachOnceWithOneMail(name: string, acknowledged: string[], stored: string[], mailed: string[]): void {
  expect({ name, missing: acknowledged.filter((key) => !stored.includes(key)) }).toEqual({ name, missing: [] });
  expect({ name, duplicates: stored.filter((key, index) => stored.indexOf(key) !== index) }).toEqual({ name, duplicates: [] });
  expect({ name, mailed: [...mailed].sort() }).toEqual({ name, mailed: [...stored].sort() });
}

describe('SIGKILL while writes are in flight', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
  });

  it('keeps the database intact and every acknowledged booking, sign-up, registration and application with one mail', { timeout: 120_000 }, async () => {
    const first = await startServer({ env: FAULT_SERVER_ENV, timeoutMs: 90_000 });
    servers.push(first);
    const targets = demoTargets(first.dbPath);
    const booker = sessionCookieFor(first.dbPath, BOOKER);
    const helpers = Array.from({ length: 150 }, (_, i) => `fehlertest-helfer-${i}@example.net`);
    const helperCookies = newMemberCookies(first.dbPath, helpers);
    const streams = [
      stream('bookings', MOST_BOOKINGS, (i) => requestBooking(first, booker, targets, i)),
      stream('slot sign-ups', helpers.length, (i) => signUpForSlot(first, helperCookies[i]!, targets)),
      stream('event registrations', 2_000, (i) => registerForEvent(first, targets, i)),
      stream('applications', 2_000, (i) => applyAsVolunteer(first, i)),
    ];

    let killed = false;
    const client = async (s: Stream): Promise<void> => {
      while (!killed && s.next < s.limit) {
        const i = s.next++;
        s.attempted++;
        try {
          const response = await s.send(i);
          if (response.status === 303) {
            s.acknowledged.push({ i, location: response.headers.get('location') });
            await response.body?.cancel();
          } else if (!killed) throw new Error(`${s.name} ${i} answered ${response.status}: ${await response.text()}`);
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    // Two clients per kind of write: eight requests on the wire at any time.
    const clients = streams.flatMap((s) => [client(s), client(s)]);
    const enoughWritten = expect
      .poll(() => streams.every((s) => s.acknowledged.length >= 5) && streams.reduce((n, s) => n + s.acknowledged.length, 0) >= 40, {
        timeout: 60_000,
        interval: 20,
      })
      .toBe(true);
    // A client that gets an unexpected answer fails the test at once instead of waiting for the poll.
    await Promise.race([enoughWritten, Promise.all(clients)]);
    killed = true;
    first.process.kill('SIGKILL');
    await Promise.allSettled(clients);
    await first.stop();
    expect(first.process.signalCode).toBe('SIGKILL');
    const attempted = streams.reduce((n, s) => n + s.attempted, 0);
    expect(attempted).toBeGreaterThan(streams.reduce((n, s) => n + s.acknowledged.length, 0));

    const restarted = await startServer({ env: FAULT_SERVER_ENV, dbPath: first.dbPath, timeoutMs: 90_000 });
    servers.push(restarted);
    const [bookingStream, signupStream, registrationStream, applicationStream] = streams as [Stream, Stream, Stream, Stream];
    const db = new Database(first.dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const strings = (sql: string, ...params: unknown[]): string[] =>
        (
          db
            .prepare(sql)
            .pluck()
            .all(...params) as unknown[]
        ).map(String);

      // Bookings: the id from each redirect is stored, confirmed, for the right request; one confirmation mail each.
      const bookings = db.prepare("SELECT id, purpose, status FROM bookings WHERE purpose LIKE 'Fehlertest-Buchung %'").all() as {
        id: number;
        purpose: string;
        status: string;
      }[];
      const acknowledgedBookings = bookingStream.acknowledged.map(({ i, location }) => ({ id: bookingIdOf(location), purpose: bookingPurpose(i) }));
      for (const { id, purpose } of acknowledgedBookings) expect(bookings.find((b) => b.id === id)).toEqual({ id, purpose, status: 'confirmed' });
      const confirmations = strings("SELECT text_body FROM outbox WHERE kind = 'booking-confirmed' AND to_address = ?", BOOKER).map((text) =>
        String(bookingIdInMail(text)),
      );
      expectEachOnceWithOneMail(
        'bookings',
        acknowledgedBookings.map((b) => String(b.id)),
        bookings.map((b) => String(b.id)),
        confirmations,
      );
      expect(new Set(bookings.map((b) => b.purpose)).size).toBe(bookings.length);

      expectEachOnceWithOneMail(
        'slot sign-ups',
        signupStream.acknowledged.map(({ i }) => helpers[i]!),
        strings("SELECT email FROM signups WHERE slot_id = ? AND status != 'cancelled' AND email LIKE 'fehlertest-helfer-%'", targets.slotId),
        strings("SELECT to_address FROM outbox WHERE kind IN ('slot-signed-up', 'slot-waiting') AND to_address LIKE 'fehlertest-helfer-%'"),
      );
      expectEachOnceWithOneMail(
        'event registrations',
        registrationStream.acknowledged.map(({ i }) => guestEmail(i)),
        strings("SELECT email FROM signups WHERE occurrence_id = ? AND status != 'cancelled' AND email LIKE 'fehlertest-gast-%'", targets.occurrenceId),
        strings("SELECT to_address FROM outbox WHERE kind LIKE 'registration-%' AND to_address LIKE 'fehlertest-gast-%'"),
      );
      expectEachOnceWithOneMail(
        'applications',
        applicationStream.acknowledged.map(({ i }) => applicantEmail(i)),
        strings("SELECT email FROM volunteer_applications WHERE email LIKE 'absturz-%'"),
        strings("SELECT to_address FROM outbox WHERE to_address LIKE 'absturz-%'"),
      );
    } finally {
      db.close();
    }

    // The restarted server takes new writes of every kind.
    expect((await requestBooking(restarted, booker, targets, MOST_BOOKINGS - 1)).status).toBe(303);
    expect((await registerForEvent(restarted, targets, 100_000)).status).toBe(303);
    expect((await applyAsVolunteer(restarted, 100_000)).status).toBe(303);
  });
});
