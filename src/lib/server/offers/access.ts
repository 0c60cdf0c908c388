/**
 * Who may keep an actor and its offers: admins everywhere, staff for actors in one of their Quartiere, and the
 * members of the organisation the actor belongs to — only that one organisation's entries. Every change in this
 * area asks here first, inside the domain, so a form posted with another organisation's id is refused whatever
 * the page showed.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { actorQuartiere, actors, offers, type ActorRecord, type Offer } from '../../../../db/schema';
import { canManageAnyQuartier, isAdmin, organisationRole, staffQuartierIds, userOrganisationIds, type Actor as User } from '../auth/permissions';
import { ForbiddenError, NotFoundError } from '../errors';

export type { User };

/** `staff`: may change everything incl. the settings; `member`: may change the profile and offers. */
export type ActorAccess = 'staff' | 'member';

export function actorQuartierIds(db: Db, actorId: number): number[] {
  return db
    .select({ id: actorQuartiere.quartierId })
    .from(actorQuartiere)
    .where(eq(actorQuartiere.actorId, actorId))
    .all()
    .map((r) => r.id);
}

export function actorAccess(db: Db, user: User | null | undefined, actor: Pick<ActorRecord, 'id' | 'organisationId'>): ActorAccess | null {
  if (!user) return null;
  if (isAdmin(user)) return 'staff';
  if (user.role === 'staff' && canManageAnyQuartier(db, user, actorQuartierIds(db, actor.id))) return 'staff';
  if (actor.organisationId !== null && organisationRole(db, user.id, actor.organisationId) !== null) return 'member';
  return null;
}

/** The actor and what the user may do with it; refuses with 404 (no such actor) or 403 (not theirs). */
export function requireActorAccess(db: Db, user: User | null | undefined, actorId: number): { actor: ActorRecord; access: ActorAccess } {
  const actor = db.select().from(actors).where(eq(actors.id, actorId)).get();
  if (!actor) throw new NotFoundError('offers.error.actorNotFound');
  const access = actorAccess(db, user, actor);
  if (!access) throw new ForbiddenError('offers.error.notYours');
  return { actor, access };
}

/** The offer, its actor and the user's access; another organisation's offer id is refused with 403. */
export function requireOfferAccess(db: Db, user: User | null | undefined, offerId: number): { offer: Offer; actor: ActorRecord; access: ActorAccess } {
  const offer = db.select().from(offers).where(eq(offers.id, offerId)).get();
  if (!offer) throw new NotFoundError('offers.error.offerNotFound');
  const { actor, access } = requireActorAccess(db, user, offer.actorId);
  return { offer, actor, access };
}

/** Actors the user keeps as an organisation member (for the account pages). */
export function memberActorIds(db: Db, userId: number): number[] {
  const organisationIds = userOrganisationIds(db, userId);
  if (organisationIds.length === 0) return [];
  return db
    .select({ id: actors.id })
    .from(actors)
    .where(inArray(actors.organisationId, organisationIds))
    .all()
    .map((r) => r.id);
}

/** Quartiere whose actors the user keeps as staff ('all' for admins). */
export function staffActorScope(db: Db, user: User | null | undefined): number[] | 'all' {
  return staffQuartierIds(db, user);
}

/** Whether the user is staff of a Quartier an actor works in (used for the review queue). */
export function isStaffOfActor(db: Db, user: User, actorId: number): boolean {
  if (isAdmin(user)) return true;
  const ids = actorQuartierIds(db, actorId);
  return user.role === 'staff' && ids.length > 0 && canManageAnyQuartier(db, user, ids);
}

export function actorIdsInQuartiere(db: Db, quartierIds: number[]): number[] {
  if (quartierIds.length === 0) return [];
  return [
    ...new Set(
      db
        .select({ id: actorQuartiere.actorId })
        .from(actorQuartiere)
        .where(and(inArray(actorQuartiere.quartierId, quartierIds)))
        .all()
        .map((r) => r.id),
    ),
  ];
}
