/**
 * Content in other languages: a translated title and short description of an event (series included: a series is
 * an event with an RRULE), a place, a volunteer programme or an offer, in each enabled language but German, which is
 * the source. Who may translate a subject is whoever may edit it; this module asks the area's own check rather than
 * deciding again. Pages read translations for a whole list at once (`translatedContent`); without a translation
 * they get the German text, marked `lang: 'de'`, so every page can say "(auf Deutsch)" in the reader's language.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import {
  contentTranslations,
  events,
  offers,
  places,
  translationLocales,
  volunteerProgrammes,
  TRANSLATION_SUMMARY_MAX,
  TRANSLATION_TITLE_MAX,
  type ContentTranslation,
  type TranslationLocale,
  type TranslationSubjectKind,
} from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, ForbiddenError, NotFoundError, problem, type Problem } from '../errors';
import { requireManagedEvent, primaryQuartier } from '../events/commands';
import { eventQuartierIds } from '../events/permissions';
import { requireManagedPlace } from '../places/editing';
import { canCoordinateProgramme, getProgrammeById } from '../volunteering/programmes';
import { VolunteeringError } from '../volunteering/errors';
import { requireOfferAccess } from '../offers/access';
import { refreshOfferSearchText } from '../offers/search-text';

export {
  translationLocales,
  translationSubjectKinds,
  TRANSLATION_SUMMARY_MAX,
  TRANSLATION_TITLE_MAX,
  type TranslationLocale,
  type TranslationSubjectKind,
} from '../../../../db/schema';

export function isTranslationLocale(value: unknown): value is TranslationLocale {
  return typeof value === 'string' && (translationLocales as readonly string[]).includes(value);
}

/** The column of `content_translations` that points at a subject of this kind. */
const subjectColumn = {
  event: contentTranslations.eventId,
  place: contentTranslations.placeId,
  programme: contentTranslations.programmeId,
  offer: contentTranslations.offerId,
} as const;

/** The German original of each kind: its title and its short description (the description where there is no summary). */
const originals = {
  event: { table: events, id: events.id, title: events.title, summary: events.description },
  place: { table: places, id: places.id, title: places.name, summary: places.description },
  programme: { table: volunteerProgrammes, id: volunteerProgrammes.id, title: volunteerProgrammes.name, summary: volunteerProgrammes.summary },
  offer: { table: offers, id: offers.id, title: offers.title, summary: offers.description },
} as const;

/**
 * Refuses unless the user may edit the subject itself, with the same check and the same refusal as the area's own
 * edit (a missing subject is a 404, someone else's a 403). Returns the Quartier for the audit log.
 */
function requireTranslatable(db: Db, user: Actor, kind: TranslationSubjectKind, subjectId: number): number | null {
  switch (kind) {
    case 'event':
      requireManagedEvent(db, user, subjectId);
      return primaryQuartier(eventQuartierIds(db, subjectId));
    case 'place':
      return requireManagedPlace(db, user, subjectId).quartierId;
    case 'programme': {
      const programme = getProgrammeById(db, subjectId);
      if (!programme) throw new VolunteeringError('programme_not_found');
      if (!canCoordinateProgramme(db, user, programme)) throw new VolunteeringError('not_allowed');
      return programme.quartierId;
    }
    case 'offer': {
      const { offer, actor, access } = requireOfferAccess(db, user, subjectId);
      // Where staff review the members' changes, a translation would bypass the review: staff keep them.
      if (access === 'member' && actor.reviewMemberChanges) throw new ForbiddenError('translations.error.reviewed');
      return offer.quartierId;
    }
  }
}

/** Whether the user may translate the subject: for showing the forms at all (saving checks again). */
export function canTranslate(db: Db, user: Actor, kind: TranslationSubjectKind, subjectId: number): boolean {
  try {
    requireTranslatable(db, user, kind, subjectId);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

export interface TranslationInput {
  kind: TranslationSubjectKind;
  subjectId: number;
  locale: string;
  title?: string | undefined;
  summary?: string | undefined;
}

/** Every problem of the form at once, each next to its field. */
function checkTranslation(input: TranslationInput): { locale: TranslationLocale; title: string; summary: string } {
  const title = (input.title ?? '').trim();
  const summary = (input.summary ?? '').trim();
  const problems: Problem[] = [];
  if (!isTranslationLocale(input.locale)) problems.push(problem('translations.error.locale'));
  if (title === '') problems.push(problem('translations.error.titleRequired', { field: 'title' }));
  else if (title.length > TRANSLATION_TITLE_MAX) problems.push(problem('form.field.tooLong', { field: 'title', params: { max: TRANSLATION_TITLE_MAX } }));
  if (summary.length > TRANSLATION_SUMMARY_MAX) problems.push(problem('form.field.tooLong', { field: 'summary', params: { max: TRANSLATION_SUMMARY_MAX } }));
  if (problems.length > 0) throw new DomainError('invalid', problems);
  return { locale: input.locale as TranslationLocale, title, summary };
}

/** Offers keep their search text, translated titles included, in a column; a new title must be found at once. */
function afterChange(db: Db, kind: TranslationSubjectKind, subjectId: number): void {
  if (kind === 'offer') refreshOfferSearchText(db, { offerId: subjectId });
}

/** Adds or replaces the subject's translation into one language. */
export function saveTranslation(db: Db, user: Actor, input: TranslationInput, now: Date = new Date()): ContentTranslation {
  return db.transaction((tx) => {
    const quartierId = requireTranslatable(tx, user, input.kind, input.subjectId);
    const { locale, title, summary } = checkTranslation(input);
    const column = subjectColumn[input.kind];
    const values = { title, summary, updatedAt: now, updatedBy: user.id };
    const existing = tx
      .select({ id: contentTranslations.id })
      .from(contentTranslations)
      .where(and(eq(column, input.subjectId), eq(contentTranslations.locale, locale)))
      .get();
    const row = existing
      ? tx.update(contentTranslations).set(values).where(eq(contentTranslations.id, existing.id)).returning().get()!
      : tx
          .insert(contentTranslations)
          .values({ ...values, subjectKind: input.kind, locale, [keyOf(input.kind)]: input.subjectId })
          .returning()
          .get();
    afterChange(tx, input.kind, input.subjectId);
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'translation.save',
      entityType: input.kind,
      entityId: input.subjectId,
      quartierId,
      details: { locale },
    });
    return row;
  });
}

function keyOf(kind: TranslationSubjectKind): 'eventId' | 'placeId' | 'programmeId' | 'offerId' {
  return `${kind}Id`;
}

/** Removes the subject's translation into one language; false when there was none. */
export function removeTranslation(db: Db, user: Actor, input: Pick<TranslationInput, 'kind' | 'subjectId' | 'locale'>): boolean {
  return db.transaction((tx) => {
    const quartierId = requireTranslatable(tx, user, input.kind, input.subjectId);
    if (!isTranslationLocale(input.locale)) throw new DomainError('invalid', problem('translations.error.locale'));
    const removed = tx
      .delete(contentTranslations)
      .where(and(eq(subjectColumn[input.kind], input.subjectId), eq(contentTranslations.locale, input.locale)))
      .returning({ id: contentTranslations.id })
      .all();
    if (removed.length === 0) throw new NotFoundError('translations.error.none');
    afterChange(tx, input.kind, input.subjectId);
    recordAudit(tx, {
      actorUserId: user.id,
      action: 'translation.remove',
      entityType: input.kind,
      entityId: input.subjectId,
      quartierId,
      details: { locale: input.locale },
    });
    return true;
  });
}

/** The German title of the subject (the name a confirmation step shows), or null when there is no such subject. */
export function originalTitle(db: Db, kind: TranslationSubjectKind, subjectId: number): string | null {
  const original = originals[kind];
  return db.select({ title: original.title }).from(original.table).where(eq(original.id, subjectId)).get()?.title ?? null;
}

export type StoredTranslations = Partial<Record<TranslationLocale, { title: string; summary: string }>>;

/** The subject's translations by language, for its edit page. */
export function listTranslations(db: Db, kind: TranslationSubjectKind, subjectId: number): StoredTranslations {
  const rows = db
    .select({ locale: contentTranslations.locale, title: contentTranslations.title, summary: contentTranslations.summary })
    .from(contentTranslations)
    .where(eq(subjectColumn[kind], subjectId))
    .all();
  return Object.fromEntries(rows.map((r) => [r.locale, { title: r.title, summary: r.summary }]));
}

export interface ContentInLanguage {
  title: string;
  summary: string;
  /** The language the texts are in: the reader's when translated, otherwise 'de'. */
  lang: string;
  /** The German title, to tell whether a shown title is the subject's own (see `titleIn`). */
  germanTitle: string;
}

/**
 * The title to show in the reader's language. An occurrence renamed by its exception shows that name, in German
 * as it was entered, rather than the series' translation (which names something else).
 */
export function titleIn(content: ContentInLanguage | undefined, shownTitle: string): { text: string; lang: string } {
  if (!content || content.germanTitle !== shownTitle) return { text: shownTitle, lang: 'de' };
  return { text: content.title, lang: content.lang };
}

/**
 * The short description to show: the translation's, else the German text given (its description or summary),
 * marked as German; null when there is neither.
 */
export function summaryIn(content: ContentInLanguage | undefined, german: string): { text: string; lang: string } | null {
  if (content && content.lang !== 'de' && content.summary) return { text: content.summary, lang: content.lang };
  return german ? { text: german, lang: 'de' } : null;
}

/**
 * Title and short description of each subject in the reader's language, or the German original (`lang: 'de'`)
 * where there is no translation. One query for the whole list, however long; unknown ids are left out, and so is
 * everything for a German reader.
 */
export function translatedContent(db: Db, kind: TranslationSubjectKind, ids: readonly number[], locale: string): Map<number, ContentInLanguage> {
  const result = new Map<number, ContentInLanguage>();
  // A reader of the source language (German) sees the originals the page already holds; `titleIn` and `summaryIn`
  // give them for a subject left out of the map, so most pages need no query here at all.
  const translated = isTranslationLocale(locale);
  const unique = [...new Set(ids)];
  if (unique.length === 0 || !translated) return result;
  const original = originals[kind];
  const column = subjectColumn[kind];
  const rows = db
    .select({
      id: original.id,
      title: original.title,
      summary: original.summary,
      translatedTitle: contentTranslations.title,
      translatedSummary: contentTranslations.summary,
    })
    .from(original.table)
    .leftJoin(contentTranslations, and(eq(column, original.id), eq(contentTranslations.locale, locale)))
    .where(inArray(original.id, unique))
    .all();
  for (const row of rows) {
    result.set(
      row.id,
      row.translatedTitle !== null
        ? { title: row.translatedTitle, summary: row.translatedSummary ?? '', lang: locale, germanTitle: row.title }
        : { title: row.title, summary: row.summary, lang: 'de', germanTitle: row.title },
    );
  }
  return result;
}

/**
 * A search condition: a translation of the event in any language has a title matching the folded LIKE pattern, as
 * a subquery of the calendar search's own statement.
 */
export function translatedEventTitleMatches(pattern: string): SQL {
  return sql`EXISTS (SELECT 1 FROM ${contentTranslations} WHERE ${contentTranslations.eventId} = ${events.id} AND search_fold(${contentTranslations.title}) LIKE ${pattern} ESCAPE '\\')`;
}
