/** The member-management Action results a page shows: one place so admin and organisation pages agree. */
import { actions } from 'astro:actions';
import type { Translate } from '../../i18n';
import { formState, type FormState } from './form-state';

interface AstroLike {
  request: Request;
  getActionResult: (action: never) => { error?: unknown; data?: unknown } | undefined;
}

export interface MemberResults {
  succeeded: boolean;
  inviteState: FormState;
  memberState: FormState;
  addState: FormState;
}

export async function memberResults(astro: AstroLike, t: Translate): Promise<MemberResults> {
  const get = (action: unknown) => astro.getActionResult(action as never);
  const invite = get(actions.organisations.invite);
  const member = get(actions.organisations.setMemberRole) ?? get(actions.organisations.removeMember) ?? get(actions.organisations.revokeInvitation);
  const add = get(actions.organisations.addMember);
  return {
    succeeded: [invite, member, add].some((r) => r && !r.error),
    inviteState: await formState(astro.request, invite, t),
    memberState: await formState(astro.request, member, t),
    addState: await formState(astro.request, add, t),
  };
}
