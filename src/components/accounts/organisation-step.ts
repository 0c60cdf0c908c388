/**
 * The shared start of an organisation's confirmation steps (remove or demote a member, withdraw an invitation):
 * the organisation from the URL, whether the user may manage it, and the way back — only the two pages that list
 * members (the organisation's own page and the admin page) are ways back; anything else in `zurueck` is ignored.
 */
import type { AstroGlobal } from 'astro';
import type { Organisation } from '../../../db/schema';
import type { Actor } from '../../lib/server/auth/permissions';
import { canManageOrganisation } from '../../lib/server/auth/permissions';
import { getOrganisation } from '../../lib/server/organisations';
import type { Db } from '../../../db/client';

export interface OrganisationStep {
  organisation: Organisation | null;
  allowed: boolean;
  back: string;
}

export function organisationStep(astro: AstroGlobal, db: Db, user: Actor): OrganisationStep {
  const id = Number(astro.params.id);
  const adminPage = `/verwaltung/admin/organisationen/${id}`;
  const back = astro.url.searchParams.get('zurueck') === adminPage ? adminPage : `/konto/organisationen/${id}`;
  const organisation = Number.isInteger(id) && id > 0 ? getOrganisation(db, id) : null;
  return { organisation, allowed: !!organisation && canManageOrganisation(db, user, organisation.id), back };
}

/** The address of a confirmation step under an organisation member or invitation, leading back to `self`. */
export function organisationStepHref(organisationId: number, step: string, self: string): string {
  return `/konto/organisationen/${organisationId}/${step}?zurueck=${encodeURIComponent(self)}`;
}
