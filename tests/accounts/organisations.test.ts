import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DbConnection } from '../../db/client';
import { outbox, users } from '../../db/schema';
import { freshDb } from '../helpers/db';
import { organisationRole } from '../../src/lib/server/auth/permissions';
import {
  acceptInvitation,
  addOrganisationMember,
  createOrganisation,
  InvitationInvalidError,
  inviteToOrganisation,
  LastAdminError,
  removeOrganisationMember,
  setOrganisationMemberRole,
} from '../../src/lib/server/organisations';

let db: DbConnection;
beforeEach(() => {
  db = freshDb().db;
});
afterEach(() => db.$client.close());

function user(email: string): number {
  return db.insert(users).values({ email, passwordHash: 'x', displayName: email.split('@')[0]!, emailVerifiedAt: new Date() }).returning().get().id;
}

describe('organisation members', () => {
  it('joins by invitation link once, with the invited role', () => {
    const admin = user('chefin@example.org');
    const guest = user('gast@example.org');
    const org = createOrganisation(db, admin, { name: 'Bürgerverein Test', kind: 'buergerverein', quartierId: null, email: null, phone: null, website: null });
    addOrganisationMember(db, admin, org.id, admin, 'admin');
    inviteToOrganisation(db, { id: admin, displayName: 'Chefin' }, org.id, 'Gast@Example.org', 'member');
    const mail = db.select().from(outbox).where(eq(outbox.toAddress, 'gast@example.org')).get()!;
    expect(mail.subject).toBe('Einladung: Bürgerverein Test');
    const token = /einladung\?token=([a-z0-9]+)/.exec(mail.textBody)![1]!;
    acceptInvitation(db, guest, token);
    expect(organisationRole(db, guest, org.id)).toBe('member');
    expect(() => acceptInvitation(db, guest, token)).toThrow(InvitationInvalidError);
  });

  it('never leaves an organisation without an admin', () => {
    const admin = user('chefin@example.org');
    const other = user('kassierer@example.org');
    const org = createOrganisation(db, admin, { name: 'Kirchengemeinde Test', kind: 'kirchengemeinde', quartierId: null, email: null, phone: null, website: null });
    addOrganisationMember(db, admin, org.id, admin, 'admin');
    addOrganisationMember(db, admin, org.id, other, 'member');
    expect(() => setOrganisationMemberRole(db, admin, org.id, admin, 'member')).toThrow(LastAdminError);
    expect(() => removeOrganisationMember(db, admin, org.id, admin)).toThrow(LastAdminError);
    setOrganisationMemberRole(db, admin, org.id, other, 'admin');
    removeOrganisationMember(db, other, org.id, admin);
    expect(organisationRole(db, admin, org.id)).toBeNull();
    expect(organisationRole(db, other, org.id)).toBe('admin');
  });
});
