/**
 * The state machine of a concern, in one table: which change is allowed from which state, which states are
 * closed, and how an answer (of an office through its link, or of staff) moves the concern. Pure, so the rules
 * are tested without a database.
 */
import type { ConcernStatus } from '../../../../db/schema';

export type { ConcernStatus } from '../../../../db/schema';

/** What an office (or staff in its place) can answer. */
export const answerKinds = ['in_arbeit', 'erledigt', 'nicht_zustaendig', 'abgelehnt'] as const;
export type AnswerKind = (typeof answerKinds)[number];

/** Staff may also record that a Quartiershelfer*in removed it. */
export const staffAnswerKinds = [...answerKinds, 'selbst_beseitigt'] as const;
export type StaffAnswerKind = (typeof staffAnswerKinds)[number];

export const closedStatuses: readonly ConcernStatus[] = ['erledigt', 'nicht_entsprochen', 'selbst_beseitigt', 'dublette'];

/** States in which the concern is still with the Quartiersmanagement or an office. */
export const openStatuses: readonly ConcernStatus[] = ['neu', 'in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'];

export function isClosed(status: ConcernStatus): boolean {
  return closedStatuses.includes(status);
}

/** The state an answer leads to. "Nicht zuständig" hands it back to staff, who forward it to the named office. */
export function statusAfterAnswer(kind: StaffAnswerKind): ConcernStatus {
  switch (kind) {
    case 'in_arbeit':
      return 'in_arbeit';
    case 'erledigt':
      return 'erledigt';
    case 'nicht_zustaendig':
      return 'antwort_erhalten';
    case 'abgelehnt':
      return 'nicht_entsprochen';
    case 'selbst_beseitigt':
      return 'selbst_beseitigt';
  }
}

export type Change = 'review' | 'forward' | 'answer' | 'merge' | 'reopen';

const allowed: Record<Change, readonly ConcernStatus[]> = {
  review: ['neu'],
  // Forwarding again is how a concern goes to the office named by "nicht zuständig", or back after a reopen.
  forward: ['neu', 'in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'],
  answer: ['neu', 'in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'],
  merge: ['neu', 'in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit'],
  // A resident's "nicht behoben" or staff reopening a closed concern.
  reopen: ['erledigt', 'nicht_entsprochen', 'selbst_beseitigt'],
};

export function canChange(status: ConcernStatus, change: Change): boolean {
  return allowed[change].includes(status);
}

/** Which answers an office may give through its link in this state (only while the concern is with it). */
export function officeMayAnswer(status: ConcernStatus): boolean {
  return status === 'weitergeleitet' || status === 'in_arbeit';
}

/** Answers that need a text (the office's name, the reason) or a date. */
export function answerNeeds(kind: StaffAnswerKind): { text: boolean; date: boolean } {
  return { text: kind === 'nicht_zustaendig' || kind === 'abgelehnt', date: kind === 'in_arbeit' };
}

/** Open311 knows two states. */
export function open311Status(status: ConcernStatus): 'open' | 'closed' {
  return isClosed(status) ? 'closed' : 'open';
}
