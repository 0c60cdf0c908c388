/**
 * Staff review of members' changes, for actors whose setting asks for it: a new offer waits as `pending`, a change
 * to a public actor or offer waits beside it (`pending_changes`) while the public version stays as it was.
 */
import { and, asc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db';
import { actors, offers, users } from '../../../../db/schema';
import { recordAudit } from '../audit';
import { DomainError, ForbiddenError } from '../errors';
import { actorIdsInQuartiere, isStaffOfActor, requireOfferAccess, staffActorScope, type User } from './access';
import { writeActor, type ActorInput } from './actors';
import { writeOffer, type OfferInput } from './offers';
import { syncOfferCalendar } from './calendar';

export interface ReviewItem {
  kind: 'actor' | 'offer';
  id: number;
  actorId: number;
  title: string;
  actorName: string;
  /** A new offer (not yet public) or a change to a public entry. */
  isNew: boolean;
  submittedBy: string | null;
  submittedAt: Date | null;
}

/** What waits for the user's review, oldest first. */
export function listReviewQueue(db: Db, user: User): ReviewItem[] {
  const scope = staffActorScope(db, user);
  if (scope !== 'all' && scope.length === 0) return [];
  const actorIds = scope === 'all' ? null : actorIdsInQuartiere(db, scope);
  if (actorIds !== null && actorIds.length === 0) return [];
  const actorRows = db
    .select({ id: actors.id, name: actors.name, at: actors.pendingAt, by: users.displayName })
    .from(actors)
    .leftJoin(users, eq(users.id, actors.pendingBy))
    .where(and(isNotNull(actors.pendingChanges), actorIds ? inArray(actors.id, actorIds) : undefined))
    .all();
  const offerRows = db
    .select({
      id: offers.id,
      actorId: offers.actorId,
      title: offers.title,
      status: offers.status,
      at: offers.pendingAt,
      created: offers.updatedAt,
      actorName: actors.name,
      by: users.displayName,
    })
    .from(offers)
    .innerJoin(actors, eq(actors.id, offers.actorId))
    .leftJoin(users, eq(users.id, offers.pendingBy))
    .where(and(or(isNotNull(offers.pendingChanges), eq(offers.status, 'pending')), actorIds ? inArray(offers.actorId, actorIds) : undefined))
    .orderBy(asc(offers.updatedAt))
    .all();
  const items: ReviewItem[] = [
    ...actorRows.map((r) => ({
      kind: 'actor' as const,
      id: r.id,
      actorId: r.id,
      title: r.name,
      actorName: r.name,
      isNew: false,
      submittedBy: r.by,
      submittedAt: r.at,
    })),
    ...offerRows.map((r) => ({
      kind: 'offer' as const,
      id: r.id,
      actorId: r.actorId,
      title: r.title,
      actorName: r.actorName,
      isNew: r.status === 'pending',
      submittedBy: r.by,
      submittedAt: r.at ?? r.created,
    })),
  ];
  return items.sort((a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0));
}

function requireReviewer(db: Db, user: User, actorId: number): void {
  if (!isStaffOfActor(db, user, actorId)) throw new ForbiddenError('offers.error.staffOnly');
}

/** Publishes what waits: the pending change, or the new offer. */
export function approveChange(db: Db, user: User, item: { kind: 'actor' | 'offer'; id: number }, now: Date = new Date()): void {
  db.transaction((tx) => {
    if (item.kind === 'actor') {
      const actor = tx.select().from(actors).where(eq(actors.id, item.id)).get();
      if (!actor?.pendingChanges) throw new DomainError('not_found', { key: 'offers.error.nothingPending' });
      requireReviewer(tx, user, actor.id);
      writeActor(tx, actor.id, JSON.parse(actor.pendingChanges) as ActorInput, null, now);
      recordAudit(tx, { actorUserId: user.id, action: 'actor.approve', entityType: 'actor', entityId: actor.id });
      return;
    }
    const { offer, actor } = requireOfferAccess(tx, user, item.id);
    requireReviewer(tx, user, actor.id);
    if (offer.pendingChanges) writeOffer(tx, actor, offer.id, JSON.parse(offer.pendingChanges) as OfferInput, 'published', now);
    else if (offer.status === 'pending') {
      tx.update(offers).set({ status: 'published', checkedAt: now, updatedAt: now }).where(eq(offers.id, offer.id)).run();
      syncOfferCalendar(tx, offer.id, now);
    } else throw new DomainError('not_found', { key: 'offers.error.nothingPending' });
    recordAudit(tx, { actorUserId: user.id, action: 'offer.approve', entityType: 'offer', entityId: offer.id, quartierId: offer.quartierId });
  });
}

/** Drops what waits: the pending change is discarded, a new offer is not published. */
export function declineChange(db: Db, user: User, item: { kind: 'actor' | 'offer'; id: number }, now: Date = new Date()): void {
  db.transaction((tx) => {
    if (item.kind === 'actor') {
      const actor = tx.select().from(actors).where(eq(actors.id, item.id)).get();
      if (!actor?.pendingChanges) throw new DomainError('not_found', { key: 'offers.error.nothingPending' });
      requireReviewer(tx, user, actor.id);
      tx.update(actors).set({ pendingChanges: null, pendingBy: null, pendingAt: null, updatedAt: actor.updatedAt }).where(eq(actors.id, actor.id)).run();
      recordAudit(tx, { actorUserId: user.id, action: 'actor.decline', entityType: 'actor', entityId: actor.id });
      return;
    }
    const { offer, actor } = requireOfferAccess(tx, user, item.id);
    requireReviewer(tx, user, actor.id);
    if (!offer.pendingChanges && offer.status !== 'pending') throw new DomainError('not_found', { key: 'offers.error.nothingPending' });
    tx.update(offers)
      .set({ pendingChanges: null, pendingBy: null, pendingAt: null, status: offer.status === 'pending' ? 'withdrawn' : offer.status, updatedAt: now })
      .where(eq(offers.id, offer.id))
      .run();
    recordAudit(tx, { actorUserId: user.id, action: 'offer.decline', entityType: 'offer', entityId: offer.id, quartierId: offer.quartierId });
  });
}
