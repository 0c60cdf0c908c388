/**
 * The calendar search in every language: a word also finds the events of a category or target group whose
 * name in any of the five catalogues contains it ("children" finds "Kinder"), and a search that finds nothing
 * gets suggestions of what exists ("Meinten Sie: Sprachcafé?") from a small fuzzy match over event titles and
 * those names. Category and target-group names live in the catalogues (`category.<slug>`), so they are matched
 * in JavaScript: both tables have about ten rows.
 */
import { and, count, countDistinct, desc, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { foldForSearch } from '../../../../db/client';
import { hasMessage, locales, translate, type Locale, type MessageKey } from '../../../i18n';
import { categories, eventCategories, eventOccurrences, eventTargetGroups, events, targetGroups } from '../../../../db/schema';

/** Shorter words would name half the categories ("al" in "Alle"). */
const MIN_WORD = 3;

interface NamedTerm {
  id: number;
  slug: string;
  /** The name in `locale` (the German one when the catalogue has none). */
  label: (locale: Locale) => string;
  /** The German name and its translations. */
  names: string[];
}

function namesIn(db: Db, table: typeof categories | typeof targetGroups, prefix: 'category' | 'targetGroup'): NamedTerm[] {
  return db
    .select({ id: table.id, slug: table.slug, name: table.name })
    .from(table)
    .all()
    .map((row) => {
      const key = `${prefix}.${row.slug}`;
      const translated = hasMessage(key);
      return {
        id: row.id,
        slug: row.slug,
        label: (locale: Locale) => (translated ? translate(locale, key as MessageKey) : row.name),
        names: [...new Set([row.name, ...(translated ? locales.map((l) => translate(l, key as MessageKey)) : [])])],
      };
    });
}

/** Events whose category or target group is named (in any language) with a word containing `word`. */
export function eventIdsNamedBy(db: Db, word: string): { categoryIds: number[]; targetGroupIds: number[] } {
  const folded = foldForSearch(word);
  if (folded.length < MIN_WORD) return { categoryIds: [], targetGroupIds: [] };
  const hits = (terms: NamedTerm[]): number[] => terms.filter((t) => t.names.some((name) => foldForSearch(name).includes(folded))).map((t) => t.id);
  return { categoryIds: hits(namesIn(db, categories, 'category')), targetGroupIds: hits(namesIn(db, targetGroups, 'targetGroup')) };
}

/** How far apart two words are (insertions, deletions, substitutions, swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** Typing errors forgiven: one in a short word, two from eight letters on. */
function allowedErrors(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0;
}

/**
 * How many words of the query a name fits: a word fits when the name contains it (part of a compound, as
 * "cafe" in "Sprachcafé") or one of the name's words is within a few typing errors of it ("kafe", "sprachkafe").
 */
export function fuzzyHits(query: string, name: string): number {
  const folded = foldForSearch(name);
  const nameWords = folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const compact = nameWords.join('');
  return foldForSearch(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= MIN_WORD)
    .filter((w) => compact.includes(w) || nameWords.some((n) => editDistance(w, n) <= allowedErrors(w)) || editDistance(w, compact) <= allowedErrors(w)).length;
}

export type SearchSuggestion =
  { kind: 'title'; label: string; query: string } | { kind: 'category'; label: string; slug: string } | { kind: 'targetGroup'; label: string; slug: string };

const MAX_SUGGESTIONS = 3;
/** Titles are taken from the coming year's dates, the part of the calendar people look for. */
const TITLE_SOURCE_LIMIT = 500;

/**
 * What exists that the query may have meant: event titles with dates from now on and categories and target
 * groups that have such dates, best fit first, then the one with the most dates. Labels are in `locale`.
 */
export function suggestSearchTerms(db: Db, query: string, locale: Locale, now: Date): SearchSuggestion[] {
  if (query.trim() === '') return [];
  const upcoming = and(inArray(events.status, ['published']), gte(eventOccurrences.startsAt, now), eq(eventOccurrences.status, 'scheduled'));
  const titles = db
    .select({ title: events.title, n: count() })
    .from(eventOccurrences)
    .innerJoin(events, eq(events.id, eventOccurrences.eventId))
    .where(upcoming)
    .groupBy(events.title)
    .orderBy(desc(count()))
    .limit(TITLE_SOURCE_LIMIT)
    .all();
  const termCounts = (
    link: typeof eventCategories | typeof eventTargetGroups,
    column: typeof eventCategories.categoryId | typeof eventTargetGroups.targetGroupId,
  ) =>
    new Map(
      db
        .select({ id: column, n: countDistinct(eventOccurrences.id) })
        .from(link)
        .innerJoin(events, eq(events.id, link.eventId))
        .innerJoin(eventOccurrences, eq(eventOccurrences.eventId, events.id))
        .where(upcoming)
        .groupBy(column)
        .all()
        .map((r) => [r.id, r.n]),
    );
  const categoryCounts = termCounts(eventCategories, eventCategories.categoryId);
  const groupCounts = termCounts(eventTargetGroups, eventTargetGroups.targetGroupId);
  const scored: { suggestion: SearchSuggestion; hits: number; dates: number }[] = [];
  for (const { title, n } of titles) {
    const hits = fuzzyHits(query, title);
    if (hits > 0 && foldForSearch(title) !== foldForSearch(query)) scored.push({ suggestion: { kind: 'title', label: title, query: title }, hits, dates: n });
  }
  const terms = (table: typeof categories | typeof targetGroups, prefix: 'category' | 'targetGroup', counts: Map<number, number>): void => {
    for (const term of namesIn(db, table, prefix)) {
      const dates = counts.get(term.id) ?? 0;
      if (dates === 0) continue;
      const hits = Math.max(...term.names.map((name) => fuzzyHits(query, name)));
      if (hits === 0) continue;
      const label = term.label(locale);
      const row = term;
      scored.push({
        suggestion: prefix === 'category' ? { kind: 'category', label, slug: row.slug } : { kind: 'targetGroup', label, slug: row.slug },
        hits,
        dates,
      });
    }
  };
  terms(categories, 'category', categoryCounts);
  terms(targetGroups, 'targetGroup', groupCounts);
  return (
    scored
      // On an equal fit an event title (one thing that exists) comes before a whole category.
      .sort(
        (a, b) =>
          b.hits - a.hits ||
          Number(b.suggestion.kind === 'title') - Number(a.suggestion.kind === 'title') ||
          b.dates - a.dates ||
          a.suggestion.label.localeCompare(b.suggestion.label, 'de'),
      )
      .slice(0, MAX_SUGGESTIONS)
      .map((s) => s.suggestion)
  );
}
