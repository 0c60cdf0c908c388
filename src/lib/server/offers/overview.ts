/** The staff's per-Quartier overview: how many actors and offers, how fresh, what is outdated or waiting. */
import { and, asc, count, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../db';
import { actorQuartiere, actors, offers, quartiere, type ActorRecord, type Quartier } from '../../../../db/schema';
import { berlinDate, berlinZone } from '../../time';
import { freshnessSettings, outdatedCondition } from './freshness';
import { visibleCondition } from './search';

export interface QuartierFreshness {
  quartier: Quartier;
  actors: number;
  offers: number;
  /** Public offers checked within the confirmation interval. */
  checkedRecently: number;
  ended: number;
  outdatedActors: number;
  waiting: number;
}

export function quartierOverview(db: Db, scope: number[] | 'all', now: Date = new Date()): QuartierFreshness[] {
  const list = db
    .select()
    .from(quartiere)
    .where(scope === 'all' ? undefined : inArray(quartiere.id, scope.length ? scope : [-1]))
    .orderBy(asc(quartiere.sortOrder), asc(quartiere.name))
    .all();
  const today = berlinDate(now);
  const since = DateTime.fromJSDate(now, { zone: berlinZone }).minus({ months: freshnessSettings().confirmMonths }).toJSDate();
  return list.map((quartier) => {
    const actorIds = db.select({ id: actorQuartiere.actorId }).from(actorQuartiere).where(eq(actorQuartiere.quartierId, quartier.id));
    const inQuartier = eq(offers.quartierId, quartier.id);
    const n = (where: ReturnType<typeof and>): number => db.select({ n: count() }).from(offers).where(where).get()?.n ?? 0;
    return {
      quartier,
      actors: db.select({ n: count() }).from(actors).where(inArray(actors.id, actorIds)).get()?.n ?? 0,
      offers: n(and(inQuartier, visibleCondition(today))),
      checkedRecently: n(and(inQuartier, visibleCondition(today), gte(offers.checkedAt, since))),
      ended: n(and(inQuartier, or(eq(offers.status, 'withdrawn'), and(eq(offers.status, 'published'), lt(offers.validUntil, today))))),
      outdatedActors:
        db
          .select({ n: count() })
          .from(actors)
          .where(and(inArray(actors.id, actorIds), outdatedCondition(now)))
          .get()?.n ?? 0,
      waiting: n(and(inQuartier, or(eq(offers.status, 'pending'), isNotNull(offers.pendingChanges)))),
    };
  });
}

/** Actors of the scope whose entries are possibly outdated, longest unchecked first. */
export function listOutdatedActors(db: Db, scope: number[] | 'all', now: Date = new Date()): ActorRecord[] {
  const inScope =
    scope === 'all'
      ? undefined
      : inArray(
          actors.id,
          db
            .select({ id: actorQuartiere.actorId })
            .from(actorQuartiere)
            .where(inArray(actorQuartiere.quartierId, scope.length ? scope : [-1])),
        );
  return db
    .select()
    .from(actors)
    .where(and(outdatedCondition(now), inScope))
    .orderBy(asc(actors.checkedAt))
    .all();
}

/** All actors of the scope, for the staff list. */
export function listActorsInScope(db: Db, scope: number[] | 'all'): { id: number; name: string; checkedAt: Date; hasAccount: boolean }[] {
  const inScope =
    scope === 'all'
      ? undefined
      : inArray(
          actors.id,
          db
            .select({ id: actorQuartiere.actorId })
            .from(actorQuartiere)
            .where(inArray(actorQuartiere.quartierId, scope.length ? scope : [-1])),
        );
  return db
    .select({ id: actors.id, name: actors.name, checkedAt: actors.checkedAt, hasAccount: sql<number>`${actors.organisationId} IS NOT NULL` })
    .from(actors)
    .where(inScope)
    .orderBy(asc(actors.name))
    .all()
    .map((r) => ({ ...r, hasAccount: Boolean(r.hasAccount) }));
}
