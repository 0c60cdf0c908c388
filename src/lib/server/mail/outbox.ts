/**
 * Writing mails: callers put a mail into the outbox inside the same transaction as the change that causes
 * it, so a crash or an SMTP outage never loses one. The worker (worker.ts) sends what is due.
 */
import type { Db } from '../db';
import { outbox, type MailAttachment } from '../../../../db/schema';

export interface MailToSend {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Template name, e.g. `booking-confirmed`. */
  kind: string;
  /** Mails that must go out only once (reminders) carry a key; a second one with the same key is ignored. */
  dedupeKey?: string;
  attachments?: MailAttachment[];
}

/** Queues a mail; returns its outbox id, or null when a mail with the same dedupe key exists already. */
export function enqueueMail(db: Db, mail: MailToSend, now: Date = new Date()): number | null {
  const row = db
    .insert(outbox)
    .values({
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      attachments: mail.attachments?.length ? mail.attachments : null,
      kind: mail.kind,
      dedupeKey: mail.dedupeKey ?? null,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id })
    .get();
  return row?.id ?? null;
}
