/**
 * The one base class of the domain's errors. A domain function that refuses something throws a `DomainError`
 * (or a subclass that adds typed details) saying what kind of refusal it is and which problems the person can fix;
 * the Action layer maps every `DomainError` to an answer with one function (`toActionError` in
 * `src/actions/guard.ts`), so no area writes its own mapping.
 */
import { createHash } from 'node:crypto';
import type { MessageKey, Params } from '../../i18n';
import type { Problem } from '../forms/messages';

export type { Problem } from '../forms/messages';

/** What kind of refusal it is; decides the HTTP status of the answer. */
export type DomainErrorKind = 'invalid' | 'conflict' | 'forbidden' | 'not_found' | 'unauthorized' | 'rate_limited';

export class DomainError extends Error {
  readonly kind: DomainErrorKind;
  readonly problems: readonly Problem[];

  constructor(kind: DomainErrorKind, problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(list.map((p) => (p.field ? `${p.field}: ${p.key}` : p.key)).join('; ') || kind);
    this.name = new.target.name;
    this.kind = kind;
    this.problems = list;
  }
}

/** Shorthand for the most common problem: one message, optionally next to one field. */
export function problem(key: MessageKey, options: { field?: string; params?: Params } = {}): Problem {
  return { key, ...(options.field ? { field: options.field } : {}), ...(options.params ? { params: options.params } : {}) };
}

export class ForbiddenError extends DomainError {
  constructor(key: MessageKey = 'form.error.forbidden') {
    super('forbidden', { key });
  }
}

export class NotFoundError extends DomainError {
  constructor(key: MessageKey = 'form.error.notFound') {
    super('not_found', { key });
  }
}

/** Field name → message key: how a domain check collects everything wrong with a form before refusing it. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

/**
 * A form with mistakes: every one is listed, each next to its field, in the order the check found them. Keeps the
 * field → message map, which domain tests compare. Areas subclass it to say whose form it is.
 */
export class FormValidationError extends DomainError {
  readonly fields: FieldErrors;
  constructor(fields: FieldErrors) {
    super(
      'invalid',
      Object.entries(fields).flatMap(([field, key]) => (key ? [{ key, field }] : [])),
    );
    this.fields = fields;
  }
}

/**
 * What a person confirms with "Trotzdem speichern": a digest of exactly the warnings they were shown. A form
 * changed after the warning (another date, another place) gives other warnings, which are then shown first.
 */
export function warningsConfirmation(warnings: readonly Problem[]): string {
  return createHash('sha256')
    .update(JSON.stringify(warnings.map((w) => [w.key, w.params ?? {}, w.field ?? null])))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Soft problems (the house is closed then): nothing is wrong with the form, but the save waits until the person
 * has seen these warnings and confirms them. The Action layer answers it as a question with the input kept, not
 * as an error (`toActionError`).
 */
export class UnconfirmedWarningsError extends DomainError {
  readonly confirmation: string;
  constructor(warnings: readonly Problem[]) {
    super('conflict', warnings);
    this.confirmation = warningsConfirmation(warnings);
  }
}

/** Goes on when there is nothing to warn about or the form confirmed exactly these warnings; else holds the save back. */
export function requireConfirmedWarnings(warnings: readonly Problem[], confirmation: string | null | undefined): void {
  if (warnings.length === 0 || confirmation === warningsConfirmation(warnings)) return;
  throw new UnconfirmedWarningsError(warnings);
}
