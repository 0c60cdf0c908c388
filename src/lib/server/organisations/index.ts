/**
 * Organisations (Bürgervereine, Kirchengemeinden, Träger) and their members. Admins of the portal create
 * organisations; an organisation's own admins invite and manage its members.
 */
import { and, asc, eq, gt, isNotNull, isNull, like, lt, or } from 'drizzle-orm';
import type { Db } from '../db';
import { bookings, organisationInvitations, type organisationKinds, organisationMembers, organisations, users, type Organisation } from '../../../../db/schema';
import { slugify } from '../../slug';
import { recordAudit } from '../audit';
import { generateSecureRandomString } from '../auth/session';
import { hashToken } from '../accounts/tokens';
import { enqueueComposedMail } from '../mail/compose';
import { getConfig } from '../config';
import { translate, type Locale } from '../../../i18n';
import { recipientLocale } from '../mail/recipient-locale';
import { canManageOrganisation, isAdmin, organisationRole as memberRole, type Actor } from '../auth/permissions';
import { DomainError, ForbiddenError, NotFoundError } from '../errors';
import { toBerlin } from '../../time';
import { rotateOrganisationFeeds } from '../feeds/feed-tokens';

export type OrganisationKind = (typeof organisationKinds)[number];
export type OrganisationRole = 'member' | 'admin';

export const INVITATION_LIFETIME_DAYS = 7;

/** The last admin of an organisation cannot leave or step down, so an organisation never loses its admins. */
export class LastAdminError extends DomainError {
  constructor() {
    super('conflict', { key: 'org.error.lastAdmin' });
  }
}
export class AlreadyMemberError extends DomainError {
  constructor() {
    super('conflict', { key: 'org.error.alreadyMember', field: 'email' });
  }
}
export class NoAccountError extends DomainError {
  constructor() {
    super('invalid', { key: 'org.error.noAccount', field: 'email' });
  }
}
export class InvitationInvalidError extends DomainError {
  constructor() {
    super('invalid', { key: 'org.error.invitationInvalid' });
  }
}
/** The invitation names another address than the logged-in person's (the link may have been forwarded). */
export class InvitationForOtherAddressError extends DomainError {
  constructor(
    readonly invited: string,
    readonly current: string,
  ) {
    super('forbidden', { key: 'org.error.invitationOtherAddress', params: { invited, current } });
  }
}

/** The organisation, when the actor may manage its members; throws otherwise (not found before forbidden). */
function organisationManagedBy(db: Db, actor: Actor, organisationId: number): Organisation {
  const organisation = getOrganisation(db, organisationId);
  if (!organisation) throw new NotFoundError();
  if (!canManageOrganisation(db, actor, organisationId)) throw new ForbiddenError();
  return organisation;
}

export interface UserOrganisation {
  id: number;
  name: string;
  role: OrganisationRole;
}

export function listUserOrganisations(db: Db, userId: number): UserOrganisation[] {
  return db
    .select({ id: organisations.id, name: organisations.name, role: organisationMembers.role })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, userId))
    .orderBy(asc(organisations.name))
    .all();
}

export function getOrganisation(db: Db, id: number): Organisation | null {
  return db.select().from(organisations).where(eq(organisations.id, id)).get() ?? null;
}

export interface OrganisationListItem extends Organisation {
  memberCount: number;
}

export function listOrganisations(db: Db, search = ''): OrganisationListItem[] {
  const rows = db
    .select()
    .from(organisations)
    .where(search ? like(organisations.name, `%${search.replace(/[%_]/g, '')}%`) : undefined)
    .orderBy(asc(organisations.name))
    .all();
  const counts = new Map<number, number>();
  for (const m of db.select({ organisationId: organisationMembers.organisationId }).from(organisationMembers).all()) {
    counts.set(m.organisationId, (counts.get(m.organisationId) ?? 0) + 1);
  }
  return rows.map((r) => ({ ...r, memberCount: counts.get(r.id) ?? 0 }));
}

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  quartierId: number | null;
  email: string | null;
  phone: string | null;
  website: string | null;
}

function uniqueSlug(db: Db, name: string, exceptId?: number): string {
  const base = slugify(name);
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    const row = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get();
    if (!row || row.id === exceptId) return slug;
  }
}

export function createOrganisation(db: Db, actorId: number, input: OrganisationInput): Organisation {
  return db.transaction((tx) => {
    const org = tx
      .insert(organisations)
      .values({ ...input, slug: uniqueSlug(tx, input.name) })
      .returning()
      .get();
    recordAudit(tx, {
      actorUserId: actorId,
      action: 'organisation.create',
      entityType: 'organisation',
      entityId: org.id,
      quartierId: org.quartierId,
      details: { ...input },
    });
    return org;
  });
}

export function updateOrganisation(db: Db, actorId: number, id: number, input: OrganisationInput): Organisation | null {
  return db.transaction((tx) => {
    const before = getOrganisation(tx, id);
    if (!before) return null;
    const org = tx.update(organisations).set(input).where(eq(organisations.id, id)).returning().get();
    const changed = Object.fromEntries(
      Object.entries(input)
        .filter(([k, v]) => before[k as keyof OrganisationInput] !== v)
        .map(([k, v]) => [k, { from: before[k as keyof OrganisationInput], to: v }]),
    );
    recordAudit(tx, {
      actorUserId: actorId,
      action: 'organisation.update',
      entityType: 'organisation',
      entityId: id,
      quartierId: org.quartierId,
      details: changed,
    });
    return org;
  });
}

export interface OrganisationMember {
  userId: number;
  email: string;
  displayName: string;
  role: OrganisationRole;
  since: Date;
}

export function listOrganisationMembers(db: Db, organisationId: number): OrganisationMember[] {
  return db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: organisationMembers.role,
      since: organisationMembers.createdAt,
    })
    .from(organisationMembers)
    .innerJoin(users, eq(users.id, organisationMembers.userId))
    .where(eq(organisationMembers.organisationId, organisationId))
    .orderBy(asc(users.displayName))
    .all();
}

function countAdmins(db: Db, organisationId: number): number {
  return db
    .select({ userId: organisationMembers.userId })
    .from(organisationMembers)
    .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.role, 'admin')))
    .all().length;
}

/**
 * Adds the account with this address directly, without an invitation (portal admins only, e.g. when setting up a
 * new Verein); an existing membership gets the new role.
 */
export function addOrganisationMember(db: Db, actor: Actor, organisationId: number, email: string, role: OrganisationRole): void {
  db.transaction((tx) => {
    if (!getOrganisation(tx, organisationId)) throw new NotFoundError();
    if (!isAdmin(actor)) throw new ForbiddenError();
    const member = tx.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase())).get();
    if (!member) throw new NoAccountError();
    tx.insert(organisationMembers)
      .values({ organisationId, userId: member.id, role })
      .onConflictDoUpdate({ target: [organisationMembers.organisationId, organisationMembers.userId], set: { role } })
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'organisation.member.add',
      entityType: 'organisation',
      entityId: organisationId,
      details: { userId: member.id, role },
    });
  });
}

/** Changes a member's role; the last admin cannot be demoted, so an organisation never loses its admins. */
export function setOrganisationMemberRole(db: Db, actor: Actor, organisationId: number, userId: number, role: OrganisationRole): void {
  db.transaction((tx) => {
    organisationManagedBy(tx, actor, organisationId);
    const current = memberRole(tx, userId, organisationId);
    if (!current || current === role) return;
    if (current === 'admin' && countAdmins(tx, organisationId) <= 1) throw new LastAdminError();
    tx.update(organisationMembers)
      .set({ role })
      .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)))
      .run();
    recordAudit(tx, {
      actorUserId: actor.id,
      action: 'organisation.member.role',
      entityType: 'organisation',
      entityId: organisationId,
      details: { userId, from: current, to: role },
    });
  });
}

export function removeOrganisationMember(db: Db, actor: Actor, organisationId: number, userId: number): void {
  db.transaction((tx) => {
    organisationManagedBy(tx, actor, organisationId);
    const current = memberRole(tx, userId, organisationId);
    if (!current) return;
    if (current === 'admin' && countAdmins(tx, organisationId) <= 1) throw new LastAdminError();
    tx.delete(organisationMembers)
      .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, userId)))
      .run();
    // The person who left knew the booking feed's address: the others get a new one.
    rotateOrganisationFeeds(tx, [organisationId]);
    recordAudit(tx, { actorUserId: actor.id, action: 'organisation.member.remove', entityType: 'organisation', entityId: organisationId, details: { userId } });
  });
}

/** What removing a member changes, for its confirmation step. */
export interface MemberRemovalImpact {
  /** Coming bookings (requested or confirmed) the person asked for: they stay the organisation's. */
  openBookings: number;
}

export function describeMemberRemoval(db: Db, organisationId: number, userId: number, now: Date = new Date()): MemberRemovalImpact {
  const open = db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.organisationId, organisationId),
        eq(bookings.requestedBy, userId),
        gt(bookings.startsAt, now),
        or(eq(bookings.status, 'requested'), eq(bookings.status, 'confirmed')),
      ),
    )
    .all();
  return { openBookings: open.length };
}

export interface PendingInvitation {
  id: number;
  email: string;
  role: OrganisationRole;
  expiresAt: Date;
  createdAt: Date;
}

export function listPendingInvitations(db: Db, organisationId: number, now: Date = new Date()): PendingInvitation[] {
  return db
    .select({
      id: organisationInvitations.id,
      email: organisationInvitations.email,
      role: organisationInvitations.role,
      expiresAt: organisationInvitations.expiresAt,
      createdAt: organisationInvitations.createdAt,
    })
    .from(organisationInvitations)
    .where(
      and(eq(organisationInvitations.organisationId, organisationId), isNull(organisationInvitations.acceptedAt), gt(organisationInvitations.expiresAt, now)),
    )
    .orderBy(asc(organisationInvitations.email))
    .all();
}

/**
 * Invites an address by mail; a repeated invitation replaces the open one for that address. `locale` is the
 * language the inviter uses: the mail goes out in it unless the address belongs to an account (then in its language).
 */
export function inviteToOrganisation(
  db: Db,
  inviter: Actor & { displayName: string },
  organisationId: number,
  invitation: { email: string; role: OrganisationRole; locale: Locale },
  now: Date = new Date(),
): void {
  const { role } = invitation;
  const address = invitation.email.trim().toLowerCase();
  db.transaction((tx) => {
    const org = organisationManagedBy(tx, inviter, organisationId);
    const existing = tx.select({ id: users.id }).from(users).where(eq(users.email, address)).get();
    if (existing) {
      const member = tx
        .select({ userId: organisationMembers.userId })
        .from(organisationMembers)
        .where(and(eq(organisationMembers.organisationId, organisationId), eq(organisationMembers.userId, existing.id)))
        .get();
      if (member) throw new AlreadyMemberError();
    }
    tx.delete(organisationInvitations)
      .where(
        and(eq(organisationInvitations.organisationId, organisationId), eq(organisationInvitations.email, address), isNull(organisationInvitations.acceptedAt)),
      )
      .run();
    const token = generateSecureRandomString() + generateSecureRandomString();
    tx.insert(organisationInvitations)
      .values({
        organisationId,
        email: address,
        role,
        locale: invitation.locale,
        tokenHash: hashToken(token),
        invitedBy: inviter.id,
        expiresAt: toBerlin(now).plus({ days: INVITATION_LIFETIME_DAYS }).toJSDate(),
        createdAt: now,
      })
      .run();
    const locale = recipientLocale(tx, { email: address, recordLocale: invitation.locale });
    const params = { organisation: org.name, inviter: inviter.displayName, site: getConfig().siteName };
    enqueueComposedMail(
      tx,
      {
        to: address,
        locale,
        kind: 'organisation-invitation',
        subject: translate(locale, 'mail.invite.subject', params),
        paragraphs: [translate(locale, 'mail.invite.body', params), translate(locale, 'mail.invite.body2', params)],
        action: { label: translate(locale, 'mail.invite.action'), url: `/konto/einladung?token=${token}` },
        reason: translate(locale, 'mail.invite.reason'),
      },
      now,
    );
    recordAudit(tx, {
      actorUserId: inviter.id,
      action: 'organisation.invite',
      entityType: 'organisation',
      entityId: organisationId,
      quartierId: org.quartierId,
      details: { email: address, role },
    });
  });
}

export function revokeInvitation(db: Db, actor: Actor, organisationId: number, invitationId: number): void {
  db.transaction((tx) => {
    organisationManagedBy(tx, actor, organisationId);
    const deleted = tx
      .delete(organisationInvitations)
      .where(
        and(
          eq(organisationInvitations.id, invitationId),
          eq(organisationInvitations.organisationId, organisationId),
          isNull(organisationInvitations.acceptedAt),
        ),
      )
      .run().changes;
    if (deleted)
      recordAudit(tx, {
        actorUserId: actor.id,
        action: 'organisation.invite.revoke',
        entityType: 'organisation',
        entityId: organisationId,
        details: { invitationId },
      });
  });
}

export interface InvitationView {
  id: number;
  organisationId: number;
  organisationName: string;
  email: string;
  role: OrganisationRole;
}

export function findInvitation(db: Db, token: string, now: Date = new Date()): InvitationView | null {
  if (!token || token.length > 200) return null;
  return (
    db
      .select({
        id: organisationInvitations.id,
        organisationId: organisationInvitations.organisationId,
        organisationName: organisations.name,
        email: organisationInvitations.email,
        role: organisationInvitations.role,
      })
      .from(organisationInvitations)
      .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
      .where(
        and(eq(organisationInvitations.tokenHash, hashToken(token)), isNull(organisationInvitations.acceptedAt), gt(organisationInvitations.expiresAt, now)),
      )
      .get() ?? null
  );
}

/** Whether the invitation is for this person: only the invited address may accept it (a link can be forwarded). */
export function isInvitedAddress(invitation: Pick<InvitationView, 'email'>, email: string): boolean {
  return invitation.email === email.trim().toLowerCase();
}

/**
 * The logged-in person joins with the invitation's role (an existing membership keeps the higher role), when the
 * invitation went to their address.
 */
export function acceptInvitation(db: Db, userId: number, token: string, now: Date = new Date()): InvitationView {
  return db.transaction((tx) => {
    const invitation = findInvitation(tx, token, now);
    if (!invitation) throw new InvitationInvalidError();
    const user = tx.select({ email: users.email }).from(users).where(eq(users.id, userId)).get();
    if (!user) throw new InvitationInvalidError();
    if (!isInvitedAddress(invitation, user.email)) throw new InvitationForOtherAddressError(invitation.email, user.email);
    const current = memberRole(tx, userId, invitation.organisationId);
    if (!current) {
      tx.insert(organisationMembers).values({ organisationId: invitation.organisationId, userId, role: invitation.role, createdAt: now }).run();
    } else if (current === 'member' && invitation.role === 'admin') {
      tx.update(organisationMembers)
        .set({ role: 'admin' })
        .where(and(eq(organisationMembers.organisationId, invitation.organisationId), eq(organisationMembers.userId, userId)))
        .run();
    }
    tx.update(organisationInvitations).set({ acceptedAt: now }).where(eq(organisationInvitations.id, invitation.id)).run();
    recordAudit(tx, {
      actorUserId: userId,
      action: 'organisation.invite.accept',
      entityType: 'organisation',
      entityId: invitation.organisationId,
      details: { role: invitation.role },
    });
    return invitation;
  });
}

/** Deletes invitations that ran out or were accepted more than a month ago (they hold e-mail addresses). */
export function purgeExpiredInvitations(db: Db, now: Date = new Date()): number {
  const monthAgo = toBerlin(now).minus({ months: 1 }).toJSDate();
  return db
    .delete(organisationInvitations)
    .where(or(lt(organisationInvitations.expiresAt, now), and(isNotNull(organisationInvitations.acceptedAt), lt(organisationInvitations.acceptedAt, monthAgo))))
    .run().changes;
}
