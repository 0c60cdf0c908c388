/**
 * Quartiershelfer*innen (Krefeld): helpers scoped to Quartiere walk routes that staff define (ordered stops,
 * weekdays), record what they find (Abfall, Grün, Straße, Sonstiges) and either remove it themselves or hand it
 * on — then it becomes a concern in the same step. A round without findings is a result too.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { canManageQuartier, type Actor } from '../auth/permissions';
import { recordAudit } from '../audit';
import { DomainError, ForbiddenError, NotFoundError, problem } from '../errors';
import { berlinDate, toBerlin } from '../../time';
import type { Locale } from '../../../i18n';
import {
  helperFindings,
  helperRounds,
  helperRoutes,
  helperScopes,
  quartiere,
  users,
  type FindingCategory,
  type HelperFinding,
  type HelperRound,
  type HelperRoute,
} from '../../../../db/schema';
import { processPhotos, storePhotos, discardPhotos, type Upload } from './photos';
import { reportConcern } from './reporting';

/** Which concern category a handed-on finding becomes. */
const concernCategoryOf: Record<FindingCategory, string> = { abfall: 'muell', gruen: 'gruen', strasse: 'strasse-gehweg', sonstiges: 'sonstiges' };

export function helperQuartierIds(db: Db, user: Actor | null | undefined): number[] {
  if (!user) return [];
  return db
    .select({ id: helperScopes.quartierId })
    .from(helperScopes)
    .where(eq(helperScopes.userId, user.id))
    .all()
    .map((r) => r.id);
}

/** Staff add or remove a Quartiershelfer*in (an existing account) for one of their Quartiere. */
export function setHelperScope(db: Db, actor: Actor, input: { email: string; quartierId: number; active: boolean }): number {
  if (!canManageQuartier(db, actor, input.quartierId)) throw new ForbiddenError('concerns.error.forbidden');
  return db.transaction((tx) => {
    const user = tx.select({ id: users.id }).from(users).where(eq(users.email, input.email.toLowerCase())).get();
    if (!user) throw new DomainError('invalid', problem('rounds.error.noAccount', { field: 'email' }));
    if (input.active) tx.insert(helperScopes).values({ userId: user.id, quartierId: input.quartierId }).onConflictDoNothing().run();
    else
      tx.delete(helperScopes)
        .where(and(eq(helperScopes.userId, user.id), eq(helperScopes.quartierId, input.quartierId)))
        .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: input.active ? 'helper_scope.add' : 'helper_scope.remove',
      entityType: 'user',
      entityId: user.id,
      quartierId: input.quartierId,
    });
    return user.id;
  });
}

export function listHelpers(
  db: Db,
  quartierIds: number[] | 'all',
): { userId: number; name: string; email: string; quartierId: number; quartierName: string }[] {
  return db
    .select({ userId: users.id, name: users.displayName, email: users.email, quartierId: quartiere.id, quartierName: quartiere.name })
    .from(helperScopes)
    .innerJoin(users, eq(users.id, helperScopes.userId))
    .innerJoin(quartiere, eq(quartiere.id, helperScopes.quartierId))
    .where(quartierIds === 'all' ? undefined : inArray(helperScopes.quartierId, quartierIds.length > 0 ? quartierIds : [-1]))
    .orderBy(asc(quartiere.sortOrder), asc(users.displayName))
    .all();
}

export function parseWeekdays(text: string): number[] {
  return text
    .split(',')
    .map(Number)
    .filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
}

export function listRoutes(db: Db, quartierIds: number[] | 'all'): (HelperRoute & { quartierName: string })[] {
  return db
    .select({ route: helperRoutes, quartierName: quartiere.name })
    .from(helperRoutes)
    .innerJoin(quartiere, eq(quartiere.id, helperRoutes.quartierId))
    .where(quartierIds === 'all' ? undefined : inArray(helperRoutes.quartierId, quartierIds.length > 0 ? quartierIds : [-1]))
    .orderBy(asc(quartiere.sortOrder), asc(helperRoutes.name))
    .all()
    .map(({ route, quartierName }) => ({ ...route, quartierName }));
}

export function getRoute(db: Db, id: number): HelperRoute | null {
  return db.select().from(helperRoutes).where(eq(helperRoutes.id, id)).get() ?? null;
}

export interface RouteInput {
  quartierId: number;
  name: string;
  stops: string[];
  weekdays: number[];
  active: boolean;
}

export function saveRoute(db: Db, actor: Actor, id: number | null, input: RouteInput): HelperRoute {
  const existing = id === null ? null : getRoute(db, id);
  if (id !== null && !existing) throw new NotFoundError('concerns.error.notFound');
  if (!canManageQuartier(db, actor, input.quartierId) || (existing && !canManageQuartier(db, actor, existing.quartierId)))
    throw new ForbiddenError('concerns.error.forbidden');
  if (input.stops.length === 0) throw new DomainError('invalid', problem('rounds.error.stopsRequired', { field: 'stops' }));
  if (input.weekdays.length === 0) throw new DomainError('invalid', problem('rounds.error.weekdaysRequired', { field: 'weekdays' }));
  return db.transaction((tx) => {
    const values = {
      quartierId: input.quartierId,
      name: input.name,
      stops: input.stops.join('\n'),
      weekdays: [...new Set(input.weekdays)].sort().join(','),
      active: input.active,
    };
    const row =
      id === null
        ? tx.insert(helperRoutes).values(values).returning().get()
        : tx.update(helperRoutes).set(values).where(eq(helperRoutes.id, id)).returning().get()!;
    recordAudit(tx, {
      actorUserId: actor.id,
      action: id === null ? 'helper_route.create' : 'helper_route.update',
      entityType: 'helper_route',
      entityId: row.id,
      quartierId: row.quartierId,
      details: values,
    });
    return row;
  });
}

export interface TodaysRoute {
  route: HelperRoute & { quartierName: string };
  round: HelperRound | null;
}

/** The routes a helper walks today (their Quartiere, today's weekday in Berlin) with their round of today. */
export function todaysRoutes(db: Db, user: Actor, now: Date = new Date()): TodaysRoute[] {
  const weekday = toBerlin(now).weekday;
  const today = berlinDate(now);
  const routes = listRoutes(db, helperQuartierIds(db, user)).filter((r) => r.active && parseWeekdays(r.weekdays).includes(weekday));
  return routes.map((route) => ({
    route,
    round:
      db
        .select()
        .from(helperRounds)
        .where(and(eq(helperRounds.routeId, route.id), eq(helperRounds.userId, user.id), eq(helperRounds.walkedOn, today)))
        .get() ?? null,
  }));
}

function requireHelperFor(db: Db, user: Actor, quartierId: number): void {
  if (!helperQuartierIds(db, user).includes(quartierId)) throw new ForbiddenError('rounds.error.notHelper');
}

/** Starts today's round of a route (or returns the one already started). */
export function startRound(db: Db, user: Actor, routeId: number, now: Date = new Date()): HelperRound {
  return db.transaction((tx) => {
    const route = getRoute(tx, routeId);
    if (!route || !route.active) throw new NotFoundError('concerns.error.notFound');
    requireHelperFor(tx, user, route.quartierId);
    const today = berlinDate(now);
    const existing = tx
      .select()
      .from(helperRounds)
      .where(and(eq(helperRounds.routeId, routeId), eq(helperRounds.userId, user.id), eq(helperRounds.walkedOn, today)))
      .get();
    if (existing) return existing;
    return tx.insert(helperRounds).values({ routeId, userId: user.id, walkedOn: today, startedAt: now }).returning().get();
  });
}

export function getRoundForHelper(db: Db, user: Actor, roundId: number): { round: HelperRound; route: HelperRoute; findings: HelperFinding[] } {
  const round = db.select().from(helperRounds).where(eq(helperRounds.id, roundId)).get();
  if (!round) throw new NotFoundError('concerns.error.notFound');
  const route = getRoute(db, round.routeId)!;
  if (round.userId !== user.id && !canManageQuartier(db, user, route.quartierId)) throw new ForbiddenError('rounds.error.notHelper');
  const findings = db.select().from(helperFindings).where(eq(helperFindings.roundId, roundId)).orderBy(asc(helperFindings.createdAt)).all();
  return { round, route, findings };
}

export interface FindingInput {
  category: FindingCategory;
  locationText: string;
  note?: string | undefined;
  outcome: HelperFinding['outcome'];
}

/** Records a finding; "weitergeben" turns it into a concern (with the photo) in the same step. */
export async function recordFinding(
  db: Db,
  user: Actor & { displayName: string },
  roundId: number,
  input: FindingInput,
  options: { uploads?: readonly Upload[]; locale: Locale; now?: Date },
): Promise<HelperFinding> {
  const now = options.now ?? new Date();
  const { round, route } = getRoundForHelper(db, user, roundId);
  if (round.userId !== user.id) throw new ForbiddenError('rounds.error.notHelper');
  if (round.finishedAt) throw new DomainError('conflict', problem('rounds.error.finished'));
  requireHelperFor(db, user, route.quartierId);
  const photos = options.uploads && options.uploads.length > 0 ? await processPhotos(options.uploads.slice(0, 1), 'photo') : [];
  let concernId: number | null = null;
  let photoFileName: string | null = null;
  if (input.outcome === 'weitergegeben') {
    const quartierSlug = db.select({ slug: quartiere.slug }).from(quartiere).where(eq(quartiere.id, route.quartierId)).get()!.slug;
    const concern = await reportConcern(
      db,
      {
        description: input.note || input.locationText,
        category: concernCategoryOf[input.category],
        quartier: quartierSlug,
        locationText: input.locationText,
        isPublic: true,
        reporterName: user.displayName,
      },
      { locale: options.locale, source: 'round', actor: user, processed: photos, now },
    );
    concernId = concern.id;
  } else {
    photoFileName = storePhotos(photos)[0]?.fileName ?? null;
  }
  try {
    return db
      .insert(helperFindings)
      .values({
        roundId,
        category: input.category,
        locationText: input.locationText,
        note: input.note ?? '',
        outcome: input.outcome,
        concernId,
        photoFileName,
        createdAt: now,
      })
      .returning()
      .get();
  } catch (error) {
    if (photoFileName) discardPhotos([photoFileName]);
    throw error;
  }
}

export function finishRound(db: Db, user: Actor, roundId: number, note: string, now: Date = new Date()): HelperRound {
  return db.transaction((tx) => {
    const { round } = getRoundForHelper(tx, user, roundId);
    if (round.userId !== user.id) throw new ForbiddenError('rounds.error.notHelper');
    if (round.finishedAt) throw new DomainError('conflict', problem('rounds.error.finished'));
    return tx
      .update(helperRounds)
      .set({ finishedAt: now, note })
      .where(and(eq(helperRounds.id, roundId), isNull(helperRounds.finishedAt)))
      .returning()
      .get()!;
  });
}

export interface RoundSummary {
  id: number;
  routeId: number;
  walkedOn: string;
  helperName: string | null;
  finished: boolean;
  findings: number;
}

/** Rounds walked per route in a week (Monday to Sunday), for staff. */
export function roundsOfWeek(db: Db, quartierIds: number[] | 'all', monday: string): RoundSummary[] {
  const sunday = toBerlin(new Date(`${monday}T12:00:00Z`))
    .plus({ days: 6 })
    .toISODate()!;
  const routeIds = listRoutes(db, quartierIds).map((r) => r.id);
  if (routeIds.length === 0) return [];
  return db
    .select({
      id: helperRounds.id,
      routeId: helperRounds.routeId,
      walkedOn: helperRounds.walkedOn,
      helperName: users.displayName,
      finishedAt: helperRounds.finishedAt,
      findings: sql<number>`(select count(*) from ${helperFindings} where ${helperFindings.roundId} = ${helperRounds.id})`,
    })
    .from(helperRounds)
    .leftJoin(users, eq(users.id, helperRounds.userId))
    .where(and(inArray(helperRounds.routeId, routeIds), gte(helperRounds.walkedOn, monday), lte(helperRounds.walkedOn, sunday)))
    .orderBy(asc(helperRounds.walkedOn), desc(helperRounds.id))
    .all()
    .map(({ finishedAt, ...r }) => ({ ...r, finished: finishedAt !== null }));
}

/** Findings of the week by category and outcome. */
export function findingsByCategory(
  db: Db,
  quartierIds: number[] | 'all',
  monday: string,
): { category: FindingCategory; outcome: HelperFinding['outcome']; count: number }[] {
  const rounds = roundsOfWeek(db, quartierIds, monday).map((r) => r.id);
  if (rounds.length === 0) return [];
  return db
    .select({ category: helperFindings.category, outcome: helperFindings.outcome, count: sql<number>`count(*)` })
    .from(helperFindings)
    .where(inArray(helperFindings.roundId, rounds))
    .groupBy(helperFindings.category, helperFindings.outcome)
    .all();
}
