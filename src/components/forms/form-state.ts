/**
 * The page side of the one form pipeline. `readForm(Astro, action)` reads the Action's result and gives the page
 * everything it needs to re-show a failed form: every problem translated (for the error summary and next to each
 * field), the submitted values (secrets left out) and the HTTP status. It also marks the request as failed so the
 * layout prefixes the page title with "Fehler: ".
 */
import { isActionError, isInputError, type ActionClient } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { decodeMessage, decodeProblems, decodeWarnings, type Problem } from '../../lib/forms/messages';
import { pageI18n } from '../../i18n/astro';
import type { Translate } from '../../i18n';

export interface ShownProblem {
  /** The field it is about, or null for a problem with the whole form. */
  field: string | null;
  text: string;
}

export interface FormState {
  /** The post saved nothing: the submitted values are shown again (after a refusal, or with warnings). */
  failed: boolean;
  /** HTTP status for the page: 400/409/403/… after a refused post, 200 otherwise (also with warnings). */
  status: number;
  /**
   * The "warning — save anyway" step: nothing was wrong, but the domain found soft problems (the house is closed
   * then) and the post did not confirm them. `warnings` are shown in the warning summary, whose "Trotzdem
   * speichern" button sends `confirmation` and the `carry` values with the same input.
   */
  warnings: ShownProblem[];
  confirmation: string;
  carry: Record<string, string>;
  /** All problems in the order the form shows its fields. */
  problems: ShownProblem[];
  /** Translated message per field (several problems of one field are joined). */
  fields: Record<string, string>;
  /** Submitted values: the first per name, and every value for checkbox groups. */
  values: Record<string, string>;
  lists: Record<string, string[]>;
  /** Prefix of the field ids when a page has several forms with the same field names. */
  idPrefix: string;
  /** The names of the fields in the order the form rendered them (the Field components add themselves). */
  rendered: string[];
}

/** The id every Field component gives its control, and the summary links to. */
export function fieldId(state: Pick<FormState, 'idPrefix'> | undefined, name: string): string {
  return `${state?.idPrefix ?? ''}f-${name}`;
}

/** The id of a form's result: the error summary after a refused post, the notice after a successful one. */
export const RESULT_ANCHOR = 'ergebnis';

/** Fields that are never echoed back into the page. */
const secretFields = /password|passwort|token/i;

/** A Field component says it is on the page; `Form` orders the error summary by these calls. */
export function noteRendered(state: FormState, name: string): void {
  if (!state.rendered.includes(name)) state.rendered.push(name);
}

/**
 * Puts the problems in the order the form showed its fields. The body's order (used until the form is rendered)
 * misses fields a browser does not send: an unticked radio group or checkbox, an empty file input in some
 * browsers. Problems with the whole form stay first; problems of fields the form did not render keep their place
 * after the rendered ones.
 */
export function orderByRenderedFields(state: FormState): void {
  const position = (p: ShownProblem): number => {
    if (p.field === null) return -1;
    const index = state.rendered.indexOf(p.field);
    return index === -1 ? state.rendered.length : index;
  };
  state.problems.sort((a, b) => position(a) - position(b));
}

export function emptyFormState(idPrefix = ''): FormState {
  return { failed: false, status: 200, warnings: [], confirmation: '', carry: {}, problems: [], fields: {}, values: {}, lists: {}, idPrefix, rendered: [] };
}

function translateRaw(t: Translate, raw: string): string {
  const { key, params } = decodeMessage(raw);
  return t(key, params);
}

/** Problems of a failed Action, translated, in the order they were reported. */
export function problemsOf(error: unknown, t: Translate): ShownProblem[] {
  if (isInputError(error)) {
    return error.issues.map((issue) => ({ field: issue.path.length > 0 ? String(issue.path[0]) : null, text: translateRaw(t, issue.message) }));
  }
  if (isActionError(error)) {
    const problems = decodeProblems(error.message);
    if (problems) return problems.map((p) => ({ field: p.field ?? null, text: t(p.key, p.params) }));
    // An error without problems (e.g. Astro's own 415/400 on a malformed post) gets a general message.
    return [
      { field: null, text: t(error.code === 'FORBIDDEN' ? 'form.error.forbidden' : error.code === 'NOT_FOUND' ? 'form.error.notFound' : 'form.error.failed') },
    ];
  }
  return [{ field: null, text: t('form.error.failed') }];
}

async function formStateOf(request: Request, error: unknown, t: Translate, options: { keep?: readonly string[]; idPrefix?: string } = {}): Promise<FormState> {
  const state = emptyFormState(options.idPrefix);
  if (!error) return state;
  state.failed = true;
  const warned = isActionError(error) ? decodeWarnings(error.message) : null;
  if (warned) {
    // A question, not an error: the request was fine and is answered with the page that asks it (200).
    state.warnings = warned.warnings.map((p) => ({ field: p.field ?? null, text: t(p.key, p.params) }));
    state.confirmation = warned.confirmation;
    state.carry = warned.carry;
  } else {
    state.status = isActionError(error) ? error.status : 400;
    state.problems = problemsOf(error, t);
  }
  for (const problem of state.problems) {
    if (!problem.field) continue;
    const before = state.fields[problem.field];
    if (before !== problem.text) state.fields[problem.field] = before ? `${before} ${problem.text}` : problem.text;
  }
  // Repeated problems of one field are listed once in the summary.
  const seen = new Set<string>();
  state.problems = state.problems.filter((p) => {
    const id = `${p.field ?? ''}\u0000${p.text}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const fieldOrder: string[] = [];
  if (request.method === 'POST') {
    try {
      const data = await request.clone().formData();
      for (const [name, value] of data) {
        if (!fieldOrder.includes(name)) fieldOrder.push(name);
        if (typeof value !== 'string' || (secretFields.test(name) && !options.keep?.includes(name))) continue;
        state.values[name] ??= value;
        (state.lists[name] ??= []).push(value);
      }
    } catch {
      // A body that is not form data has no values to keep.
    }
  }
  // The summary follows the page (the browser sends the fields in their order), not the order the checks ran in
  // (zod checks a pair of fields after all single ones); problems with the whole form come first.
  const position = (p: ShownProblem): number => (p.field === null ? -1 : fieldOrder.includes(p.field) ? fieldOrder.indexOf(p.field) : fieldOrder.length);
  state.problems.sort((a, b) => position(a) - position(b));
  return state;
}

/** Any Astro Action a form posts to. */
export type AnyAction = ActionClient<any, any, any> & string; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Reads one Action's result for the page: `data` after success (the page redirects with a notice), `state` with
 * the problems and values after a refusal. Sets the response status and marks the request as failed.
 */
export async function readForm<A extends AnyAction>(
  astro: AstroGlobal,
  action: A,
  options: { keep?: readonly string[]; idPrefix?: string } = {},
  // The output is read from `orThrow`: inferring it from the ActionClient intersection gives `{}`.
): Promise<{ data: Awaited<ReturnType<A['orThrow']>> | undefined; state: FormState }> {
  const result = astro.getActionResult(action);
  const { t } = pageI18n(astro);
  if (!result) return { data: undefined, state: emptyFormState(options.idPrefix) };
  if (!result.error) return { data: result.data as never, state: emptyFormState(options.idPrefix) };
  const state = await formStateOf(astro.request, result.error, t, options);
  astro.response.status = state.status;
  if (state.warnings.length > 0) astro.locals.formWarned = true;
  else astro.locals.formFailed = true;
  return { data: undefined, state };
}

/**
 * A GET form (choosing what a page shows, e.g. a report's period): the domain's problems with the query shown like a
 * refused post — each next to its field, all in the summary, the values kept, the response a 4xx.
 */
export function queryFormState(astro: AstroGlobal, problems: readonly Problem[], status = 400): FormState {
  const { t } = pageI18n(astro);
  const state = emptyFormState();
  for (const [name, value] of astro.url.searchParams) {
    state.values[name] ??= value;
    (state.lists[name] ??= []).push(value);
  }
  if (problems.length === 0) return state;
  state.failed = true;
  state.status = status;
  state.problems = problems.map((p) => ({ field: p.field ?? null, text: t(p.key, p.params) }));
  for (const p of state.problems) if (p.field) state.fields[p.field] = state.fields[p.field] ? `${state.fields[p.field]} ${p.text}` : p.text;
  astro.response.status = status;
  astro.locals.formFailed = true;
  return state;
}
