/**
 * The page side of the translation forms on an edit page: both Actions' results read in the page's frontmatter
 * (status, "Fehler: " title), the notice to redirect with after success, and the state each language's form shows —
 * a refused post belongs to the form of the language it was sent for; the others are fresh.
 */
import { actions } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { emptyFormState, readForm, type FormState } from '../forms/form-state';
import { withNotice, type NoticeKey } from '../../lib/notices';

export interface TranslationForms {
  save: FormState;
  remove: FormState;
  /** Where to go after a successful save or removal (the same page, with its notice), or null. */
  redirect: string | null;
}

export async function readTranslationForms(astro: AstroGlobal): Promise<TranslationForms> {
  const save = await readForm(astro, actions.translations.save);
  const remove = await readForm(astro, actions.translations.remove);
  const notice: NoticeKey | null = save.data ? 'translations.notice.saved' : remove.data ? 'translations.notice.removed' : null;
  return { save: save.state, remove: remove.state, redirect: notice ? withNotice(astro.url.pathname, notice) : null };
}

/** The state of one language's form: the refused one if it was sent for this language, else empty; ids per language. */
export function stateFor(state: FormState, locale: string, idPrefix: string): FormState {
  if (!state.failed || state.values.locale !== locale) return emptyFormState(idPrefix);
  return { ...state, idPrefix, rendered: [] };
}
