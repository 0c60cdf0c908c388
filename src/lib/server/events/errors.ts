/**
 * What the event domain refuses. Every error is a `DomainError`, so the Action layer answers all of them with the
 * one mapper; a validation error also keeps its field → message map for the domain tests.
 */
import { DomainError, fieldProblems } from '../errors';
import type { MessageKey } from '../../../i18n';

/** Field name → message key of what is wrong with it. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

/** The form has mistakes; every one of them is listed, each next to its field. */
export class EventValidationError extends DomainError {
  readonly fields: FieldErrors;
  constructor(fields: FieldErrors) {
    super('invalid', fieldProblems(fields));
    this.fields = fields;
  }
}

/** A change that is not allowed in the event's current state (e.g. returning a proposal that is already published). */
export class EventStateError extends DomainError {
  constructor(key: MessageKey) {
    super('conflict', { key });
  }
}
