import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, gt } from 'drizzle-orm';
import { eventOccurrences, events, outbox, signups } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { demoDb } from '../helpers/db';
import { redactLinks, redactUrl } from '../../src/lib/server/observability/request-log';
import { enqueueMail } from '../../src/lib/server/mail/outbox';
import { purgeMailFiles, purgeSentMails, sendDueMails, type MailMessage, type MailTransport } from '../../src/lib/server/mail/worker';
import { cancelRegistrationByToken, expireManageLinks, getRegistrationByToken, registerForOccurrence } from '../../src/lib/server/registrations/events';

const TOKEN = 'k3v7q2x9m4n8p5r6t1w0y2z3a4b5c6d7';

describe('one-time links in the request log', () => {
  it('redacts secrets inside return addresses, also nested and encoded twice', () => {
    const once = redactUrl(new URL(`http://x/anmelden?zurueck=${encodeURIComponent(`/konto/einladung?token=${TOKEN}`)}`));
    expect(once).not.toContain(TOKEN);
    expect(decodeURIComponent(decodeURIComponent(once))).toContain('/konto/einladung?token=[redacted]');
    const twice = redactUrl(
      new URL(`http://x/sprache?lang=de&zurueck=${encodeURIComponent(`/anmelden?zurueck=${encodeURIComponent(`/anmeldung/${TOKEN}`)}`)}`),
    );
    expect(twice).not.toContain(TOKEN);
    const bare = redactUrl(new URL(`http://x/irgendwo?weiter=${TOKEN}`));
    expect(bare).not.toContain(TOKEN);
    expect(redactUrl(new URL('http://x/veranstaltungen?quartier=kray&zurueck=%2Forte'))).toBe('/veranstaltungen?quartier=kray&zurueck=%2Forte');
  });
});

describe('stored mails', () => {
  let db: DbConnection;
  beforeEach(async () => {
    db = (await demoDb()).db;
  });
  afterEach(() => db.$client.close());

  const sent: MailMessage[] = [];
  const transport: MailTransport = { describe: () => 'test', send: async (m) => void sent.push(m), close: () => {} };
  const config = { mailFrom: 'Portal <portal@example.org>', publicUrl: 'https://portal.example' };

  it('loses the secrets of its links once sent; the person got them in the mail', async () => {
    const links = [
      `https://portal.example/konto/einladung?token=${TOKEN}`,
      `https://portal.example/anmeldung/${TOKEN}`,
      `https://portal.example/passwort-neu?token=${TOKEN}&x=1`,
    ];
    enqueueMail(db, {
      to: 'gast@example.org',
      subject: 'Links',
      kind: 'test-links',
      text: `Bitte folgen Sie:\n${links.join('\n')}.\nDanke`,
      html: `<p><a href="${links[2]!.replace('&', '&amp;')}">Link</a> ${links[0]}</p>`,
    });
    expect(redactLinks(links[1]!)).toBe('https://portal.example/anmeldung/[redacted]');
    const report = await sendDueMails(db, transport, config);
    expect(report.sent).toBe(1);
    expect(sent.at(-1)!.text).toContain(TOKEN);
    const stored = db.select().from(outbox).where(eq(outbox.kind, 'test-links')).get()!;
    expect(stored.status).toBe('sent');
    expect(stored.textBody).not.toContain(TOKEN);
    expect(stored.htmlBody).not.toContain(TOKEN);
    expect(stored.textBody).toContain('https://portal.example/konto/einladung?token=');
    expect(stored.textBody).toContain('Danke');
  });

  it('deletes mails that could not be sent 90 days after they were written, and .eml files as old', () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const old = new Date('2026-08-01T12:00:00Z');
    const recent = new Date('2026-11-20T12:00:00Z');
    for (const createdAt of [old, recent]) {
      const id = enqueueMail(db, { to: 'x@example.org', subject: 's', kind: 'failed-test', text: `t ${createdAt.getTime()}` }, createdAt)!;
      db.update(outbox).set({ status: 'failed', attempts: 15 }).where(eq(outbox.id, id)).run();
    }
    expect(purgeSentMails(db, now)).toBe(1);
    expect(
      db
        .select()
        .from(outbox)
        .where(eq(outbox.kind, 'failed-test'))
        .all()
        .map((m) => m.createdAt),
    ).toEqual([recent]);

    const dir = mkdtempSync(join(tmpdir(), 'eml-'));
    writeFileSync(join(dir, 'alt.eml'), 'old');
    writeFileSync(join(dir, 'neu.eml'), 'new');
    writeFileSync(join(dir, 'notiz.txt'), 'not a mail');
    writeFileSync(join(dir, '.abgebrochen.eml.part'), 'half a mail from a crash');
    utimesSync(join(dir, 'alt.eml'), old, old);
    utimesSync(join(dir, '.abgebrochen.eml.part'), old, old);
    utimesSync(join(dir, 'neu.eml'), recent, recent);
    expect(purgeMailFiles(dir, now)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['neu.eml', 'notiz.txt']);
  });
});

describe('guest manage links', () => {
  let db: DbConnection;
  beforeEach(async () => {
    db = (await demoDb()).db;
  });
  afterEach(() => db.$client.close());

  it('stop working when the event is over, and are forgotten', () => {
    const now = new Date();
    const occurrence = db
      .select({ id: eventOccurrences.id, endsAt: eventOccurrences.endsAt })
      .from(eventOccurrences)
      .innerJoin(events, eq(events.id, eventOccurrences.eventId))
      .where(and(eq(events.registrationRequired, true), eq(events.status, 'published'), gt(eventOccurrences.startsAt, now)))
      .orderBy(eventOccurrences.startsAt)
      .get()!;
    const ctx = { baseUrl: 'https://portal.example', locale: 'de' as const, now };
    const result = registerForOccurrence(db, { occurrenceId: occurrence.id, user: null, name: 'Gerda Gast', email: 'gerda@example.org', places: 1 }, ctx);
    const token = result.manageToken!;
    expect(getRegistrationByToken(db, token, now)).not.toBeNull();
    const after = new Date(occurrence.endsAt.getTime() + 60_000);
    expect(getRegistrationByToken(db, token, after)).toBeNull();
    expect(cancelRegistrationByToken(db, token, { ...ctx, now: after })).toBeNull();
    expect(expireManageLinks(db, now)).toBe(0);
    expect(expireManageLinks(db, after)).toBeGreaterThanOrEqual(1);
    expect(db.select().from(signups).where(eq(signups.email, 'gerda@example.org')).get()!.manageTokenHash).toBeNull();
  });
});
