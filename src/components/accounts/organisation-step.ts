/**
 * The shared start of an organisation's confirmation steps (remove or demote a member, withdraw an invitation):
 * a login first, the organisation from the URL, whether the user may manage it, the result of the step's form
 * (done: back with the notice), and the way back — only the two pages that list members (the organisation's own
 * page and the admin page) are ways back; anything else in `zurueck` is ignored.
 */
import type { AstroGlobal } from 'astro';
import type { Organisation } from '../../../db/schema';
import type { Db } from '../../../db/client';
import { canManageOrganisation } from '../../lib/server/auth/permissions';
import { getDb } from '../../lib/server/db';
import { getOrganisation } from '../../lib/server/organisations';
import { loginRedirect } from '../../lib/access';
import { withNotice, type NoticeKey } from '../../lib/notices';
import { readForm, type AnyAction, type FormState } from '../forms/form-state';

export interface OrganisationStep {
  db: Db;
  organisation: Organisation;
  /** Whether the user may manage the organisation; the page shows `Forbidden` otherwise. */
  allowed: boolean;
  back: string;
  /** The step's form: its problems and values after a refusal. */
  state: FormState;
}

/** Either the step to show, or the answer to give instead (login, back after success, 404). */
export async function organisationStep(
  astro: AstroGlobal,
  action: AnyAction,
  doneNotice: NoticeKey,
): Promise<{ step: OrganisationStep } | { answer: Response | Promise<Response> }> {
  const user = astro.locals.user;
  if (!user) return { answer: astro.redirect(loginRedirect(astro.url)) };
  const db = getDb();
  const id = Number(astro.params.id);
  const adminPage = `/verwaltung/admin/organisationen/${id}`;
  const back = astro.url.searchParams.get('zurueck') === adminPage ? adminPage : `/konto/organisationen/${id}`;
  const organisation = Number.isInteger(id) && id > 0 ? getOrganisation(db, id) : null;
  const allowed = !!organisation && canManageOrganisation(db, user, organisation.id);
  const { data, state } = await readForm(astro, action);
  if (data) return { answer: astro.redirect(withNotice(back, doneNotice), 303) };
  if (!organisation) return { answer: astro.rewrite('/404') };
  return { step: { db, organisation, allowed, back, state } };
}

/** The address of a confirmation step under an organisation member or invitation, leading back to `self`. */
export function organisationStepHref(organisationId: number, step: string, self: string): string {
  return `/konto/organisationen/${organisationId}/${step}?zurueck=${encodeURIComponent(self)}`;
}
