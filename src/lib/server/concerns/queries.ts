/**
 * Reading concerns for the public (list, one concern, its public timeline) and for staff (the work list and
 * its counts). Public answers select named columns only: the reporter's name and contact are never read here.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { concernCategories, concernEvents, concernOffices, concernPhotos, concerns, quartiere, type ConcernStatus } from '../../../../db/schema';
import { berlinDate } from '../../time';

export const publicColumns = {
  id: concerns.id,
  status: concerns.status,
  description: concerns.description,
  locationText: concerns.locationText,
  latitude: concerns.latitude,
  longitude: concerns.longitude,
  expectedOn: concerns.expectedOn,
  answerText: concerns.answerText,
  duplicateOfId: concerns.duplicateOfId,
  createdAt: concerns.createdAt,
  updatedAt: concerns.updatedAt,
  categorySlug: concernCategories.slug,
  categoryName: concernCategories.name,
  quartierSlug: quartiere.slug,
  quartierName: quartiere.name,
  officeName: concernOffices.name,
};

export interface PublicConcern {
  id: number;
  status: ConcernStatus;
  description: string;
  locationText: string;
  latitude: number | null;
  longitude: number | null;
  expectedOn: string | null;
  answerText: string | null;
  duplicateOfId: number | null;
  createdAt: Date;
  updatedAt: Date;
  categorySlug: string;
  categoryName: string;
  quartierSlug: string;
  quartierName: string;
  officeName: string | null;
}

/** Shown publicly: the reporter agreed, and staff have reviewed it. */
export const isShownPublicly: SQL = and(eq(concerns.isPublic, true), isNotNull(concerns.reviewedAt))!;

export interface PublicFilter {
  quartier?: string | undefined;
  category?: string | undefined;
  status?: ConcernStatus | undefined;
}

/**
 * The filter on the concerns table alone (slugs resolved to ids first), so counting 20,000 concerns reads one
 * covering index instead of joining every row.
 */
function publicWhere(db: Db, filter: PublicFilter): SQL | null {
  const quartierId = filter.quartier ? db.select({ id: quartiere.id }).from(quartiere).where(eq(quartiere.slug, filter.quartier)).get()?.id : undefined;
  const categoryId = filter.category
    ? db.select({ id: concernCategories.id }).from(concernCategories).where(eq(concernCategories.slug, filter.category)).get()?.id
    : undefined;
  if ((filter.quartier && quartierId === undefined) || (filter.category && categoryId === undefined)) return null;
  return and(
    isShownPublicly,
    quartierId !== undefined ? eq(concerns.quartierId, quartierId) : undefined,
    categoryId !== undefined ? eq(concerns.categoryId, categoryId) : undefined,
    filter.status ? eq(concerns.status, filter.status) : undefined,
  )!;
}

function publicQuery(db: Db) {
  return db
    .select(publicColumns)
    .from(concerns)
    .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
    .innerJoin(quartiere, eq(quartiere.id, concerns.quartierId))
    .leftJoin(concernOffices, eq(concernOffices.id, concerns.officeId));
}

export const PUBLIC_PAGE_SIZE = 20;

export function listPublicConcerns(db: Db, filter: PublicFilter, page = 1): { rows: PublicConcern[]; total: number } {
  const where = publicWhere(db, filter);
  if (!where) return { rows: [], total: 0 };
  const total = db.select({ total: count() }).from(concerns).where(where).get()!.total;
  const rows = publicQuery(db)
    .where(where)
    .orderBy(desc(concerns.createdAt), desc(concerns.id))
    .limit(PUBLIC_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * PUBLIC_PAGE_SIZE)
    .all();
  return { rows, total };
}

export function getPublicConcern(db: Db, id: number): PublicConcern | null {
  return (
    publicQuery(db)
      .where(and(eq(concerns.id, id), isShownPublicly))
      .get() ?? null
  );
}

/** Photos shown publicly (after staff review); a reply link or staff see them earlier. */
export function publicPhotos(db: Db, concernIds: readonly number[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  if (concernIds.length === 0) return map;
  for (const row of db
    .select({ concernId: concernPhotos.concernId, fileName: concernPhotos.fileName })
    .from(concernPhotos)
    .where(inArray(concernPhotos.concernId, [...concernIds]))
    .orderBy(asc(concernPhotos.id))
    .all()) {
    map.set(row.concernId, [...(map.get(row.concernId) ?? []), row.fileName]);
  }
  return map;
}

export interface PublicEvent {
  id: number;
  concernId: number;
  at: Date;
  kind: string;
  toStatus: ConcernStatus | null;
  note: string;
  officeName: string | null;
}

/** The public part of the timeline: state changes and answers (internal notes stay with staff). */
export function publicTimeline(db: Db, concernId: number): PublicEvent[] {
  return db
    .select({
      id: concernEvents.id,
      concernId: concernEvents.concernId,
      at: concernEvents.at,
      kind: concernEvents.kind,
      toStatus: concernEvents.toStatus,
      note: concernEvents.note,
      officeName: concernOffices.name,
    })
    .from(concernEvents)
    .leftJoin(concernOffices, eq(concernOffices.id, concernEvents.officeId))
    .where(and(eq(concernEvents.concernId, concernId), eq(concernEvents.isPublic, true)))
    .orderBy(asc(concernEvents.at), asc(concernEvents.id))
    .all()
    .map((e) => ({ ...e, note: e.kind === 'answer' || e.kind === 'merged' ? e.note : '' }));
}

/** The latest public state changes, for the Atom feed (per Quartier or city-wide). */
export function recentPublicEvents(db: Db, quartierSlug: string | undefined, limit = 50): (PublicEvent & { concern: PublicConcern })[] {
  const rows = db
    .select({
      event: {
        id: concernEvents.id,
        concernId: concernEvents.concernId,
        at: concernEvents.at,
        kind: concernEvents.kind,
        toStatus: concernEvents.toStatus,
        note: concernEvents.note,
      },
      concern: publicColumns,
    })
    .from(concernEvents)
    .innerJoin(concerns, eq(concerns.id, concernEvents.concernId))
    .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
    .innerJoin(quartiere, eq(quartiere.id, concerns.quartierId))
    .leftJoin(concernOffices, eq(concernOffices.id, concerns.officeId))
    .where(and(eq(concernEvents.isPublic, true), isShownPublicly, quartierSlug ? eq(quartiere.slug, quartierSlug) : undefined))
    .orderBy(desc(concernEvents.at), desc(concernEvents.id))
    .limit(limit)
    .all();
  return rows.map(({ event, concern }) => ({ ...event, note: event.kind === 'answer' ? event.note : '', officeName: concern.officeName, concern }));
}

// --- Staff ------------------------------------------------------------------------------------------

export const workListSections = ['neu', 'antwort', 'wartend', 'ueberfaellig', 'wiedereroeffnet'] as const;
export type WorkListSection = (typeof workListSections)[number];

function sectionWhere(section: WorkListSection, today: string): SQL {
  switch (section) {
    case 'neu':
      return inArray(concerns.status, ['neu', 'in_pruefung']);
    case 'antwort':
      // The office said it is not responsible: staff must forward it elsewhere.
      return eq(concerns.status, 'antwort_erhalten');
    case 'wartend':
      return and(eq(concerns.status, 'weitergeleitet'), isNull(concerns.overdueAt))!;
    case 'ueberfaellig':
      return or(
        and(eq(concerns.status, 'weitergeleitet'), isNotNull(concerns.overdueAt)),
        and(eq(concerns.status, 'in_arbeit'), lte(concerns.expectedOn, today)),
      )!;
    case 'wiedereroeffnet':
      return and(isNotNull(concerns.reopenedAt), inArray(concerns.status, ['in_pruefung', 'weitergeleitet', 'antwort_erhalten', 'in_arbeit']))!;
  }
}

export interface WorkItem {
  id: number;
  status: ConcernStatus;
  description: string;
  locationText: string;
  categoryName: string;
  quartierName: string;
  officeName: string | null;
  createdAt: Date;
  forwardedAt: Date | null;
  expectedOn: string | null;
  callBack: boolean;
  reopenedAt: Date | null;
}

function scopeWhere(scope: number[] | 'all', quartierId: number | undefined): SQL | undefined {
  if (quartierId !== undefined) return scope === 'all' || scope.includes(quartierId) ? eq(concerns.quartierId, quartierId) : sql`0`;
  return scope === 'all' ? undefined : inArray(concerns.quartierId, scope.length > 0 ? scope : [-1]);
}

/** One section of the work list, for the Quartiere the member of staff works in (checked here, not by the page). */
export function listWork(
  db: Db,
  scope: number[] | 'all',
  section: WorkListSection,
  now: Date,
  options: { quartierId?: number | undefined; limit?: number } = {},
): WorkItem[] {
  return db
    .select({
      id: concerns.id,
      status: concerns.status,
      description: concerns.description,
      locationText: concerns.locationText,
      categoryName: concernCategories.name,
      quartierName: quartiere.name,
      officeName: concernOffices.name,
      createdAt: concerns.createdAt,
      forwardedAt: concerns.forwardedAt,
      expectedOn: concerns.expectedOn,
      callBack: concerns.callBack,
      reopenedAt: concerns.reopenedAt,
    })
    .from(concerns)
    .innerJoin(concernCategories, eq(concernCategories.id, concerns.categoryId))
    .innerJoin(quartiere, eq(quartiere.id, concerns.quartierId))
    .leftJoin(concernOffices, eq(concernOffices.id, concerns.officeId))
    .where(and(sectionWhere(section, berlinDate(now)), scopeWhere(scope, options.quartierId)))
    .orderBy(asc(concerns.createdAt))
    .limit(options.limit ?? 200)
    .all();
}

/** How many concerns wait in each section (the back-office start page shows these). */
export function countWork(db: Db, scope: number[] | 'all', now: Date, quartierId?: number): Record<WorkListSection, number> {
  const today = berlinDate(now);
  const counts = {} as Record<WorkListSection, number>;
  for (const section of workListSections) {
    counts[section] = db
      .select({ n: count() })
      .from(concerns)
      .where(and(sectionWhere(section, today), scopeWhere(scope, quartierId)))
      .get()!.n;
  }
  return counts;
}
