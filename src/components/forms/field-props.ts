/** What every Field component takes and how it derives id, value and aria attributes from the form state. */
import { fieldId, noteRendered, type FormState } from './form-state';

export interface FieldProps {
  /** The form's state from `readForm`; its values win over `value` after a refused post. */
  state: FormState;
  name: string;
  label: string;
  hint?: string | undefined;
  required?: boolean;
  /** The value shown when the form was not just refused (e.g. the stored value when editing). */
  value?: string | number | null | undefined;
  class?: string;
}

export interface Wiring {
  id: string;
  error: string | undefined;
  describedBy: string | undefined;
  invalid: 'true' | undefined;
}

export function wire(props: FieldProps): Wiring {
  noteRendered(props.state, props.name);
  const id = fieldId(props.state, props.name);
  const error = props.state.fields[props.name];
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy, invalid: error ? 'true' : undefined };
}

/** The text to show in the control: what was submitted after a refusal, else the given value. */
export function shownValue(props: FieldProps): string {
  if (props.state.failed) return props.state.values[props.name] ?? '';
  return props.value === null || props.value === undefined ? '' : String(props.value);
}

/** The chosen options of a group: what was submitted after a refusal, else the given ones. */
export function chosenValues(props: FieldProps, given: readonly string[] | undefined): Set<string> {
  if (props.state.failed) return new Set(props.state.lists[props.name] ?? []);
  return new Set(given ?? (props.value === null || props.value === undefined ? [] : [String(props.value)]));
}
