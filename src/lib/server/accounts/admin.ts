/**
 * What the portal admins (Koordinationsstelle) do with accounts: roles, the Quartiere a staff member is
 * responsible for, disabling an account. Every change is written to the audit log in its transaction.
 */
import { and, asc, eq, like, or, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { organisationMembers, organisations, quartiere, staffScopes, users, type User, type UserRole } from '../../../../db/schema';
import { rotateFeedsKnownTo, rotatePlaceFeeds } from '../feeds/feed-tokens';
import { recordAudit } from '../audit';
import { invalidateUserSessions } from '../auth/session';
import { DomainError, type Problem } from '../errors';

/** Admins may not lock themselves out: neither give up their own admin role nor disable their own account. */
export class OwnAccountError extends DomainError {
  constructor(problem: Problem) {
    super('invalid', problem);
  }
}
export class UnknownQuartierError extends DomainError {
  constructor() {
    super('invalid', { key: 'account.error.quartierInvalid', field: 'scope' });
  }
}

export interface UserListItem {
  id: number;
  email: string;
  displayName: string;
  role: UserRole;
  verified: boolean;
  disabled: boolean;
  createdAt: Date;
  quartiere: string[];
}

export function listUsers(db: Db, filter: { search?: string; role?: UserRole | '' } = {}, limit = 200): UserListItem[] {
  const conditions: SQL[] = [];
  const search = filter.search?.trim().toLowerCase().replace(/[%_]/g, '');
  if (search) conditions.push(or(like(users.email, `%${search}%`), like(users.displayName, `%${search}%`))!);
  if (filter.role) conditions.push(eq(users.role, filter.role));
  const rows = db
    .select()
    .from(users)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(users.displayName))
    .limit(limit)
    .all();
  const scopes = db
    .select({ userId: staffScopes.userId, name: quartiere.name })
    .from(staffScopes)
    .innerJoin(quartiere, eq(quartiere.id, staffScopes.quartierId))
    .all();
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    verified: u.emailVerifiedAt !== null,
    disabled: u.disabledAt !== null,
    createdAt: u.createdAt,
    quartiere: scopes.filter((s) => s.userId === u.id).map((s) => s.name),
  }));
}

export interface UserDetail {
  user: User;
  scopes: { quartierId: number; title: string }[];
  organisations: { id: number; name: string; role: 'member' | 'admin' }[];
}

export function getUserDetail(db: Db, userId: number): UserDetail | null {
  const user = db.select().from(users).where(eq(users.id, userId)).get();
  if (!user) return null;
  return {
    user,
    scopes: db.select({ quartierId: staffScopes.quartierId, title: staffScopes.title }).from(staffScopes).where(eq(staffScopes.userId, userId)).all(),
    organisations: db
      .select({ id: organisations.id, name: organisations.name, role: organisationMembers.role })
      .from(organisationMembers)
      .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
      .where(eq(organisationMembers.userId, userId))
      .orderBy(asc(organisations.name))
      .all(),
  };
}

function scopeQuartierIds(db: Db, userId: number): number[] {
  return db
    .select({ id: staffScopes.quartierId })
    .from(staffScopes)
    .where(eq(staffScopes.userId, userId))
    .all()
    .map((s) => s.id);
}

/** Admins cannot take away their own admin role, so the portal never ends up without one by accident. */
export function setUserRole(db: Db, actorId: number, userId: number, role: UserRole): void {
  if (actorId === userId && role !== 'admin') throw new OwnAccountError({ key: 'admin.error.ownRole', field: 'role' });
  db.transaction((tx) => {
    const before = tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
    if (!before || before.role === role) return;
    // Whoever loses access to places' booking feeds knew their addresses: those places get new ones.
    if (before.role === 'admin') rotatePlaceFeeds(tx, 'all');
    else if (before.role === 'staff' && role !== 'staff') rotatePlaceFeeds(tx, scopeQuartierIds(tx, userId));
    tx.update(users).set({ role }).where(eq(users.id, userId)).run();
    // Scopes only mean something for staff; a former staff member keeps none.
    if (role !== 'staff') tx.delete(staffScopes).where(eq(staffScopes.userId, userId)).run();
    recordAudit(tx, { actorUserId: actorId, action: 'user.role', entityType: 'user', entityId: userId, details: { from: before.role, to: role } });
  });
}

/** Replaces the Quartiere a staff member is responsible for, with the title shown to residents. */
export function setStaffScopes(db: Db, actorId: number, userId: number, scopes: { quartierId: number; title: string }[]): void {
  db.transaction((tx) => {
    const known = new Set(
      tx
        .select({ id: quartiere.id })
        .from(quartiere)
        .all()
        .map((q) => q.id),
    );
    if (scopes.some((s) => !known.has(s.quartierId))) throw new UnknownQuartierError();
    const before = tx.select({ quartierId: staffScopes.quartierId, title: staffScopes.title }).from(staffScopes).where(eq(staffScopes.userId, userId)).all();
    tx.delete(staffScopes).where(eq(staffScopes.userId, userId)).run();
    for (const s of scopes) tx.insert(staffScopes).values({ userId, quartierId: s.quartierId, title: s.title.trim() }).run();
    // A scope that ended: the places there get new booking feed addresses.
    const kept = new Set(scopes.map((s) => s.quartierId));
    rotatePlaceFeeds(
      tx,
      before.map((s) => s.quartierId).filter((id) => !kept.has(id)),
    );
    recordAudit(tx, { actorUserId: actorId, action: 'user.scopes', entityType: 'user', entityId: userId, details: { from: before, to: scopes } });
  });
}

/** A disabled account cannot log in and loses its sessions at once; its data stays. */
export function setUserDisabled(db: Db, actorId: number, userId: number, disabled: boolean, now: Date = new Date()): void {
  if (actorId === userId) throw new OwnAccountError({ key: 'admin.error.ownDisable' });
  db.transaction((tx) => {
    tx.update(users)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(users.id, userId))
      .run();
    if (disabled) {
      invalidateUserSessions(tx, userId);
      rotateFeedsKnownTo(tx, userId);
    }
    recordAudit(tx, { actorUserId: actorId, action: disabled ? 'user.disable' : 'user.enable', entityType: 'user', entityId: userId });
  });
}
