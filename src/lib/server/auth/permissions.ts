/**
 * Who may do what. Every page and Action asks these functions about the object at hand and its Quartier;
 * nothing is decided by the URL path.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { organisationMembers, staffScopes, type User } from '../../../../db/schema';

export type Actor = Pick<User, 'id' | 'role'>;

export function isAdmin(user: Actor | null | undefined): boolean {
  return user?.role === 'admin';
}

/** Quartiere a staff member is responsible for; admins are responsible everywhere (returns 'all'). */
export function staffQuartierIds(db: Db, user: Actor | null | undefined): number[] | 'all' {
  if (!user) return [];
  if (user.role === 'admin') return 'all';
  if (user.role !== 'staff') return [];
  return db
    .select({ quartierId: staffScopes.quartierId })
    .from(staffScopes)
    .where(eq(staffScopes.userId, user.id))
    .all()
    .map((r) => r.quartierId);
}

/** Staff of this Quartier, or an admin. */
export function canManageQuartier(db: Db, user: Actor | null | undefined, quartierId: number): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  if (user.role !== 'staff') return false;
  return !!db
    .select({ userId: staffScopes.userId })
    .from(staffScopes)
    .where(and(eq(staffScopes.userId, user.id), eq(staffScopes.quartierId, quartierId)))
    .get();
}

/** Staff responsible for at least one of the given Quartiere (an event may belong to several). */
export function canManageAnyQuartier(db: Db, user: Actor | null | undefined, quartierIds: number[]): boolean {
  return quartierIds.some((id) => canManageQuartier(db, user, id));
}

export function isStaff(user: Actor | null | undefined): boolean {
  return user?.role === 'staff' || user?.role === 'admin';
}

/** The user's role in an organisation, or null when not a member. */
export function organisationRole(db: Db, userId: number, organisationId: number): 'member' | 'admin' | null {
  const row = db
    .select({ role: organisationMembers.role })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.userId, userId), eq(organisationMembers.organisationId, organisationId)))
    .get();
  return row?.role ?? null;
}

/** May this user manage the members and invitations of the organisation: its own admins, or a portal admin. */
export function canManageOrganisation(db: Db, user: Actor | null | undefined, organisationId: number): boolean {
  if (!user) return false;
  return isAdmin(user) || organisationRole(db, user.id, organisationId) === 'admin';
}

export function userOrganisationIds(db: Db, userId: number): number[] {
  return db
    .select({ id: organisationMembers.organisationId })
    .from(organisationMembers)
    .where(eq(organisationMembers.userId, userId))
    .all()
    .map((r) => r.id);
}
