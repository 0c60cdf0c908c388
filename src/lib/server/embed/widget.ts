/**
 * The embeddable calendar (`/einbetten/kalender`): a Verein, a Quartier or the city shows the portal's coming
 * events on its own website in an iframe. The events come from the calendar's own query (the calendar's filter
 * and `listOccurrences`), so the widget never shows what the calendar would not.
 *
 * Parameters: the calendar's filters (`quartier`, `kategorie`, `zielgruppe`, `ort`, `organisation`) and the look
 * (`anzahl`, `ansicht=liste|kompakt`, `akzent`, `schrift`), each look value from a short fixed list. A look value
 * that is unknown or malformed falls back to the default: a typo in a snippet on someone else's website must not
 * break their page, and a value is never copied into CSS. An unknown filter slug is a 404 with an explanation,
 * as on the calendar and the feeds: the whole city's events instead of one Verein's would be wrong.
 */
import type { Db } from '../db';
import {
  filterToParams,
  parseEventFilter,
  resolveEventFilter,
  UnknownFilterSlugError,
  type ResolvedEventFilter,
  type SlugFilterParam,
} from '../events/filters';
import { listOccurrences, type CalendarOccurrence } from '../events/listing';
import { listWindow } from '../events/ranges';

export const EMBED_PATH = '/einbetten/kalender';

export const embedViews = ['liste', 'kompakt'] as const;
export type EmbedView = (typeof embedViews)[number];
/** Accent colours; each has a CSS class with a colour of at least 4.5:1 contrast on white (embed page). */
export const embedAccents = ['blau', 'gruen', 'petrol', 'rot', 'violett', 'grau'] as const;
export type EmbedAccent = (typeof embedAccents)[number];
export const embedFontSizes = ['klein', 'normal', 'gross'] as const;
export type EmbedFontSize = (typeof embedFontSizes)[number];
/** The numbers of entries the builder offers; the widget takes any whole number up to MAX_EMBED_COUNT. */
export const embedCounts = [3, 5, 10, 20] as const;
export const MAX_EMBED_COUNT = 30;

export interface EmbedLook {
  count: number;
  view: EmbedView;
  accent: EmbedAccent;
  fontSize: EmbedFontSize;
}

export const defaultLook: EmbedLook = { count: 5, view: 'liste', accent: 'blau', fontSize: 'normal' };

function pick<T extends string>(allowed: readonly T[], value: string | null, fallback: T): T {
  return allowed.find((candidate) => candidate === value) ?? fallback;
}

/** The look from URL parameters; anything not on the lists is the default (see the module comment). */
export function parseEmbedLook(params: URLSearchParams): EmbedLook {
  const countParam = params.get('anzahl') ?? '';
  const count = /^\d{1,2}$/.test(countParam) ? Number(countParam) : defaultLook.count;
  return {
    count: count >= 1 && count <= MAX_EMBED_COUNT ? count : defaultLook.count,
    view: pick(embedViews, params.get('ansicht'), defaultLook.view),
    accent: pick(embedAccents, params.get('akzent'), defaultLook.accent),
    fontSize: pick(embedFontSizes, params.get('schrift'), defaultLook.fontSize),
  };
}

/** Filter and look as the widget's query, in a fixed order and without defaults (equal choices, equal URL). */
export function embedQuery(filter: ResolvedEventFilter, look: EmbedLook): URLSearchParams {
  const params = filterToParams(filter, { feedOnly: true });
  if (look.count !== defaultLook.count) params.set('anzahl', String(look.count));
  if (look.view !== defaultLook.view) params.set('ansicht', look.view);
  if (look.accent !== defaultLook.accent) params.set('akzent', look.accent);
  if (look.fontSize !== defaultLook.fontSize) params.set('schrift', look.fontSize);
  return params;
}

export type EmbedCalendar =
  | { kind: 'ok'; filter: ResolvedEventFilter; look: EmbedLook; items: CalendarOccurrence[] }
  | { kind: 'unknown-slug'; look: EmbedLook; param: SlugFilterParam; slug: string };

/** The coming occurrences the widget shows for a request URL at `now`. */
export function loadEmbedCalendar(db: Db, params: URLSearchParams, now: Date): EmbedCalendar {
  const look = parseEmbedLook(params);
  let filter: ResolvedEventFilter;
  try {
    filter = resolveEventFilter(db, parseEventFilter(params));
  } catch (error) {
    if (error instanceof UnknownFilterSlugError) return { kind: 'unknown-slug', look, param: error.param, slug: error.slug };
    throw error;
  }
  // Free, step-free and text search are calendar page choices the builder does not offer; the widget ignores them.
  filter = { ...filter, free: false, stepFree: false, query: '' };
  // The widget shows no categories and no page count: both queries are skipped (it is requested by every visitor
  // of every website that embeds it).
  const { items } = listOccurrences(db, { filter, ...listWindow(null, now), limit: look.count, withCategories: false, withTotal: false });
  return { kind: 'ok', filter, look, items };
}
