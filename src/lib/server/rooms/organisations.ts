import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { organisationMembers, organisations } from '../../../../db/schema';

export interface MemberOrganisation {
  id: number;
  name: string;
  role: 'member' | 'admin';
  calendarToken: string | null;
}

/** The organisations the user belongs to, with the user's role in each. */
export function listMemberOrganisations(db: Db, userId: number): MemberOrganisation[] {
  return db
    .select({ id: organisations.id, name: organisations.name, role: organisationMembers.role, calendarToken: organisations.calendarToken })
    .from(organisationMembers)
    .innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
    .where(eq(organisationMembers.userId, userId))
    .orderBy(asc(organisations.name))
    .all();
}
