/**
 * Sends what is due in the outbox. A mail is claimed by setting `lockedUntil` inside an IMMEDIATE
 * transaction, so two workers (or a worker and the admin's "send now") never send the same mail; a crashed
 * worker's claim runs out after the lock time and the mail is tried again. Failures are recorded and retried
 * with exponential back-off; after MAX_ATTEMPTS the mail is marked failed and shown to the admin.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm';
import type { Db, DbConnection } from '../db';
import type { Config } from '../config';
import { outbox, type MailAttachment, type OutboxMail } from '../../../../db/schema';
import { toBerlin } from '../../time';
import { redactLinks } from '../observability/request-log';

/** With the back-off below, 15 attempts span about a day and a half of SMTP outage. */
export const MAX_ATTEMPTS = 15;
export const LOCK_MS = 2 * 60 * 1000;
/** Default first wait; MAIL_RETRY_SECONDS changes it (config.mailRetryMs). */
export const BASE_BACKOFF_MS = 60 * 1000;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
export const SENT_RETENTION_DAYS = 90;

/** Delay before attempt n+1 after n failed attempts: 1, 2, 4, 8 … minutes (by default), at most 6 hours. */
export function backoffMs(failedAttempts: number, baseMs: number = BASE_BACKOFF_MS): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

/** What the worker needs of the configuration; without mailRetryMs the default back-off applies. */
export type WorkerConfig = Pick<Config, 'mailFrom' | 'publicUrl'> & Partial<Pick<Config, 'mailRetryMs'>>;

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
  messageId: string;
}

export interface MailTransport {
  /** Where mails go, for the admin page (never the password). */
  describe(): string;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer (SMTP_URL). Short timeouts so that an outage does not block the worker. */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as Parameters<typeof nodemailer.createTransport>[1]);
  const url = new URL(smtpUrl);
  return {
    describe: () => `SMTP ${url.protocol}//${url.hostname}${url.port ? ':' + url.port : ''}`,
    async send(message) {
      await transporter.sendMail({ ...message, html: message.html });
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP the mails are written as .eml files (one per mail) for the admin and for tests. */
export function createFileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: () => `Dateien in ${dir}`,
    async send(message) {
      const info = (await transporter.sendMail(message)) as { message: Buffer };
      mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.messageId.replace(/[^a-z0-9]+/gi, '_')}.eml`;
      // Written under another name and renamed, so whoever reads the folder (an admin's mail program, a test)
      // never sees a half-written mail: a rename within one folder is atomic.
      const partial = join(dir, `.${name}.part`);
      writeFileSync(partial, info.message);
      renameSync(partial, join(dir, name));
    },
    close: () => transporter.close(),
  };
}

export function createTransportFromConfig(config: Pick<Config, 'smtpUrl' | 'mailDir'>): MailTransport {
  return config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createFileTransport(config.mailDir);
}

function messageFor(mail: OutboxMail, config: Pick<Config, 'mailFrom' | 'publicUrl'>): MailMessage {
  const host = new URL(config.publicUrl).hostname;
  return {
    from: config.mailFrom,
    to: mail.toAddress,
    subject: mail.subject,
    text: mail.textBody,
    ...(mail.htmlBody ? { html: mail.htmlBody } : {}),
    ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
    // Stable per outbox row, so a receiving server can recognise a retry of the same mail.
    messageId: `<outbox-${mail.id}-${mail.createdAt.getTime()}@${host}>`,
  };
}

/** Claims up to `limit` due mails for this worker; returns them. */
export function claimDueMails(db: DbConnection, now: Date, limit = 20, onlyId?: number): OutboxMail[] {
  return db.transaction((tx) => {
    const due = tx
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          onlyId === undefined ? lte(outbox.nextAttemptAt, now) : eq(outbox.id, onlyId),
          or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit)
      .all();
    const lockedUntil = new Date(now.getTime() + LOCK_MS);
    for (const mail of due) tx.update(outbox).set({ lockedUntil }).where(eq(outbox.id, mail.id)).run();
    return due.map((mail) => ({ ...mail, lockedUntil }));
  });
}

/**
 * Renews this worker's claim right before sending. A run through a slow SMTP server can outlast the claim
 * of the mails at the end of its batch; if one of them was claimed meanwhile by someone else (the admin's
 * "send now", or a second process during a restart), the claim no longer matches and the mail is left alone.
 */
function renewClaim(db: Db, mail: OutboxMail, now: Date): boolean {
  if (!mail.lockedUntil) return false;
  return (
    db
      .update(outbox)
      .set({ lockedUntil: new Date(now.getTime() + LOCK_MS) })
      .where(and(eq(outbox.id, mail.id), eq(outbox.status, 'pending'), eq(outbox.lockedUntil, mail.lockedUntil)))
      .run().changes > 0
  );
}

/**
 * Marks the mail sent. The kept copy loses the secrets of its links (confirmation, reset, invitation and manage
 * links): the person has the mail now, and the outbox must not be a second key to their account or place.
 */
function recordSent(db: Db, mail: OutboxMail, attempts: number, now: Date): void {
  db.update(outbox)
    .set({
      status: 'sent',
      sentAt: now,
      attempts,
      lockedUntil: null,
      lastError: null,
      textBody: redactLinks(mail.textBody),
      htmlBody: mail.htmlBody === null ? null : redactLinks(mail.htmlBody),
    })
    .where(eq(outbox.id, mail.id))
    .run();
}

function recordFailure(db: Db, id: number, attempts: number, error: unknown, now: Date, retryBaseMs: number): void {
  const message = error instanceof Error ? error.message : String(error);
  db.update(outbox)
    .set({
      attempts,
      lockedUntil: null,
      lastError: message.slice(0, 1000),
      status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, retryBaseMs)),
    })
    .where(eq(outbox.id, id))
    .run();
}

export interface SendReport {
  sent: number;
  failed: number;
  errors: string[];
}

/** Sends every due mail once; returns what happened. */
export async function sendDueMails(
  db: DbConnection,
  transport: MailTransport,
  config: WorkerConfig,
  now: () => Date = () => new Date(),
  onlyId?: number,
): Promise<SendReport> {
  const report: SendReport = { sent: 0, failed: 0, errors: [] };
  const claimed = claimDueMails(db, now(), 20, onlyId);
  for (const mail of claimed) {
    if (!renewClaim(db, mail, now())) continue;
    const attempts = mail.attempts + 1;
    try {
      await transport.send(messageFor(mail, config));
      recordSent(db, mail, attempts, now());
      report.sent++;
    } catch (error) {
      recordFailure(db, mail.id, attempts, error, now(), config.mailRetryMs ?? BASE_BACKOFF_MS);
      report.failed++;
      report.errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return report;
}

/** Sends one mail now regardless of its back-off (admin: "send now", test mail). */
export async function sendMailNow(db: DbConnection, transport: MailTransport, config: WorkerConfig, id: number): Promise<SendReport> {
  return sendDueMails(db, transport, config, () => new Date(), id);
}

/** A failed mail goes back into the queue, due at once (admin "try again"). */
export function retryMail(db: Db, id: number, now: Date = new Date()): boolean {
  return (
    db
      .update(outbox)
      .set({ status: 'pending', nextAttemptAt: now, lockedUntil: null })
      .where(and(eq(outbox.id, id), or(eq(outbox.status, 'failed'), eq(outbox.status, 'pending'))))
      .run().changes > 0
  );
}

/**
 * Deletes what the privacy statement says is kept only for a while: sent mails and mails that could not be sent
 * (after the last attempt) 90 days after they were written, and the .eml files of the file transport as old.
 */
export function purgeSentMails(db: Db, now: Date = new Date()): number {
  const cutoff = toBerlin(now).minus({ days: SENT_RETENTION_DAYS }).toJSDate();
  return db
    .delete(outbox)
    .where(or(and(eq(outbox.status, 'sent'), lt(outbox.sentAt, cutoff)), and(eq(outbox.status, 'failed'), lt(outbox.createdAt, cutoff))))
    .run().changes;
}

/**
 * Deletes .eml files older than the retention period from the mail folder (file transport), and what a crash
 * left half-written; returns how many.
 */
export function purgeMailFiles(dir: string, now: Date = new Date()): number {
  if (!existsSync(dir)) return 0;
  const cutoff = toBerlin(now).minus({ days: SENT_RETENTION_DAYS }).toMillis();
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.eml') && !name.endsWith('.eml.part')) continue;
    const file = join(dir, name);
    if (statSync(file).mtimeMs < cutoff) {
      unlinkSync(file);
      removed++;
    }
  }
  return removed;
}

/** Bytes written as `=XX` (quoted-printable, RFC 2047 Q) read back as UTF-8 text. */
function decodeQuoted(text: string): string {
  return Buffer.from(
    text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

/**
 * What a person reads in an .eml file, good enough to search it: headers with their encoded words decoded, the
 * quoted-printable parts decoded and the base64 parts decoded (nodemailer uses either, depending on the text).
 */
export function readableMailText(raw: string): string {
  const words = raw.replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, kind: string, body: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(body, 'base64').toString('utf8') : decodeQuoted(body.replace(/_/g, ' ')),
  );
  const base64Blocks = [...raw.matchAll(/(?:^|\n)((?:[A-Za-z0-9+/]{16,}={0,2}\r?\n)+)/g)].map((m) =>
    Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'),
  );
  return [words, decodeQuoted(raw), ...base64Blocks].join('\n');
}

/** Deletes the .eml files that mention any of the needles (a deleted person's address or name); returns how many. */
export function deleteMailFilesMentioning(dir: string, needles: readonly string[]): number {
  if (!existsSync(dir)) return 0;
  const wanted = needles.filter((needle) => needle.length >= 3).map((needle) => needle.toLowerCase());
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.eml')) continue;
    const file = join(dir, name);
    const text = readableMailText(readFileSync(file, 'utf8')).toLowerCase();
    if (wanted.some((needle) => text.includes(needle))) {
      unlinkSync(file);
      removed++;
    }
  }
  return removed;
}
