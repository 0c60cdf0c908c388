/**
 * What the event domain refuses. Every error is a `DomainError`, so the Action layer answers all of them with the
 * one mapper.
 */
import { DomainError, FormValidationError } from '../errors';
import type { MessageKey } from '../../../i18n';

export type { FieldErrors } from '../errors';

/** The event form (or a reason, a moved date) has mistakes; every one of them is listed, each next to its field. */
export class EventValidationError extends FormValidationError {}

/** A change that is not allowed in the event's current state (e.g. returning a proposal that is already published). */
export class EventStateError extends DomainError {
  constructor(key: MessageKey) {
    super('conflict', { key });
  }
}
