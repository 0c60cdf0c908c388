import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { organisationMembers, organisations } from '../../../../db/schema';
import { currentFeedToken } from '../feeds/feed-tokens';

export interface MemberOrganisation {
  id: number;
  name: string;
  role: 'member' | 'admin';
  /** The secret of the organisation's booking feed address, to show it (null: none, or one that cannot be shown). */
  calendarToken: string | null;
}

/** The organisations the user belongs to, with the user's role in each. */
export function listMemberOrganisations(db: Db, userId: number): MemberOrganisation[] {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      role: organisationMembers.role,
      tokenHash: organisations.calendarTokenHash,
      tokenVersion: organisations.calendarTokenVersion,
    })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, userId))
    .orderBy(asc(organisations.name))
    .all()
    .map(({ tokenHash, tokenVersion, ...o }) => ({ ...o, calendarToken: currentFeedToken('organisation', o.id, tokenVersion, tokenHash) }));
}
