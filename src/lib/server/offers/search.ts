/**
 * The public search of /angebote: what (free text, type), for whom, language, where (Quartier, step-free), when
 * (weekday, part of the day), free of charge. Everything is one SQL query on indexed columns and the folded
 * search text, so it stays fast on a city with thousands of offers; schedules are loaded for the shown page only.
 */
import { and, asc, eq, gte, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { actors, offerSchedules, offerTargetGroups, offers, places, quartiere, targetGroups, type OfferType } from '../../../../db/schema';
import { foldForSearch } from '../../../../db/client';
import { weekdayCodes, type WeekdayCode } from '../events/series';
import { berlinDate } from '../../time';
import { dayParts, specOf, type DayPart, type StoredSchedule } from './schedules';
import { isOfferLanguage, isOfferType } from './validation';
import { outdatedCondition } from './freshness';

export interface OfferQuery {
  text: string;
  type: OfferType | null;
  targetGroup: string | null;
  language: string | null;
  quartier: string | null;
  stepFree: boolean;
  weekday: WeekdayCode | null;
  dayPart: DayPart | null;
  free: boolean;
  page: number;
}

export const PAGE_SIZE = 25;

/** The query from the URL; unknown values are dropped rather than refused, so an old bookmark still works. */
export function parseOfferQuery(params: URLSearchParams): OfferQuery {
  const value = (name: string): string => (params.get(name) ?? '').trim().slice(0, 100);
  const type = value('art');
  const language = value('sprache');
  const weekday = value('tag').toUpperCase();
  const dayPart = value('zeit');
  const page = Number(value('seite'));
  return {
    text: value('q'),
    type: isOfferType(type) ? type : null,
    targetGroup: /^[a-z-]{1,40}$/.test(value('fuer')) ? value('fuer') : null,
    language: isOfferLanguage(language) ? language : null,
    quartier: /^[a-z0-9-]{1,60}$/.test(value('quartier')) ? value('quartier') : null,
    stepFree: params.get('stufenlos') === '1',
    weekday: (weekdayCodes as readonly string[]).includes(weekday) ? (weekday as WeekdayCode) : null,
    dayPart: dayPart in dayParts ? (dayPart as DayPart) : null,
    free: params.get('kostenlos') === '1',
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

export interface OfferListItem {
  id: number;
  slug: string;
  title: string;
  type: OfferType;
  description: string;
  actorSlug: string;
  actorName: string;
  quartierSlug: string;
  quartierName: string;
  placeName: string | null;
  placeSlug: string | null;
  address: string | null;
  isFree: boolean;
  languages: string[];
  stepFree: boolean;
  byAppointment: boolean;
  validFrom: string | null;
  validUntil: string | null;
  checkedAt: Date;
  outdated: boolean;
  schedules: StoredSchedule[];
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Offers the public sees on `today`: published and not ended. */
export function visibleCondition(today: string): SQL {
  return and(eq(offers.status, 'published'), or(isNull(offers.validUntil), gte(offers.validUntil, today)))!;
}

const stepFreeColumn = sql<boolean>`(CASE WHEN ${offers.placeId} IS NOT NULL THEN ${places.stepFree} ELSE ${offers.stepFree} END)`;

function conditionsOf(query: OfferQuery, today: string): SQL[] {
  const conditions: SQL[] = [visibleCondition(today)];
  for (const word of foldForSearch(query.text).split(/\s+/).filter(Boolean).slice(0, 6)) {
    conditions.push(sql`${offers.searchText} LIKE ${`%${escapeLike(word)}%`} ESCAPE '\\'`);
  }
  if (query.type) conditions.push(eq(offers.type, query.type));
  if (query.free) conditions.push(eq(offers.isFree, true));
  if (query.stepFree) conditions.push(sql`${stepFreeColumn} = 1`);
  if (query.language) conditions.push(like(sql`',' || ${offers.languages} || ','`, `%,${query.language},%`));
  if (query.quartier) conditions.push(eq(quartiere.slug, query.quartier));
  if (query.targetGroup) {
    conditions.push(
      sql`exists (select 1 from ${offerTargetGroups} inner join ${targetGroups} on ${targetGroups.id} = ${offerTargetGroups.targetGroupId} where ${offerTargetGroups.offerId} = ${offers.id} and ${targetGroups.slug} in (${query.targetGroup}, 'alle'))`,
    );
  }
  if (query.weekday || query.dayPart) {
    const parts: SQL[] = [sql`${offerSchedules.offerId} = ${offers.id}`];
    if (query.weekday) parts.push(sql`${offerSchedules.byday} LIKE ${`%${query.weekday}%`}`);
    if (query.dayPart) {
      const [from, to] = dayParts[query.dayPart];
      parts.push(sql`${offerSchedules.opensAt} >= ${from} and ${offerSchedules.opensAt} < ${to}`);
    }
    conditions.push(sql`exists (select 1 from ${offerSchedules} where ${sql.join(parts, sql` and `)})`);
  }
  return conditions;
}

/** One page of matching offers, alphabetically, and how many match in all. */
export function searchOffers(
  db: Db,
  query: OfferQuery,
  now: Date = new Date(),
  options: { pageSize?: number; extra?: SQL } = {},
): { total: number; items: OfferListItem[] } {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const where = and(...conditionsOf(query, berlinDate(now)), options.extra);
  const base = db
    .select({ id: offers.id })
    .from(offers)
    .innerJoin(actors, eq(actors.id, offers.actorId))
    .innerJoin(quartiere, eq(quartiere.id, offers.quartierId))
    .leftJoin(places, eq(places.id, offers.placeId))
    .where(where);
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(base.as('matches'))
      .get()?.n ?? 0;
  const rows = db
    .select({
      id: offers.id,
      slug: offers.slug,
      title: offers.title,
      type: offers.type,
      description: offers.description,
      actorSlug: actors.slug,
      actorName: actors.name,
      quartierSlug: quartiere.slug,
      quartierName: quartiere.name,
      placeName: places.name,
      placeSlug: places.slug,
      street: sql<string | null>`coalesce(${places.street}, ${offers.street})`,
      postalCode: sql<string | null>`coalesce(${places.postalCode}, ${offers.postalCode})`,
      city: sql<string | null>`coalesce(${places.city}, ${offers.city})`,
      isFree: offers.isFree,
      languages: offers.languages,
      stepFree: stepFreeColumn,
      byAppointment: offers.byAppointment,
      validFrom: offers.validFrom,
      validUntil: offers.validUntil,
      checkedAt: offers.checkedAt,
      outdated: sql<number>`(${outdatedCondition(now)})`,
    })
    .from(offers)
    .innerJoin(actors, eq(actors.id, offers.actorId))
    .innerJoin(quartiere, eq(quartiere.id, offers.quartierId))
    .leftJoin(places, eq(places.id, offers.placeId))
    .where(where)
    .orderBy(asc(offers.title), asc(offers.id))
    .limit(pageSize)
    .offset((query.page - 1) * pageSize)
    .all();
  const schedules = loadScheduleMap(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    items: rows.map(({ street, postalCode, city, languages, stepFree, outdated, ...row }) => ({
      ...row,
      address: street ? `${street}, ${postalCode ?? ''} ${city ?? ''}`.trim() : null,
      languages: languages.split(',').filter(Boolean),
      stepFree: Boolean(stepFree),
      outdated: Boolean(outdated),
      schedules: schedules.get(row.id) ?? [],
    })),
  };
}

export function loadScheduleMap(db: Db, offerIds: number[]): Map<number, StoredSchedule[]> {
  const result = new Map<number, StoredSchedule[]>();
  if (offerIds.length === 0) return result;
  for (const row of db
    .select()
    .from(offerSchedules)
    .where(inArray(offerSchedules.offerId, offerIds))
    .orderBy(asc(offerSchedules.offerId), asc(offerSchedules.position))
    .all()) {
    const spec = specOf(row);
    if (spec) result.set(row.offerId, [...(result.get(row.offerId) ?? []), spec]);
  }
  return result;
}

export const emptyOfferQuery: OfferQuery = {
  text: '',
  type: null,
  targetGroup: null,
  language: null,
  quartier: null,
  stepFree: false,
  weekday: null,
  dayPart: null,
  free: false,
  page: 1,
};

/** All public offers of one actor (for its page), or of one Quartier and type (for the printout). */
export function listVisibleOffers(db: Db, filter: { actorId?: number; quartierId?: number; type?: OfferType | null }, now: Date = new Date()): OfferListItem[] {
  const extra = and(
    filter.actorId !== undefined ? eq(offers.actorId, filter.actorId) : undefined,
    filter.quartierId !== undefined ? eq(offers.quartierId, filter.quartierId) : undefined,
  );
  return searchOffers(db, { ...emptyOfferQuery, type: filter.type ?? null }, now, { pageSize: 10_000, ...(extra ? { extra } : {}) }).items;
}
