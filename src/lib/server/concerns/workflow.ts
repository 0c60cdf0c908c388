/**
 * What staff and offices do with a concern: review it, forward it to the responsible office (which gets a
 * personal reply link), answer it (the office through its link, or staff themselves), merge duplicates.
 * Each step checks the state machine (states.ts) and the permission inside the domain, writes the timeline and
 * the audit log, and queues the mails in the same transaction.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import type { Actor } from '../auth/permissions';
import { DomainError, ForbiddenError, problem, type Problem } from '../errors';
import { berlinDate } from '../../time';
import { concernPhotos, concerns, type Concern } from '../../../../db/schema';
import { changeConcern, concernForStaff, getConcern, recordEvent, type ConcernView } from './records';
import { answerNeeds, canChange, officeMayAnswer, statusAfterAnswer, type AnswerKind, type Change, type StaffAnswerKind } from './states';
import { sendAnswerToStaff, sendOfficeMail, sendUpdateToReporters } from './notify';
import { getOffice } from './routing';
import { consumeToken, issueToken, supersedeTokens } from './tokens';
import { discardPhotos } from './photos';

function requireState(concern: Concern, change: Change): void {
  if (!canChange(concern.status, change)) throw new DomainError('conflict', problem('concerns.error.wrongState'));
}

/** neu → in Prüfung: staff have read it; from now on it (and its photos) may be shown publicly. */
export function reviewConcern(db: Db, actor: Actor, id: number, now: Date = new Date()): Concern {
  return db.transaction((tx) => {
    const { concern } = concernForStaff(tx, actor, id);
    requireState(concern, 'review');
    return changeConcern(
      tx,
      concern,
      {
        set: { status: 'in_pruefung', reviewedAt: now },
        event: { kind: 'status', actorUserId: actor.id, isPublic: true },
        audit: { actorUserId: actor.id, action: 'concern.review' },
      },
      now,
    );
  });
}

/** Sends the concern to an office with a fresh reply link; earlier links of the concern stop working. */
function handToOffice(
  db: Db,
  view: ConcernView,
  officeId: number,
  now: Date,
  mail: { kind: 'forward' | 'reopened'; note?: string },
  change: { actorUserId: number | null; reopened?: boolean },
): Concern {
  const office = getOffice(db, officeId);
  if (!office) throw new DomainError('invalid', problem('concerns.error.officeUnknown', { field: 'office' }));
  const updated = changeConcern(
    db,
    view.concern,
    {
      set: {
        status: 'weitergeleitet',
        officeId,
        forwardedAt: now,
        reminderSentAt: null,
        overdueAt: null,
        reviewedAt: view.concern.reviewedAt ?? now,
        ...(change.reopened ? { reopenedAt: now, resolvedAt: null, feedbackAskedAt: null } : {}),
      },
      event: { kind: change.reopened ? 'reopened' : 'forwarded', officeId, actorUserId: change.actorUserId, note: mail.note ?? '', isPublic: true },
      ...(change.actorUserId !== null
        ? { audit: { actorUserId: change.actorUserId, action: change.reopened ? 'concern.reopen' : 'concern.forward', details: { officeId } } }
        : {}),
    },
    now,
  );
  const fresh = getConcern(db, updated.id)!;
  const token = issueToken(db, updated.id, 'reply', now, officeId);
  sendOfficeMail(db, fresh, office, token, mail.kind, now, mail.note ? { note: mail.note } : {});
  return updated;
}

export function forwardConcern(db: Db, actor: Actor, id: number, input: { officeId: number; note?: string | undefined }, now: Date = new Date()): Concern {
  return db.transaction((tx) => {
    const view = concernForStaff(tx, actor, id);
    requireState(view.concern, 'forward');
    const updated = handToOffice(tx, view, input.officeId, now, { kind: 'forward', ...(input.note ? { note: input.note } : {}) }, { actorUserId: actor.id });
    sendUpdateToReporters(tx, getConcern(tx, updated.id)!, now);
    return updated;
  });
}

/** Back to the office it was with (or staff's choice) after the resident said "nicht behoben" or staff reopened it. */
export function reopenToOffice(db: Db, view: ConcernView, now: Date, input: { officeId: number; words: string; actorUserId: number | null }): Concern {
  requireState(view.concern, 'reopen');
  return handToOffice(db, view, input.officeId, now, { kind: 'reopened', note: input.words }, { actorUserId: input.actorUserId, reopened: true });
}

export interface AnswerInput {
  kind: StaffAnswerKind;
  text?: string | undefined;
  /** For "wird erledigt bis …": a Berlin date, not in the past. */
  expectedOn?: string | undefined;
}

function checkAnswer(input: AnswerInput, now: Date): Problem[] {
  const needs = answerNeeds(input.kind);
  const problems: Problem[] = [];
  if (needs.text && !input.text)
    problems.push(problem(input.kind === 'nicht_zustaendig' ? 'concerns.error.responsibleRequired' : 'concerns.error.reasonRequired', { field: 'text' }));
  if (needs.date && !input.expectedOn) problems.push(problem('concerns.error.dateRequired', { field: 'expectedOn' }));
  if (needs.date && input.expectedOn && input.expectedOn < berlinDate(now)) problems.push(problem('concerns.error.datePast', { field: 'expectedOn' }));
  return problems;
}

/** Applies an answer: new state, the answer the resident and the public read, the timeline and the mails. */
function applyAnswer(db: Db, view: ConcernView, input: AnswerInput, now: Date, by: { actorUserId: number | null; officeId: number | null }): Concern {
  const problems = checkAnswer(input, now);
  if (problems.length > 0) throw new DomainError('invalid', problems);
  const status = statusAfterAnswer(input.kind);
  const text = input.text ?? null;
  const updated = changeConcern(
    db,
    view.concern,
    {
      set: {
        status,
        answerText: text ?? (status === view.concern.status ? view.concern.answerText : null),
        ...(input.kind === 'in_arbeit' ? { expectedOn: input.expectedOn ?? null } : {}),
        ...(status === 'erledigt' ? { resolvedAt: now, feedbackAskedAt: null } : {}),
        reminderSentAt: null,
        overdueAt: null,
        reviewedAt: view.concern.reviewedAt ?? now,
      },
      event: { kind: 'answer', note: text ?? '', officeId: by.officeId, actorUserId: by.actorUserId, isPublic: true },
      audit: {
        actorUserId: by.actorUserId,
        action: by.officeId !== null ? 'concern.office_answer' : 'concern.answer',
        details: { kind: input.kind, officeId: by.officeId },
      },
    },
    now,
  );
  const fresh = getConcern(db, updated.id)!;
  sendUpdateToReporters(db, fresh, now, { answer: text });
  return updated;
}

export function answerAsStaff(db: Db, actor: Actor, id: number, input: AnswerInput, now: Date = new Date()): Concern {
  return db.transaction((tx) => {
    const view = concernForStaff(tx, actor, id);
    requireState(view.concern, 'answer');
    // An answer by staff replaces whatever the office could still answer.
    supersedeTokens(tx, id, 'reply', now);
    return applyAnswer(tx, view, input, now, { actorUserId: actor.id, officeId: null });
  });
}

/**
 * The office answers through its link. The link works once: "wird erledigt bis …" sends a new link for the
 * next step ("erledigt"); a used, expired or forged link is refused.
 */
export function answerAsOffice(db: Db, token: string, input: AnswerInput & { kind: AnswerKind }, now: Date = new Date()): Concern {
  return db.transaction((tx) => {
    // Input problems are reported before the link is used up, so the office can correct them.
    const problems = checkAnswer(input, now);
    if (problems.length > 0) throw new DomainError('invalid', problems);
    const used = consumeToken(tx, token, 'reply', now);
    const view = getConcern(tx, used.concernId)!;
    if (!officeMayAnswer(view.concern.status) || view.concern.officeId !== used.officeId) throw new DomainError('conflict', problem('concerns.error.linkUsed'));
    const updated = applyAnswer(tx, view, input, now, { actorUserId: null, officeId: used.officeId });
    const fresh = getConcern(tx, updated.id)!;
    sendAnswerToStaff(tx, fresh, input.text ?? '', now);
    if (input.kind === 'in_arbeit' && fresh.office) {
      sendOfficeMail(tx, fresh, fresh.office, issueToken(tx, updated.id, 'reply', now, fresh.office.id), 'nextStep', now);
    }
    return updated;
  });
}

/**
 * Whether this staff member may mark the concern as a duplicate of the target: both theirs, the concern in a state
 * that can be merged, the target another concern that is not a duplicate itself. The confirmation step asks this
 * before it shows the question; merging asks it again.
 */
export function checkMergeTarget(db: Db, actor: Actor, id: number, targetId: number): { view: ConcernView; target: ConcernView } {
  if (id === targetId) throw new DomainError('invalid', problem('concerns.error.mergeSelf', { field: 'target' }));
  const view = concernForStaff(db, actor, id);
  requireState(view.concern, 'merge');
  const target = getConcern(db, targetId);
  if (!target || target.concern.status === 'dublette') throw new DomainError('invalid', problem('concerns.error.mergeTarget', { field: 'target' }));
  if (target.concern.quartierId !== view.concern.quartierId) concernForStaff(db, actor, targetId);
  return { view, target };
}

/** Marks `id` as a duplicate of `targetId`; its reporters (and those merged into it before) follow the target. */
export function mergeDuplicate(db: Db, actor: Actor, id: number, targetId: number, now: Date = new Date()): Concern {
  return db.transaction((tx) => {
    const { view } = checkMergeTarget(tx, actor, id, targetId);
    supersedeTokens(tx, id, 'reply', now);
    tx.update(concerns).set({ duplicateOfId: targetId, updatedAt: now }).where(eq(concerns.duplicateOfId, id)).run();
    const updated = changeConcern(
      tx,
      view.concern,
      {
        set: { status: 'dublette', duplicateOfId: targetId },
        event: { kind: 'merged', actorUserId: actor.id, note: String(targetId), isPublic: true },
        audit: { actorUserId: actor.id, action: 'concern.merge', details: { targetId } },
      },
      now,
    );
    recordEvent(tx, targetId, { kind: 'merged', actorUserId: actor.id, note: String(id) }, now);
    sendUpdateToReporters(tx, getConcern(tx, id)!, now);
    return updated;
  });
}

/** Staff remove a photo that must not be shown (a face, a number plate). */
export function deletePhoto(db: Db, actor: Actor, concernId: number, photoId: number, now: Date = new Date()): void {
  const fileName = db.transaction((tx) => {
    const view = concernForStaff(tx, actor, concernId);
    const photo = view.photos.find((p) => p.id === photoId);
    if (!photo) throw new ForbiddenError('concerns.error.notFound');
    tx.delete(concernPhotos).where(eq(concernPhotos.id, photoId)).run();
    changeConcern(
      tx,
      view.concern,
      {
        set: {},
        event: { kind: 'note', actorUserId: actor.id, note: 'photo_removed' },
        audit: { actorUserId: actor.id, action: 'concern.photo_delete', details: { photoId } },
      },
      now,
    );
    return photo.fileName;
  });
  discardPhotos([fileName]);
}
