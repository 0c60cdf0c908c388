/**
 * One way for pages to read what was wrong with a submitted form, whether zod rejected the input shape or a
 * domain rule failed (those travel as BAD_REQUEST with the field map as JSON, since Astro only builds input
 * errors from zod issues). Values are message keys the page translates (room booking sends texts already translated, as they carry numbers).
 */
import { ActionError, isInputError } from 'astro:actions';

const FIELD_ERRORS_PREFIX = 'fields:';

/** Throws the domain's field errors as a 400 the form page can show next to the fields. */
export function throwFieldErrors(fields: Partial<Record<string, string>>): never {
  throw new ActionError({ code: 'BAD_REQUEST', message: FIELD_ERRORS_PREFIX + JSON.stringify(fields) });
}

/** Field → message key, or an empty object when the result is not a field error. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (isInputError(error)) {
    return Object.fromEntries(
      Object.entries(error.fields).map(([key, messages]) => [key, String((messages as string[] | undefined)?.[0] ?? 'bo.err.invalid')]),
    );
  }
  if (error instanceof ActionError && error.code === 'BAD_REQUEST' && error.message.startsWith(FIELD_ERRORS_PREFIX)) {
    try {
      return JSON.parse(error.message.slice(FIELD_ERRORS_PREFIX.length)) as Record<string, string>;
    } catch {
      return {};
    }
  }
  return {};
}
