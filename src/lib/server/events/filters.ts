/**
 * Filters shared by the calendar pages, the iCal feed, RSS and the JSON API. The URL parameters are part of
 * the published contract (`/kalender.ics?quartier=kray&kategorie=fest`), so their names never change.
 * Each slug parameter is repeatable and also accepts a comma-separated list, which keeps subscription URLs
 * short (Google Calendar refuses long ones). `organisation` (the events an organisation runs) came later, for the
 * calendar a Verein embeds on its own website; the first four are the ones printed on flyers.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { publicStatuses } from './listing';
import { categories, events, organisations, places, quartiere, targetGroups } from '../../../../db/schema';

export const slugFilterParams = ['quartier', 'kategorie', 'zielgruppe', 'ort', 'organisation'] as const;
export type SlugFilterParam = (typeof slugFilterParams)[number];

export interface EventFilter {
  quartier: string[];
  kategorie: string[];
  zielgruppe: string[];
  ort: string[];
  organisation: string[];
  /** Only events without cost. */
  free: boolean;
  /** Only events with step-free access. */
  stepFree: boolean;
  /** Full-text search words (all must match). */
  query: string;
}

export interface NamedSlug {
  id: number;
  slug: string;
  name: string;
}

/** Filter with the slugs resolved to rows; unknown slugs never get this far. */
export interface ResolvedEventFilter extends EventFilter {
  quartiere: NamedSlug[];
  categories: NamedSlug[];
  targetGroups: NamedSlug[];
  places: NamedSlug[];
  organisations: NamedSlug[];
}

export class UnknownFilterSlugError extends Error {
  override name = 'UnknownFilterSlugError';
  constructor(
    readonly param: SlugFilterParam,
    readonly slug: string,
  ) {
    super(`Unknown ${param} "${slug}"`);
  }
}

const MAX_QUERY_LENGTH = 100;
const MAX_SLUGS_PER_PARAM = 30;

function readSlugs(params: URLSearchParams, name: SlugFilterParam): string[] {
  const values = params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  return [...new Set(values)].slice(0, MAX_SLUGS_PER_PARAM);
}

function readFlag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  return value === '1' || value === 'ja' || value === 'true' || value === 'on';
}

/** Reads the filter from URL parameters (no database access; slugs are checked by `resolveEventFilter`). */
export function parseEventFilter(params: URLSearchParams): EventFilter {
  return {
    quartier: readSlugs(params, 'quartier'),
    kategorie: readSlugs(params, 'kategorie'),
    zielgruppe: readSlugs(params, 'zielgruppe'),
    ort: readSlugs(params, 'ort'),
    organisation: readSlugs(params, 'organisation'),
    free: readFlag(params, 'kostenlos'),
    stepFree: readFlag(params, 'stufenlos'),
    query: (params.get('q') ?? '').trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH),
  };
}

export const emptyFilter: EventFilter = {
  quartier: [],
  kategorie: [],
  zielgruppe: [],
  ort: [],
  organisation: [],
  free: false,
  stepFree: false,
  query: '',
};

function resolveSlugs(
  db: Db,
  param: SlugFilterParam,
  slugs: string[],
  table: typeof quartiere | typeof categories | typeof targetGroups | typeof places | typeof organisations,
): NamedSlug[] {
  if (slugs.length === 0) return [];
  const rows = db.select({ id: table.id, slug: table.slug, name: table.name }).from(table).where(inArray(table.slug, slugs)).all();
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const resolved = slugs.map((slug) => {
    const row = bySlug.get(slug);
    if (!row) throw new UnknownFilterSlugError(param, slug);
    return row;
  });
  // The same choice in another order is the same calendar (same name, same cache entry).
  return resolved.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/** Checks every slug against the database; throws `UnknownFilterSlugError` for the first unknown one. */
export function resolveEventFilter(db: Db, filter: EventFilter): ResolvedEventFilter {
  return {
    ...filter,
    quartiere: resolveSlugs(db, 'quartier', filter.quartier, quartiere),
    categories: resolveSlugs(db, 'kategorie', filter.kategorie, categories),
    targetGroups: resolveSlugs(db, 'zielgruppe', filter.zielgruppe, targetGroups),
    places: resolveSlugs(db, 'ort', filter.ort, places),
    organisations: resolveSlugs(db, 'organisation', filter.organisation, organisations),
  };
}

export function isFilterEmpty(filter: EventFilter): boolean {
  return (
    filter.quartier.length === 0 &&
    filter.kategorie.length === 0 &&
    filter.zielgruppe.length === 0 &&
    filter.ort.length === 0 &&
    filter.organisation.length === 0 &&
    !filter.free &&
    !filter.stepFree &&
    filter.query === ''
  );
}

/**
 * The filter as URL parameters, in a fixed order so equal filters give equal URLs (good for caches).
 * Several slugs are joined with commas to keep the URL short.
 */
export function filterToParams(filter: EventFilter, options: { feedOnly?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of slugFilterParams) {
    if (filter[name].length > 0) params.set(name, [...filter[name]].sort().join(','));
  }
  if (options.feedOnly) return params;
  if (filter.free) params.set('kostenlos', '1');
  if (filter.stepFree) params.set('stufenlos', '1');
  if (filter.query) params.set('q', filter.query);
  return params;
}

export interface FilterOptions {
  quartiere: NamedSlug[];
  categories: NamedSlug[];
  targetGroups: NamedSlug[];
  places: (NamedSlug & { quartierId: number })[];
}

/** Organisations that have public events: the choice of the embed builder. */
export function listOrganisationsWithEvents(db: Db): NamedSlug[] {
  return db
    .selectDistinct({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .innerJoin(events, eq(events.organisationId, organisations.id))
    .where(inArray(events.status, [...publicStatuses]))
    .orderBy(asc(organisations.name))
    .all();
}

/** Everything the filter form offers. Places are those where events take place (not every room venue). */
export function listFilterOptions(db: Db): FilterOptions {
  return {
    quartiere: db
      .select({ id: quartiere.id, slug: quartiere.slug, name: quartiere.name })
      .from(quartiere)
      .orderBy(asc(quartiere.sortOrder), asc(quartiere.name))
      .all(),
    categories: db.select({ id: categories.id, slug: categories.slug, name: categories.name }).from(categories).orderBy(asc(categories.sortOrder)).all(),
    targetGroups: db
      .select({ id: targetGroups.id, slug: targetGroups.slug, name: targetGroups.name })
      .from(targetGroups)
      .orderBy(asc(targetGroups.sortOrder))
      .all(),
    places: db.select({ id: places.id, slug: places.slug, name: places.name, quartierId: places.quartierId }).from(places).orderBy(asc(places.name)).all(),
  };
}
