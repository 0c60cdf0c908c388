import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import type { DbConnection } from '../../db/client';
import { freshDb } from '../helpers/db';
import { freePort } from '../helpers/server';
import { enqueueComposedMail } from '../../src/lib/server/mail/compose';
import { enqueueMail } from '../../src/lib/server/mail/outbox';
import {
  backoffMs,
  createFileTransport,
  createSmtpTransport,
  LOCK_MS,
  MAX_ATTEMPTS,
  purgeSentMails,
  sendDueMails,
  sendMailNow,
  type MailTransport,
} from '../../src/lib/server/mail/worker';
import { loopbackSmtp, type LoopbackSmtp } from './smtp';

const config = { mailFrom: 'Quartiersportal <no-reply@quartiersportal.invalid>', publicUrl: 'http://127.0.0.1:4321' };
let smtp: LoopbackSmtp;
let transport: MailTransport;
let db: DbConnection;

beforeAll(async () => {
  smtp = loopbackSmtp(await freePort());
  await smtp.start();
  transport = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
});
afterAll(async () => {
  transport.close();
  await smtp.stop();
});
beforeEach(() => {
  db = freshDb().db;
  smtp.received.length = 0;
});
afterEach(() => db.$client.close());

function queueWelcome(to: string, now = new Date()): number {
  return enqueueComposedMail(
    db,
    {
      to,
      locale: 'de',
      kind: 'test-welcome',
      subject: 'Willkommen im Quartier',
      recipientName: 'Anna <Admin>',
      paragraphs: ['Schön, dass Sie da sind.'],
      action: { label: 'Zum Konto', url: '/konto' },
      reason: 'Sie erhalten diese E-Mail, weil Sie ein Konto angelegt haben.',
    },
    now,
  )!;
}

describe('the outbox worker with a real SMTP server', () => {
  it('delivers queued mails with text and HTML parts, the portal name, the link and the why-line', async () => {
    const id = queueWelcome('anna@example.org');
    const report = await sendDueMails(db, transport, config);
    expect(report).toEqual({ sent: 1, failed: 0, errors: [] });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('Willkommen im Quartier');
    expect(mail!.from?.text).toContain('no-reply@quartiersportal.invalid');
    expect(mail!.text).toContain('Guten Tag Anna <Admin>,');
    expect(mail!.text).toContain('Zum Konto:\nhttp://127.0.0.1:4321/konto');
    expect(mail!.text).toContain('Diese E-Mail kommt vom Quartiersportal');
    expect(mail!.text).toContain('Sie erhalten diese E-Mail, weil Sie ein Konto angelegt haben.');
    expect(mail!.html).toContain('Anna &lt;Admin&gt;');
    expect(mail!.html).toContain('href="http://127.0.0.1:4321/konto"');
    expect(mail!.html).toContain('<html lang="de">');
    const row = db.select().from(outbox).where(eq(outbox.id, id)).get()!;
    expect(row.status).toBe('sent');
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
  });

  it('keeps mails queued while the server is down and delivers them once it is back, each exactly once', async () => {
    const t0 = new Date();
    const id = queueWelcome('bert@example.org', t0);
    await smtp.stop();
    try {
      const down = await sendDueMails(db, transport, config, () => t0);
      expect(down.failed).toBe(1);
      const failed = db.select().from(outbox).where(eq(outbox.id, id)).get()!;
      expect(failed.status).toBe('pending');
      expect(failed.attempts).toBe(1);
      expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(failed.nextAttemptAt.getTime()).toBe(t0.getTime() + backoffMs(1));
      // Within the back-off nothing is tried again.
      expect(await sendDueMails(db, transport, config, () => new Date(t0.getTime() + 30_000))).toEqual({ sent: 0, failed: 0, errors: [] });
    } finally {
      await smtp.start();
    }
    const later = () => new Date(t0.getTime() + backoffMs(1) + 1000);
    expect((await sendDueMails(db, transport, config, later)).sent).toBe(1);
    expect((await sendDueMails(db, transport, config, later)).sent).toBe(0);
    await smtp.waitFor(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual(['bert@example.org']);
    expect(db.select().from(outbox).where(eq(outbox.id, id)).get()!.attempts).toBe(2);
  });

  it('never sends a mail twice when two workers run at the same time', async () => {
    for (let i = 0; i < 6; i++) queueWelcome(`person${i}@example.org`);
    const second = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`);
    try {
      const [a, b] = await Promise.all([sendDueMails(db, transport, config), sendDueMails(db, second, config)]);
      expect(a.sent + b.sent).toBe(6);
    } finally {
      second.close();
    }
    await smtp.waitFor(6);
    await new Promise((r) => setTimeout(r, 300));
    const addresses = smtp.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
    expect(new Set(addresses).size).toBe(6);
    expect(addresses).toHaveLength(6);
  });

  it('waits the configured first retry time (MAIL_RETRY_SECONDS) and doubles it after each failure', async () => {
    const id = enqueueMail(db, { to: 'y@example.org', subject: 's', text: 't', kind: 'k' })!;
    const broken: MailTransport = { describe: () => 'broken', send: () => Promise.reject(new Error('connect ECONNREFUSED')), close: () => {} };
    const quick = { ...config, mailRetryMs: 2_000 };
    const t0 = new Date();
    await sendDueMails(db, broken, quick, () => t0);
    expect(db.select().from(outbox).where(eq(outbox.id, id)).get()!.nextAttemptAt.getTime()).toBe(t0.getTime() + 2_000);
    const t1 = new Date(t0.getTime() + 2_000);
    await sendDueMails(db, broken, quick, () => t1);
    expect(db.select().from(outbox).where(eq(outbox.id, id)).get()!.nextAttemptAt.getTime()).toBe(t1.getTime() + 4_000);
  });

  it('leaves a mail alone whose claim ran out during a slow run and that someone else sent meanwhile', async () => {
    // The worker claimed both mails longer ago than the lock lasts: its SMTP server was slow.
    const claimedAt = () => new Date(Date.now() - LOCK_MS - 1_000);
    queueWelcome('eins@example.org', claimedAt());
    const second = queueWelcome('zwei@example.org', claimedAt());
    const delivered: string[] = [];
    const admin: MailTransport = { describe: () => 'admin', send: async (m) => void delivered.push(m.to), close: () => {} };
    const slow: MailTransport = {
      describe: () => 'slow',
      async send(message) {
        delivered.push(message.to);
        // While the first mail is under way, the admin sends the second one now.
        if (message.to === 'eins@example.org') expect((await sendMailNow(db, admin, config, second)).sent).toBe(1);
      },
      close: () => {},
    };
    const report = await sendDueMails(db, slow, config, claimedAt);
    expect(report.sent).toBe(1);
    expect(delivered.sort()).toEqual(['eins@example.org', 'zwei@example.org']);
    const row = db.select().from(outbox).where(eq(outbox.id, second)).get()!;
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('marks a mail failed after the last attempt and shows the error', async () => {
    const id = enqueueMail(db, { to: 'x@example.org', subject: 's', text: 't', kind: 'k' })!;
    db.update(outbox)
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where(eq(outbox.id, id))
      .run();
    const broken: MailTransport = { describe: () => 'broken', send: () => Promise.reject(new Error('550 mailbox unavailable')), close: () => {} };
    await sendDueMails(db, broken, config);
    const row = db.select().from(outbox).where(eq(outbox.id, id)).get()!;
    expect(row.status).toBe('failed');
    expect(row.lastError).toBe('550 mailbox unavailable');
    expect(await sendDueMails(db, transport, config, () => new Date(Date.now() + 10 * 24 * 3600_000))).toEqual({ sent: 0, failed: 0, errors: [] });
  });
});

describe('without SMTP', () => {
  it('writes each mail as an .eml file into the mail folder, leaving nothing half-written behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-'));
    queueWelcome('carla@example.org');
    const files = createFileTransport(dir);
    expect((await sendDueMails(db, files, config)).sent).toBe(1);
    const names = readdirSync(dir);
    expect(names).toHaveLength(1);
    const [name] = names;
    expect(name).toMatch(/^[^.].*\.eml$/);
    const eml = readFileSync(join(dir, name!), 'utf8');
    expect(eml).toContain('To: carla@example.org');
    expect(eml).toContain('Subject: Willkommen im Quartier');
  });
});

describe('retention', () => {
  it('deletes sent mails after 90 days and keeps newer and unsent ones', () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const old = enqueueMail(db, { to: 'a@example.org', subject: 's', text: 't', kind: 'k' })!;
    const recent = enqueueMail(db, { to: 'b@example.org', subject: 's', text: 't', kind: 'k' })!;
    const pending = enqueueMail(db, { to: 'c@example.org', subject: 's', text: 't', kind: 'k' }, new Date('2026-01-01T00:00:00Z'))!;
    db.update(outbox)
      .set({ status: 'sent', sentAt: new Date('2026-03-01T00:00:00Z') })
      .where(eq(outbox.id, old))
      .run();
    db.update(outbox)
      .set({ status: 'sent', sentAt: new Date('2026-03-05T00:00:00Z') })
      .where(eq(outbox.id, recent))
      .run();
    expect(purgeSentMails(db, now)).toBe(1);
    expect(
      db
        .select({ id: outbox.id })
        .from(outbox)
        .all()
        .map((r) => r.id)
        .sort(),
    ).toEqual([recent, pending].sort());
  });
});
