/**
 * The one Action guard: who is asking (`requireUser`, `requireSession`, `requireAdmin`, `requireStaff`), and the
 * one way an Action refuses (`rejectForm`) or turns a domain error into an answer (`toActionError`, applied to every
 * handler by `formHandler`). Problems travel as message keys with parameters (`src/lib/forms/messages.ts`);
 * the page translates them (`readForm` in `src/components/forms/form-state.ts`).
 *
 * Guards answer "is anybody logged in / what role". Whether *this* user may change *this* object is decided
 * inside the domain (permissions.ts), which throws a `DomainError` of kind 'forbidden'.
 */
import { ActionError, type ActionAPIContext, type ActionErrorCode } from 'astro:actions';
import { DomainError, UnconfirmedWarningsError, type DomainErrorKind } from '../lib/server/errors';
import { encodeProblems, encodeWarnings, type Problem } from '../lib/forms/messages';
import { isAdmin, isStaff } from '../lib/server/auth/permissions';
import { localeCookie, resolveLocale, type Locale, type MessageKey, type Params } from '../i18n';
import type { User } from '../../db/schema';

type SessionOf = NonNullable<App.Locals['session']>;

const codeOfKind: Record<DomainErrorKind, ActionErrorCode> = {
  invalid: 'BAD_REQUEST',
  conflict: 'CONFLICT',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  unauthorized: 'UNAUTHORIZED',
  rate_limited: 'TOO_MANY_REQUESTS',
};

/**
 * The one server-side check of the confirmation step of a destructive action (cancel, delete, remove): the step's
 * page (`ConfirmStep.astro`) sends `confirm=ja`, with its button or its tick box. A post without it — a forged or
 * outdated form, a bare request — is refused with a 400 and a message, so nothing is ever removed by one click.
 */
export function requireConfirmed(confirmed: boolean, key: MessageKey = 'bo.confirm.missing'): void {
  if (!confirmed) refuse('BAD_REQUEST', key, { field: 'confirm' });
}

/** Refuses the submitted form with these problems (each next to its field, all listed in the summary). */
export function rejectForm(problems: Problem | readonly Problem[], code: ActionErrorCode = 'BAD_REQUEST'): never {
  throw new ActionError({ code, message: encodeProblems(Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem]) });
}

/** One problem, for the common case. */
export function refuse(code: ActionErrorCode, key: MessageKey, options: { field?: string; params?: Params } = {}): never {
  rejectForm({ key, ...options }, code);
}

/**
 * Maps a domain error to the Action's answer; anything else (a bug) is thrown on and becomes a 500. Unconfirmed
 * warnings become the "warning — save anyway" answer (the page shows it with status 200, see `readForm`), which
 * carries `carry`: submitted values the "Trotzdem speichern" button must send again.
 */
export function toActionError(error: unknown, carry: Record<string, string> = {}): never {
  if (error instanceof ActionError) throw error;
  if (error instanceof UnconfirmedWarningsError) {
    throw new ActionError({ code: 'CONFLICT', message: encodeWarnings({ warnings: [...error.problems], confirmation: error.confirmation, carry }) });
  }
  if (error instanceof DomainError) rejectForm(error.problems, codeOfKind[error.kind]);
  throw error;
}

/**
 * Wraps an Action handler so every domain error it throws is answered the same way. `carry` names input fields a
 * submit button sets (`intent`): a warning answer sends their values back, so "Trotzdem speichern" saves as the
 * button first clicked would have.
 */
export function formHandler<I, O>(
  handler: (input: I, context: ActionAPIContext) => O | Promise<O>,
  options: { carry?: readonly (keyof I & string)[] } = {},
): (input: I, context: ActionAPIContext) => Promise<O> {
  return async (input, context) => {
    try {
      return await handler(input, context);
    } catch (error) {
      const carried = (options.carry ?? []).flatMap((name) => {
        const value = (input as Record<string, unknown>)[name];
        return typeof value === 'string' ? [[name, value] as const] : [];
      });
      toActionError(error, Object.fromEntries(carried));
    }
  };
}

export function requireSession(context: ActionAPIContext): { user: User; session: SessionOf } {
  const { user, session } = context.locals;
  if (!user || !session) refuse('UNAUTHORIZED', 'form.error.loginRequired');
  return { user, session };
}

export function requireUser(context: ActionAPIContext): User {
  return requireSession(context).user;
}

export function requireAdmin(context: ActionAPIContext): User {
  const user = requireUser(context);
  if (!isAdmin(user)) refuse('FORBIDDEN', 'form.error.forbidden');
  return user;
}

/** Staff or admin; whether they may act on the object at hand is checked by the domain. */
export function requireStaff(context: ActionAPIContext): User {
  const user = requireUser(context);
  if (!isStaff(user)) refuse('FORBIDDEN', 'form.error.forbidden');
  return user;
}

/** The reader's language, for mails an Action queues. */
export function actionLocale(context: ActionAPIContext): Locale {
  return resolveLocale(context.cookies.get(localeCookie)?.value, context.request.headers.get('accept-language'));
}
