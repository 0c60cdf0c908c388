import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { outbox, users } from '../../db/schema';
import { freshDb } from '../helpers/db';
import { canManageOrganisation, organisationRole, type Actor } from '../../src/lib/server/auth/permissions';
import { ForbiddenError, NotFoundError } from '../../src/lib/server/errors';
import {
  acceptInvitation,
  addOrganisationMember,
  AlreadyMemberError,
  createOrganisation,
  InvitationInvalidError,
  inviteToOrganisation,
  LastAdminError,
  listPendingInvitations,
  NoAccountError,
  removeOrganisationMember,
  revokeInvitation,
  setOrganisationMemberRole,
} from '../../src/lib/server/organisations';

let db: DbConnection;
beforeEach(() => {
  db = freshDb().db;
});
afterEach(() => db.$client.close());

function user(email: string, role: Actor['role'] = 'member'): Actor & { displayName: string } {
  return db
    .insert(users)
    .values({ email, role, passwordHash: 'x', displayName: email.split('@')[0]!, emailVerifiedAt: new Date() })
    .returning({ id: users.id, role: users.role, displayName: users.displayName })
    .get();
}

/** A portal admin who sets an organisation up with its first admin, as the Koordinationsstelle does. */
function organisationWithAdmin(name: string, adminEmail: string) {
  const portal = user(`portal-${name.length}@example.org`, 'admin');
  const org = createOrganisation(db, portal.id, { name, kind: 'buergerverein', quartierId: null, email: null, phone: null, website: null });
  addOrganisationMember(db, portal, org.id, adminEmail, 'admin');
  return { org, portal };
}

describe('organisation members', () => {
  it('joins by invitation link once, with the invited role', () => {
    const admin = user('chefin@example.org');
    const guest = user('gast@example.org');
    const { org } = organisationWithAdmin('Bürgerverein Test', 'chefin@example.org');
    inviteToOrganisation(db, admin, org.id, { email: 'Gast@Example.org', role: 'member', locale: 'de' });
    const mail = db.select().from(outbox).where(eq(outbox.toAddress, 'gast@example.org')).get()!;
    expect(mail.subject).toBe('Einladung: Bürgerverein Test');
    const token = /einladung\?token=([a-z0-9]+)/.exec(mail.textBody)![1]!;
    acceptInvitation(db, guest.id, token);
    expect(organisationRole(db, guest.id, org.id)).toBe('member');
    expect(() => acceptInvitation(db, guest.id, token)).toThrow(InvitationInvalidError);
    expect(() => inviteToOrganisation(db, admin, org.id, { email: 'gast@example.org', role: 'admin', locale: 'de' })).toThrow(AlreadyMemberError);
  });

  it('never leaves an organisation without an admin', () => {
    const admin = user('chefin@example.org');
    const other = user('kassierer@example.org');
    const { org, portal } = organisationWithAdmin('Kirchengemeinde Test', 'chefin@example.org');
    addOrganisationMember(db, portal, org.id, 'kassierer@example.org', 'member');
    expect(() => setOrganisationMemberRole(db, admin, org.id, admin.id, 'member')).toThrow(LastAdminError);
    expect(() => removeOrganisationMember(db, admin, org.id, admin.id)).toThrow(LastAdminError);
    setOrganisationMemberRole(db, admin, org.id, other.id, 'admin');
    removeOrganisationMember(db, other, org.id, admin.id);
    expect(organisationRole(db, admin.id, org.id)).toBeNull();
    expect(organisationRole(db, other.id, org.id)).toBe('admin');
  });

  it('lets only the organisation’s admins and portal admins manage its members and invitations', () => {
    const admin = user('chefin@example.org');
    const member = user('mitglied@example.org');
    const stranger = user('fremd@example.org');
    const staff = user('quartier@example.org', 'staff');
    const { org, portal } = organisationWithAdmin('Initiative Test', 'chefin@example.org');
    addOrganisationMember(db, portal, org.id, 'mitglied@example.org', 'member');
    expect([admin, portal, member, stranger, staff].map((actor) => canManageOrganisation(db, actor, org.id))).toEqual([true, true, false, false, false]);

    for (const actor of [member, stranger, staff]) {
      expect(() => inviteToOrganisation(db, actor, org.id, { email: 'neu@example.org', role: 'admin', locale: 'de' })).toThrow(ForbiddenError);
      expect(() => setOrganisationMemberRole(db, actor, org.id, member.id, 'admin')).toThrow(ForbiddenError);
      expect(() => removeOrganisationMember(db, actor, org.id, admin.id)).toThrow(ForbiddenError);
      expect(() => addOrganisationMember(db, actor, org.id, 'fremd@example.org', 'admin')).toThrow(ForbiddenError);
    }
    // An organisation's own admin invites, but adding an account without invitation is for portal admins only.
    expect(() => addOrganisationMember(db, admin, org.id, 'fremd@example.org', 'member')).toThrow(ForbiddenError);
    expect(organisationRole(db, member.id, org.id)).toBe('member');
    expect(organisationRole(db, stranger.id, org.id)).toBeNull();
    expect(
      db
        .select()
        .from(outbox)
        .all()
        .filter((m) => m.toAddress === 'neu@example.org'),
    ).toEqual([]);

    inviteToOrganisation(db, portal, org.id, { email: 'neu@example.org', role: 'member', locale: 'de' });
    const [invitation] = listPendingInvitations(db, org.id);
    expect(() => revokeInvitation(db, member, org.id, invitation!.id)).toThrow(ForbiddenError);
    expect(listPendingInvitations(db, org.id)).toHaveLength(1);
    revokeInvitation(db, admin, org.id, invitation!.id);
    expect(listPendingInvitations(db, org.id)).toEqual([]);
  });

  it('answers an unknown organisation with not found and an address without an account next to the field', () => {
    user('chefin@example.org');
    const { org, portal } = organisationWithAdmin('Verein Test', 'chefin@example.org');
    expect(() => inviteToOrganisation(db, portal, org.id + 100, { email: 'neu@example.org', role: 'member', locale: 'de' })).toThrow(NotFoundError);
    let refused: unknown;
    try {
      addOrganisationMember(db, portal, org.id, 'niemand@example.org', 'member');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(NoAccountError);
    expect((refused as NoAccountError).problems).toEqual([{ key: 'org.error.noAccount', field: 'email' }]);
  });
});
