/**
 * An SMTP outage during a burst of bookings loses no mail and sends none twice. The portal runs with
 * SMTP_URL pointing at a loopback port where nobody listens yet; 30 booking requests are confirmed, each
 * queuing its confirmation mail in the booking's transaction, and every one of those mails fails at least
 * once. Then the SMTP server comes up and every mail arrives exactly once, within a bounded time.
 * MAIL_RETRY_SECONDS=1 keeps the worker's back-off to seconds instead of minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { ParsedMail } from 'mailparser';
import { freePort, startServer, type RunningServer } from '../helpers/server';
import { sessionCookieFor } from '../helpers/auth';
import { loopbackSmtp, type LoopbackSmtp } from '../mail/smtp';
import { BOOKER, bookingIdInMail, bookingIdOf, demoTargets, requestBooking } from './writes';

const BURST = 30;

function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((field) => field.value.map((entry) => entry.address ?? ''));
}

describe('an SMTP outage during a burst of bookings', () => {
  let server: RunningServer;
  let smtp: LoopbackSmtp;
  let db: Database.Database;
  beforeAll(async () => {
    // Not started yet: connections to this port are refused, as when the mail server is down.
    smtp = loopbackSmtp(await freePort());
    server = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_RETRY_SECONDS: '1' }, timeoutMs: 90_000 });
    db = new Database(server.dbPath, { readonly: true });
  });
  afterAll(async () => {
    db?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it('delivers every booking confirmation exactly once after the mail server comes back', { timeout: 90_000 }, async () => {
    const targets = demoTargets(server.dbPath);
    const cookie = sessionCookieFor(server.dbPath, BOOKER);
    const responses = await Promise.all(Array.from({ length: BURST }, (_, i) => requestBooking(server, cookie, targets, i)));
    expect(responses.map((r) => r.status)).toEqual(Array(BURST).fill(303));
    const bookingIds = responses.map((r) => bookingIdOf(r.headers.get('location'))).sort((a, b) => a - b);
    expect(new Set(bookingIds).size).toBe(BURST);

    const confirmations = (): { status: string; attempts: number; lastError: string | null; text: string }[] =>
      db.prepare("SELECT status, attempts, last_error AS lastError, text_body AS text FROM outbox WHERE kind = 'booking-confirmed'").all() as never;
    // The outage is real: every confirmation is queued and has failed at least once.
    await expect.poll(() => confirmations().filter((m) => m.status === 'pending' && m.attempts >= 1).length, { timeout: 30_000, interval: 100 }).toBe(BURST);
    expect(
      confirmations()
        .map((m) => bookingIdInMail(m.text))
        .sort((a, b) => a! - b!),
    ).toEqual(bookingIds);
    expect(confirmations().every((m) => /ECONNREFUSED|connect/i.test(m.lastError ?? ''))).toBe(true);
    expect(smtp.received).toHaveLength(0);

    await smtp.start();
    const upAt = Date.now();
    // Everything queued goes out: the confirmations and whatever the demo city's reminders added.
    await expect.poll(() => db.prepare("SELECT count(*) FROM outbox WHERE status != 'sent'").pluck().get(), { timeout: 30_000, interval: 100 }).toBe(0);
    const deliveredWithinMs = Date.now() - upAt;

    // Exactly once: one received mail per outbox row (the worker's Message-ID names the row), none twice.
    const rows = db.prepare('SELECT id, created_at AS createdAt FROM outbox').all() as { id: number; createdAt: number }[];
    expect(smtp.received.map((m) => m.messageId).sort()).toEqual(rows.map((r) => `<outbox-${r.id}-${r.createdAt}@127.0.0.1>`).sort());
    // Per booking: one confirmation, to the member who asked, with the subject of a confirmed booking.
    const confirmationMails = smtp.received.filter((m) => (m.subject ?? '').startsWith('Raum gebucht: Gruppenraum,'));
    expect(confirmationMails.map((m) => recipients(m))).toEqual(Array(BURST).fill([BOOKER]));
    expect(confirmationMails.map((m) => bookingIdInMail(m.text ?? '')).sort((a, b) => a! - b!)).toEqual(bookingIds);
    expect(deliveredWithinMs).toBeLessThan(30_000);
  });
});
