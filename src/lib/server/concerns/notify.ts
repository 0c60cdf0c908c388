/**
 * Every mail of the concerns area, queued inside the transaction of the change that causes it.
 * - Residents get mails in the language they reported in, and only once their address is confirmed; the
 *   confirmation mail itself never repeats what they wrote (anyone can type in someone else's address).
 * - Offices get the concern without the reporter's contact, with their personal reply link.
 * - Reporters of merged duplicates get the updates of the concern they were merged into.
 */
import { and, eq, isNotNull, isNull, or } from 'drizzle-orm';
import type { Db } from '../db';
import { absoluteUrl, enqueueComposedMail } from '../mail/compose';
import { translate, type Locale, type MessageKey } from '../../../i18n';
import { concerns, quartiere, type Concern, type ConcernOffice } from '../../../../db/schema';
import { statusLabel } from './labels';
import { recipientLocale } from '../mail/recipient-locale';
import type { ConcernView } from './records';
import { concernPaths } from './paths';

export function sendConfirmationMail(db: Db, view: ConcernView, token: string, now: Date): void {
  const { concern } = view;
  if (!concern.reporterEmail) return;
  const locale = recipientLocale(db, { email: concern.reporterEmail, recordLocale: concern.reporterLocale });
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(locale, key, params);
  enqueueComposedMail(
    db,
    {
      to: concern.reporterEmail,
      locale,
      kind: 'concern-confirm',
      subject: t('concerns.mail.confirm.subject', { id: concern.id }),
      // Category and Quartier only: the address is not confirmed yet, so the reporter's words stay out, the name too.
      paragraphs: [
        t('concerns.mail.confirm.body', { id: concern.id, category: view.category.name, quartier: view.quartier.name }),
        t('concerns.mail.confirm.expiry'),
      ],
      action: { label: t('concerns.mail.confirm.action'), url: concernPaths.confirm(token) },
      reason: t('concerns.mail.reason.reporter'),
    },
    now,
  );
}

interface Reporter {
  id: number;
  email: string;
  name: string | null;
  locale: Locale;
}

/** Confirmed addresses of the concern's reporter and of every duplicate merged into it. */
export function reporterRecipients(db: Db, concernId: number): Reporter[] {
  return db
    .select({ id: concerns.id, email: concerns.reporterEmail, name: concerns.reporterName, locale: concerns.reporterLocale })
    .from(concerns)
    .where(
      and(
        or(eq(concerns.id, concernId), eq(concerns.duplicateOfId, concernId)),
        isNotNull(concerns.reporterEmail),
        isNotNull(concerns.emailConfirmedAt),
        isNull(concerns.contactRemovedAt),
      ),
    )
    .all()
    .filter((r): r is typeof r & { email: string } => r.email !== null)
    .map((r) => ({ ...r, locale: recipientLocale(db, { email: r.email, recordLocale: r.locale }) }));
}

/** Tells every reporter what happened: the new state, the answer in the office's words, the public page. */
export function sendUpdateToReporters(db: Db, view: ConcernView, now: Date, options: { answer?: string | null } = {}): void {
  const { concern } = view;
  for (const reporter of reporterRecipients(db, concern.id)) {
    const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(reporter.locale, key, params);
    const state = statusLabel(concern.status, reporter.locale, concern, view.office?.name);
    const paragraphs = [t('concerns.mail.update.body', { id: concern.id, category: view.category.name, state })];
    if (options.answer) paragraphs.push(t('concerns.mail.update.answer', { answer: options.answer }));
    if (reporter.id !== concern.id) paragraphs.push(t('concerns.mail.update.merged', { own: reporter.id, id: concern.id }));
    const publicPage = concern.isPublic && concern.reviewedAt !== null;
    enqueueComposedMail(
      db,
      {
        to: reporter.email,
        locale: reporter.locale,
        kind: 'concern-update',
        subject: t('concerns.mail.update.subject', { id: concern.id, state }),
        recipientName: reporter.name,
        paragraphs,
        ...(publicPage ? { action: { label: t('concerns.mail.update.action'), url: concernPaths.public(concern.id) } } : {}),
        reason: t('concerns.mail.reason.reporter'),
      },
      now,
    );
  }
}

export function sendFeedbackQuestion(
  db: Db,
  reporter: Pick<Concern, 'id' | 'reporterEmail' | 'reporterName' | 'reporterLocale'>,
  rootId: number,
  token: string,
  now: Date,
): void {
  if (!reporter.reporterEmail) return;
  const locale = recipientLocale(db, { email: reporter.reporterEmail, recordLocale: reporter.reporterLocale });
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(locale, key, params);
  enqueueComposedMail(
    db,
    {
      to: reporter.reporterEmail,
      locale,
      kind: 'concern-feedback',
      subject: t('concerns.mail.feedback.subject', { id: rootId }),
      recipientName: reporter.reporterName,
      paragraphs: [t('concerns.mail.feedback.body', { id: rootId }), t('concerns.mail.feedback.hint')],
      action: { label: t('concerns.mail.feedback.action'), url: concernPaths.feedback(token) },
      reason: t('concerns.mail.reason.reporter'),
      dedupeKey: `concern-feedback:${reporter.id}:${rootId}:${now.getTime()}`,
    },
    now,
  );
}

export type OfficeMailKind = 'forward' | 'reminder' | 'reopened' | 'nextStep';

/** The office's mail: what, where, photos, the resident's words when reopened — never who reported it. */
export function sendOfficeMail(
  db: Db,
  view: ConcernView,
  office: ConcernOffice,
  token: string,
  kind: OfficeMailKind,
  now: Date,
  extra: { note?: string } = {},
): void {
  const { concern } = view;
  const locale = recipientLocale(db, { email: office.email });
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(locale, key, params);
  const paragraphs = [
    t(`concerns.mail.office.${kind}.body` as MessageKey, { id: concern.id, quartier: view.quartier.name }),
    t('concerns.mail.office.details', { category: view.category.name, place: concern.locationText, text: concern.description }),
  ];
  if (extra.note) paragraphs.push(t('concerns.mail.office.note', { note: extra.note }));
  if (view.photos.length > 0) {
    const links = view.photos.map((photo) => absoluteUrl(concernPaths.photo(photo.fileName, token)));
    paragraphs.push([t('concerns.mail.office.photos', { count: view.photos.length }), ...links].join('\n'));
  }
  paragraphs.push(t('concerns.mail.office.howTo'));
  enqueueComposedMail(
    db,
    {
      to: office.email,
      locale,
      kind: `concern-office-${kind}`,
      subject: t(`concerns.mail.office.${kind}.subject` as MessageKey, { id: concern.id, category: view.category.name }),
      recipientName: office.name,
      paragraphs,
      action: { label: t('concerns.mail.office.action'), url: concernPaths.reply(token) },
      reason: t('concerns.mail.reason.office', { quartier: view.quartier.name }),
    },
    now,
  );
}

/** The Quartiersmanagement hears of every answer an office gave (it may have to call a resident back). */
export function sendAnswerToStaff(db: Db, view: ConcernView, answer: string, now: Date): void {
  const contact = db.select({ email: quartiere.contactEmail }).from(quartiere).where(eq(quartiere.id, view.concern.quartierId)).get()?.email;
  if (!contact) return;
  const locale = recipientLocale(db, { email: contact });
  const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(locale, key, params);
  const state = statusLabel(view.concern.status, locale, view.concern, view.office?.name);
  enqueueComposedMail(
    db,
    {
      to: contact,
      locale,
      kind: 'concern-staff-answer',
      subject: t('concerns.mail.staff.subject', { id: view.concern.id, state }),
      paragraphs: [t('concerns.mail.staff.body', { id: view.concern.id, office: view.office?.name ?? '–', state, answer: answer || '–' })],
      action: { label: t('concerns.mail.staff.action'), url: concernPaths.staff(view.concern.id) },
      reason: t('concerns.mail.reason.staff', { quartier: view.quartier.name }),
    },
    now,
  );
}
