import { isInputError } from 'astro:actions';
import { translate, type MessageKey, type Translate } from '../../i18n';
import rooms from '../../i18n/messages/rooms';
import { fieldErrorsOf } from '../../actions/form-errors';

export interface FormState {
  /** Translated message per field (first problem only). */
  fields: Record<string, string>;
  /** Translated message for the whole form (domain rule broken, forbidden, …). */
  message: string | null;
  /** HTTP status the page answers with: 400 for bad input, the action's status otherwise. */
  status: number;
}

let germanIndex: Map<string, MessageKey> | undefined;

/** Validation messages are German source texts; this finds their key so they can be shown in the reader's language. */
function keyOfGerman(text: string): MessageKey | undefined {
  germanIndex ??= new Map(Object.keys(rooms.de).map((key) => [translate('de', key as MessageKey), key as MessageKey]));
  return germanIndex.get(text);
}

/** Reads an Action's error into per-field and form-level messages in the user's language. */
export function formState(error: unknown, t: Translate): FormState | null {
  if (!error) return null;
  if (isInputError(error)) {
    const fields: Record<string, string> = {};
    for (const [name, messages] of Object.entries(error.fields)) {
      const first = (messages as string[] | undefined)?.[0];
      if (first) fields[name] = t(keyOfGerman(first) ?? 'rooms.field.invalid');
    }
    return { fields, message: null, status: 400 };
  }
  // Domain rules about one field arrive as already translated texts per field.
  const domainFields = fieldErrorsOf(error);
  if (Object.keys(domainFields).length > 0) return { fields: domainFields, message: null, status: 400 };
  const e = error as { message?: string; status?: number };
  return { fields: {}, message: e.message ?? t('rooms.field.invalid'), status: e.status && e.status >= 400 ? e.status : 400 };
}

/** aria attributes tying a control to its error message. */
export function fieldAria(
  state: FormState | null,
  name: string,
  hintId?: string,
  errorId = `${name}-error`,
): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
  const error = state?.fields[name];
  const describedBy = [hintId, error ? errorId : undefined].filter(Boolean).join(' ');
  return { ...(error ? { 'aria-invalid': 'true' as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) };
}

/** The submitted form values, so a page can show the user's input again after an error. */
export async function submittedValues(request: Request): Promise<Record<string, string>> {
  if (request.method !== 'POST') return {};
  try {
    const data = await request.clone().formData();
    const values: Record<string, string> = {};
    for (const [key, value] of data.entries()) if (typeof value === 'string') values[key] = key in values ? `${values[key]},${value}` : value;
    return values;
  } catch {
    return {};
  }
}
