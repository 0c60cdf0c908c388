/**
 * The page side of the translation forms on an edit page: the save Action's result read in the page's frontmatter
 * (status, "Fehler: " title), the notice to redirect with after success, and the state each language's form shows —
 * a refused post belongs to the form of the language it was sent for; the others are fresh. Removing a translation
 * goes through its confirmation step (`translationRemovalPath`), which leads back to `translationEditPath`.
 */
import { actions } from 'astro:actions';
import type { AstroGlobal } from 'astro';
import { emptyFormState, readForm, type FormState } from '../forms/form-state';
import { withNotice, type NoticeKey } from '../../lib/notices';
import type { TranslationSubjectKind } from '../../../db/schema';

/** The URL word of each kind of subject in the address of a translation's confirmation step. */
export const translationKindSlugs = { event: 'veranstaltung', place: 'ort', programme: 'programm', offer: 'angebot' } as const satisfies Record<
  TranslationSubjectKind,
  string
>;

/** The edit page each kind of subject keeps its translations on: where the confirmation step leads back to. */
export function translationEditPath(kind: TranslationSubjectKind, subjectId: number): string {
  switch (kind) {
    case 'event':
      return `/verwaltung/veranstaltungen/${subjectId}`;
    case 'place':
      return `/verwaltung/orte/${subjectId}`;
    case 'programme':
      return `/verwaltung/ehrenamt/programme/${subjectId}/bearbeiten`;
    case 'offer':
      return `/konto/angebote/angebot/${subjectId}`;
  }
}

/** The confirmation step of removing the subject's translation into one language. */
export function translationRemovalPath(kind: TranslationSubjectKind, subjectId: number, locale: string): string {
  return `/uebersetzungen/${translationKindSlugs[kind]}/${subjectId}/${locale}/entfernen`;
}

export interface TranslationForms {
  save: FormState;
  /** Where to go after a successful save (the same page, with its notice), or null. Removing asks on its own page. */
  redirect: string | null;
}

export async function readTranslationForms(astro: AstroGlobal): Promise<TranslationForms> {
  const save = await readForm(astro, actions.translations.save);
  const notice: NoticeKey | null = save.data ? 'translations.notice.saved' : null;
  return { save: save.state, redirect: notice ? withNotice(astro.url.pathname, notice) : null };
}

/** The state of one language's form: the refused one if it was sent for this language, else empty; ids per language. */
export function stateFor(state: FormState, locale: string, idPrefix: string): FormState {
  if (!state.failed || state.values.locale !== locale) return emptyFormState(idPrefix);
  return { ...state, idPrefix, rendered: [] };
}
