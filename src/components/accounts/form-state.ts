/**
 * What a page needs to re-show a form after a failed Action: the message per field (zod input errors and
 * domain errors thrown with `fieldError`), a message for the whole form, and the values the person typed.
 */
import { ActionError, isActionError, isInputError } from 'astro:actions';
import type { MessageKey, Translate } from '../../i18n';

export interface FormState {
  fields: Record<string, string>;
  form: string | null;
  values: Record<string, string>;
  failed: boolean;
}

const FIELD_SEPARATOR = '\u241F';

/** A domain error that belongs next to one field (e.g. "the current password is wrong"). */
export function fieldError(field: string, message: MessageKey, code: 'BAD_REQUEST' | 'UNAUTHORIZED' | 'CONFLICT' = 'BAD_REQUEST'): ActionError {
  return new ActionError({ code, message: `${field}${FIELD_SEPARATOR}${message}` });
}

/** Fields that are never echoed back into the page. */
const secretFields = /password|passwort|token/i;

/**
 * Schemas and Actions carry message keys (they do not know the reader's language); the page translates them.
 */
export async function formState(
  request: Request,
  result: { error?: unknown } | undefined,
  t: Translate,
  /** Secret-looking fields the form must get back to stay usable (e.g. the one-time token of the link it came from). */
  keep: readonly string[] = [],
): Promise<FormState> {
  const state: FormState = { fields: {}, form: null, values: {}, failed: false };
  if (!result?.error) return state;
  state.failed = true;
  const error = result.error;
  if (isInputError(error)) {
    for (const [name, messages] of Object.entries(error.fields)) {
      const first = (messages as string[] | undefined)?.[0];
      if (first) state.fields[name] = t(first as MessageKey);
    }
  } else if (isActionError(error)) {
    const [field, message] = error.message.includes(FIELD_SEPARATOR) ? error.message.split(FIELD_SEPARATOR) : [null, error.message];
    if (field && message) state.fields[field] = t(message as MessageKey);
    else state.form = t(error.message as MessageKey);
  }
  if (request.method === 'POST') {
    try {
      const data = await request.formData();
      for (const [name, value] of data) if (typeof value === 'string' && (keep.includes(name) || !secretFields.test(name))) state.values[name] = value;
    } catch {
      // A body that is not form data has no values to keep.
    }
  }
  return state;
}
