/** The outbox as the admin sees it, and the test mail that proves the mail setting works. */
import { and, desc, eq, like, type SQL } from 'drizzle-orm';
import type { Db, DbConnection } from '../db';
import type { Config } from '../config';
import { outbox, type outboxStatuses } from '../../../../db/schema';
import { translate, type Locale } from '../../../i18n';
import { enqueueComposedMail } from './compose';
import { recipientLocale } from './recipient-locale';
import { createTransportFromConfig, sendMailNow, type SendReport } from './worker';
import { redactLinks } from '../observability/request-log';

export type OutboxStatus = (typeof outboxStatuses)[number];

export interface OutboxRow {
  id: number;
  toAddress: string;
  subject: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

/** What the list shows of a mail (not its body). */
const rowFields = {
  id: outbox.id,
  toAddress: outbox.toAddress,
  subject: outbox.subject,
  kind: outbox.kind,
  status: outbox.status,
  attempts: outbox.attempts,
  nextAttemptAt: outbox.nextAttemptAt,
  lastError: outbox.lastError,
  sentAt: outbox.sentAt,
  createdAt: outbox.createdAt,
};

export function listOutbox(db: Db, filter: { status?: OutboxStatus | ''; search?: string }, limit = 100): OutboxRow[] {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(outbox.status, filter.status));
  const search = filter.search?.trim().toLowerCase().replace(/[%_]/g, '');
  if (search) conditions.push(like(outbox.toAddress, `%${search}%`));
  return db
    .select(rowFields)
    .from(outbox)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit)
    .all();
}

export function countOutbox(db: Db): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const row of db.select({ status: outbox.status }).from(outbox).all()) counts[row.status]++;
  return counts;
}

export interface TestMailResult extends SendReport {
  transport: string;
}

/** Queues a test mail to the admin and sends it at once through the configured transport. */
export async function sendTestMail(db: DbConnection, config: Config, to: string, adminLocale: Locale): Promise<TestMailResult> {
  const params = { site: config.siteName };
  // The admin's language unless the address belongs to an account: the test shows what a person there would get.
  const locale = recipientLocale(db, { email: to, recordLocale: adminLocale });
  const id = enqueueComposedMail(db, {
    to,
    locale,
    kind: 'admin-test',
    subject: translate(locale, 'mail.test.subject', params),
    paragraphs: [translate(locale, 'mail.test.body', params)],
    reason: translate(locale, 'mail.test.reason', params),
  });
  const transport = createTransportFromConfig(config);
  try {
    const report = id === null ? { sent: 0, failed: 0, errors: [] } : await sendMailNow(db, transport, config, id);
    return { ...report, transport: transport.describe() };
  } finally {
    transport.close();
  }
}

export interface OutboxMailForReading extends OutboxRow {
  textBody: string;
}

/**
 * One mail as the admin reads it: the plain text only (never the HTML, which is not ours to render here), with the
 * secrets of its links redacted even while it waits to be sent — the admin needs to see what a person was told, not
 * a working one-time link in their name. Sent mails are stored redacted already (worker.ts).
 */
export function getOutboxMail(db: Db, id: number): OutboxMailForReading | null {
  const mail = db
    .select({ ...rowFields, textBody: outbox.textBody })
    .from(outbox)
    .where(eq(outbox.id, id))
    .get();
  return mail ? { ...mail, textBody: redactLinks(mail.textBody) } : null;
}
