/**
 * Wiedervorlage and aftercare, run by a background job with an injectable `now` (tests move the clock):
 * - a forwarded concern without an answer after the category's N days reminds the office (with a fresh link);
 * - N days after the reminder it is marked overdue and shows up in the staff work list;
 * - four weeks after "erledigt" every reporter is asked "Ist das Problem behoben?"; "nein" reopens it;
 * - the reporters' contact data are removed N months after the concern was closed (privacy statement).
 */
import { and, eq, inArray, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db';
import { toBerlin } from '../../time';
import { DomainError, problem } from '../errors';
import { concernCategories, concerns, type Concern } from '../../../../db/schema';
import { changeConcern, getConcern, recordEvent } from './records';
import { reporterRecipients, sendFeedbackQuestion, sendOfficeMail, sendUpdateToReporters } from './notify';
import { consumeToken, issueToken } from './tokens';
import { reopenToOffice } from './workflow';
import { concernRetentionMonths, FEEDBACK_AFTER_DAYS } from './settings';

export interface FollowUpReport {
  reminders: number;
  overdue: number;
  feedbackQuestions: number;
  contactsRemoved: number;
}

const daysAfter = (instant: Date, days: number): Date => toBerlin(instant).plus({ days }).toJSDate();

function forwardedWaiting(db: Db, reminded: boolean): { concern: Concern; reminderDays: number }[] {
  return db
    .select({ concern: concerns, reminderDays: concernCategories.reminderDays })
    .from(concerns)
    .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
    .where(
      and(
        eq(concerns.status, 'weitergeleitet'),
        isNotNull(concerns.forwardedAt),
        reminded ? and(isNotNull(concerns.reminderSentAt), isNull(concerns.overdueAt)) : isNull(concerns.reminderSentAt),
      ),
    )
    .all();
}

export function sendOfficeReminders(db: Db, now: Date): number {
  let sent = 0;
  for (const { concern, reminderDays } of forwardedWaiting(db, false)) {
    if (daysAfter(concern.forwardedAt!, reminderDays) > now) continue;
    db.transaction((tx) => {
      const view = getConcern(tx, concern.id)!;
      if (!view.office) return;
      sendOfficeMail(tx, view, view.office, issueToken(tx, concern.id, 'reply', now, view.office.id), 'reminder', now);
      tx.update(concerns).set({ reminderSentAt: now, updatedAt: now }).where(eq(concerns.id, concern.id)).run();
      recordEvent(tx, concern.id, { kind: 'reminder', officeId: view.office.id }, now);
      sent++;
    });
  }
  return sent;
}

export function markOverdue(db: Db, now: Date): number {
  let marked = 0;
  for (const { concern, reminderDays } of forwardedWaiting(db, true)) {
    if (daysAfter(concern.reminderSentAt!, reminderDays) > now) continue;
    db.transaction((tx) => {
      tx.update(concerns).set({ overdueAt: now, updatedAt: now }).where(eq(concerns.id, concern.id)).run();
      recordEvent(tx, concern.id, { kind: 'overdue', officeId: concern.officeId }, now);
    });
    marked++;
  }
  return marked;
}

export function askWhetherFixed(db: Db, now: Date): number {
  const due = daysAfter(now, -FEEDBACK_AFTER_DAYS);
  const candidates = db
    .select()
    .from(concerns)
    .where(and(eq(concerns.status, 'erledigt'), isNull(concerns.feedbackAskedAt), lte(concerns.resolvedAt, due)))
    .all();
  let asked = 0;
  for (const concern of candidates) {
    db.transaction((tx) => {
      for (const reporter of reporterRecipients(tx, concern.id)) {
        const own = tx.select().from(concerns).where(eq(concerns.id, reporter.id)).get()!;
        sendFeedbackQuestion(tx, own, concern.id, issueToken(tx, reporter.id, 'feedback', now), now);
        asked++;
      }
      tx.update(concerns).set({ feedbackAskedAt: now, updatedAt: now }).where(eq(concerns.id, concern.id)).run();
      recordEvent(tx, concern.id, { kind: 'feedback', note: 'asked' }, now);
    });
  }
  return asked;
}

/** Removes name, address and phone of reporters whose concern (and the one it was merged into) closed long ago. */
export function removeOldContacts(db: Db, now: Date, months = concernRetentionMonths()): number {
  const before = toBerlin(now).minus({ months }).toJSDate();
  const closed = db
    .select({ id: concerns.id, duplicateOfId: concerns.duplicateOfId, closedAt: concerns.closedAt })
    .from(concerns)
    .where(and(isNull(concerns.contactRemovedAt), isNotNull(concerns.closedAt), lte(concerns.closedAt, before)))
    .all();
  const rootIds = [...new Set(closed.map((c) => c.duplicateOfId).filter((id): id is number => id !== null))];
  const roots = new Map(
    rootIds.length === 0
      ? []
      : db
          .select({ id: concerns.id, closedAt: concerns.closedAt })
          .from(concerns)
          .where(inArray(concerns.id, rootIds))
          .all()
          .map((r) => [r.id, r.closedAt]),
  );
  // A duplicate's reporter still gets the updates of the open concern it was merged into.
  const ids = closed
    .filter((c) => c.duplicateOfId === null || ((roots.get(c.duplicateOfId) ?? null) !== null && roots.get(c.duplicateOfId)! <= before))
    .map((c) => c.id);
  if (ids.length === 0) return 0;
  db.transaction((tx) => {
    tx.update(concerns).set({ reporterName: null, reporterEmail: null, reporterPhone: null, contactRemovedAt: now }).where(inArray(concerns.id, ids)).run();
    for (const id of ids) recordEvent(tx, id, { kind: 'contact_removed' }, now);
  });
  return ids.length;
}

export function runConcernFollowUps(db: Db, now: Date = new Date()): FollowUpReport {
  return {
    reminders: sendOfficeReminders(db, now),
    overdue: markOverdue(db, now),
    feedbackQuestions: askWhetherFixed(db, now),
    contactsRemoved: removeOldContacts(db, now),
  };
}

/**
 * The resident answers "Ist das Problem behoben?". "Ja" is noted; "nein" reopens the concern and sends it back
 * to the office it was with, with the resident's words (to staff when staff had answered it themselves).
 */
export function answerFeedback(db: Db, token: string, input: { fixed: boolean; words?: string | undefined }, now: Date = new Date()): Concern {
  if (!input.fixed && !input.words) throw new DomainError('invalid', problem('concerns.error.wordsRequired', { field: 'words' }));
  return db.transaction((tx) => {
    const used = consumeToken(tx, token, 'feedback', now);
    const own = tx.select().from(concerns).where(eq(concerns.id, used.concernId)).get()!;
    const root = getConcern(tx, own.duplicateOfId ?? own.id)!;
    if (input.fixed || root.concern.status !== 'erledigt') {
      recordEvent(tx, root.concern.id, { kind: 'feedback', note: input.fixed ? 'fixed' : `not_fixed: ${input.words}` }, now);
      return root.concern;
    }
    const words = input.words!;
    const reopened = root.concern.officeId
      ? reopenToOffice(tx, root, now, { officeId: root.concern.officeId, words, actorUserId: null })
      : changeConcern(
          tx,
          root.concern,
          {
            set: { status: 'in_pruefung', reopenedAt: now, resolvedAt: null, feedbackAskedAt: null },
            event: { kind: 'reopened', note: words, isPublic: true },
          },
          now,
        );
    sendUpdateToReporters(tx, getConcern(tx, reopened.id)!, now);
    return reopened;
  });
}
